// Small pieces the test files share. Web APIs only.

/**
 * A transport for @tok/core written with the runtime's own fetch, so that core is tested without
 * any adapter: the request as plain data in, the answer as plain data out.
 */
export function inlineTransport(fetch = globalThis.fetch) {
  return async (request, { signal }) => {
    const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body, signal, redirect: 'manual' });
    const headers = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    return { status: response.status, headers, body: await response.text() };
  };
}

/** Retries fast, so that a test of a retried failure takes milliseconds. */
export const fastRetry = { retries: 2, baseDelayMs: 5, maxDelayMs: 50 };

/** The tokens the token server issued since the last reset, as values. */
export const issuedTokens = (state) => state.token.issued.map((token) => token.accessToken);

/** GET `url` with the bearer token and read the API's JSON answer. */
export async function callApi(url, token, fetch = globalThis.fetch) {
  const headers = token === undefined ? {} : { authorization: `Bearer ${token}` };
  const response = await fetch(url, { headers });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
