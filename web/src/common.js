// What the pages share: a small DOM builder and the GraphQL client, which keeps
// `document.body.dataset.busy` at '1' while a request is out (the browser tests wait on it).
export const $ = (id) => document.getElementById(id);

export const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v != null && v !== false) e.setAttribute(k, v);
  }
  e.append(...children.flat().filter((c) => c != null && c !== false));
  return e;
};

let busy = 0;
export const setBusy = (d) => {
  busy += d;
  document.body.dataset.busy = busy > 0 ? '1' : '0';
};

// The URL holds a page's view. A view written to it is busy from the write until its render
// ends: the hashchange event comes a task later, and until then the old view would look
// settled to whoever waits on busy.
let written = 0;
export function writeLocationHash(hash) {
  if (hash === location.hash) return;
  written++;
  setBusy(+1);
  location.hash = hash;
}

// Renders on every change of the URL's hash, one render at a time; returns the function
// that queues a render.
export function renderOnHashChange(render) {
  let rendering = Promise.resolve();
  const rerender = () => { rendering = rendering.then(render); return rendering; };
  window.addEventListener('hashchange', () => {
    const ours = written > 0;
    if (ours) written--;
    rerender().finally(() => { if (ours) setBusy(-1); });
  });
  return rerender;
}

// A same-origin POST to /graphql; errors throw with the first one's code.
export async function gql(query, variables) {
  setBusy(+1);
  try {
    const res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = await res.json().catch(() => ({ errors: [{ message: `HTTP ${res.status}` }] }));
    if (body.errors?.length) {
      throw Object.assign(new Error(body.errors.map((e) => e.message).join('; ')), { code: body.errors[0].extensions?.code });
    }
    return body.data;
  } finally {
    setBusy(-1);
  }
}
