// The behaviour every tok adapter shares, through openapi-fetch's client.use(tokenMiddleware(…)).
import * as core from '@tok/core';
import { adapterSuite } from '@tok/test-utils/adapter-suite';
import createClient from 'openapi-fetch';
import { type TokenMiddlewareOptions, tokenMiddleware } from '../index.js';

type Call = (method: string, path: string, init: Record<string, unknown>) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

adapterSuite(core, {
  name: '@tok/openapi',
  hasBaseUrl: true,
  // openapi-fetch hands a middleware a Request, never the body it serialised, so the middleware
  // keeps every body (a clone) for the retry and "a stream body is not retried" does not apply;
  // what it does with a stream instead is tested in tokenMiddleware.test.ts.
  streams: false,
  client(auth, options, baseUrl) {
    const client = createClient(baseUrl === undefined ? {} : { baseUrl });
    client.use(tokenMiddleware(auth as core.Auth, options as TokenMiddlewareOptions));
    return {
      async send(url, { method = 'GET', headers, body, signal } = {}) {
        // The suite names absolute URLs, some on the base URL's origin and some deliberately not:
        // a path serializer that answers the URL sends the request there, as a call of this client
        // (the middleware still sees the client's base URL).
        const init = { headers, body, signal, parseAs: 'text', bodySerializer: (value: unknown) => value, params: { path: {} }, pathSerializer: () => url };
        const { data, error, response } = await (client.request as unknown as Call)(method.toLowerCase(), '/operation', init);
        return { status: response.status, body: typeof (data ?? error) === 'string' ? String(data ?? error) : JSON.stringify(error ?? '') };
      },
    };
  },
  transport: () => core.fetchTransport(fetch),
  isAbort: (error) => error instanceof DOMException && error.name === 'AbortError',
});
