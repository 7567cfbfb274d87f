// What the pages share: a small DOM builder, the GraphQL client and the view kept in the URL's
// hash. `document.body.dataset.busy` is '1' while a request is out or the URL's view is not yet
// drawn, '0' when the page shows what its URL says (the browser tests wait on it).
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

// The view a page keeps in its URL's hash: drawn at start and whenever the hash changes, one
// render at a time, until the hash last drawn is the URL's (a render that throws counts as
// drawn, and is reported). It settles on the URL itself, not on pairs of writes and events:
// a write may fire no hashchange ('#' on a URL without a fragment, a hash the browser
// percent-encodes into the current one), and two writes before the event fire two. Busy from
// the task that changes the URL: the page's own writes start the render themselves, and
// other navigations (links, back, the address bar, a test's goto) fire popstate in the task
// that changes the URL, where hashchange comes a task later. Returns the page's writer.
export function hashView(render) {
  let drawn = null; // the hash the last finished render read
  let running = false;
  const settle = async () => {
    if (running) return; // the running loop reads the URL again when its render ends
    running = true;
    setBusy(+1);
    try {
      await null; // render after the writer's handler returns, not inside it
      while (location.hash !== drawn) {
        const hash = location.hash;
        try {
          await render();
        } catch (err) {
          console.error('render failed:', err);
        }
        drawn = hash;
      }
    } finally {
      running = false;
      setBusy(-1);
    }
  };
  window.addEventListener('popstate', settle);
  window.addEventListener('hashchange', settle);
  settle();
  return (hash) => {
    location.hash = hash;
    settle();
  };
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
