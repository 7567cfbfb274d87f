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
