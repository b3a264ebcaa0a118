// The suite's view of the servers the Node runner started: their URLs and clients, what they
// received since the last reset, and levers (queue token server behaviours, expire tokens).

/** A client for the runner's control server at `origin`, calling it with `fetch`. */
export function controlClient(origin, fetch = globalThis.fetch) {
  const call = async (path, body) => {
    const init = body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
    const response = await fetch(new URL(path, origin), init);
    if (!response.ok) throw new Error(`control ${path} answered ${response.status}: ${await response.text()}`);
    return response.json();
  };
  return {
    /** `{ tokenUrl, tokenOrigin, api, apiOrigin, echo, echoOrigin, clients: { plain, special } }` */
    config: () => call('/config'),
    /** Clears the records of every server and the token server's queued behaviours. */
    reset: () => call('/reset', {}),
    /** `{ token: { count, requests, issued }, api: { requests }, echo: { requests } }` since the last reset. */
    state: () => call('/state'),
    /** Queues token server behaviours (see @tok/test-utils `TokenBehaviour`). */
    behave: (...behaviours) => call('/behave', behaviours),
    /** Makes `token` expired for the API. */
    expire: (token) => call('/expire', { token }),
    /** Makes every token issued so far expired for the API (it answers 401 invalid_token). */
    expireAll: () => call('/expire-all', {}),
  };
}
