// The shared adapter suite (./suite/adapterTests.js, the same tests every runtime runs) under vitest
// in Node: fresh servers on 127.0.0.1 for each test, their records and levers as the context. Kept
// apart from the index, which must not import vitest (benchmarks and the demo import the servers too).
import { afterEach, beforeEach, describe, it } from 'vitest';
import { createServer } from 'node:http';
import { type EchoServer, type Listening, serveOnLoopback, startEchoServer } from '@tok/testing';
import { type ApiServer, startApiServer, startTokenServer, type TokenServer } from './index.js';
import { adapterTests, type AdapterDriver, type SuiteContext, type SuiteCore } from './suite/adapterTests.js';

export type { AdapterDriver, SuiteClient, SuiteCore, SuiteRequest, SuiteResponse } from './suite/adapterTests.js';

const client = { clientId: 'test-client', clientSecret: 'test-secret' };

/**
 * Registers, with vitest, the behaviour every adapter shares: where the token goes (header,
 * origins, redirects, token endpoint), 401 recovery, failures, static tokens, shared sources, abort
 * and the transport. The runtime suite (packages/runtime-tests) runs the same tests elsewhere.
 *
 * @example
 * ```ts
 * import * as core from '@tok/core';
 * adapterSuite(core, { name: 'fetch', hasBaseUrl: false, client: (auth, options) => …, … });
 * ```
 */
export function adapterSuite(core: SuiteCore, driver: AdapterDriver): void {
  describe(`${driver.name}: shared adapter behaviour`, () => {
    let tokens: TokenServer;
    let api: ApiServer;
    let echo: EchoServer;
    let refusing: Listening;
    let downTokenUrl: string;
    let cleanups: Array<() => unknown>;

    beforeEach(async () => {
      cleanups = [];
      tokens = await startTokenServer();
      // Down: it hangs up on every connection. A port that was merely freed could be taken by the
      // next server started (seen: the refusing API's 401 instead of no answer).
      const down = await serveOnLoopback(createServer((req) => void req.socket.destroy()));
      cleanups.push(() => down.close());
      downTokenUrl = `${down.origin}/token`;
      [api, echo, refusing] = await Promise.all([
        startApiServer({ tokenServer: tokens }),
        startEchoServer(),
        serveOnLoopback(createServer((_req, res) => void res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"', 'content-type': 'text/plain' }).end('refused'))),
      ]);
    });
    afterEach(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
      await Promise.all([tokens.close(), api.close(), echo.close(), refusing.close()]);
    });

    const context = (): SuiteContext => ({
      tokenUrl: tokens.url,
      tokenOrigin: tokens.origin,
      apiOrigin: api.origin,
      echoOrigin: echo.origin,
      echoUrl: echo.url,
      refusingOrigin: refusing.origin,
      downTokenUrl,
      client,
      state: async () => ({ token: { count: tokens.count, requests: tokens.requests, issued: tokens.issued }, api: { requests: api.requests }, echo: { requests: echo.requests } }),
      behave: async (...behaviours) => tokens.behave(...(behaviours as Parameters<TokenServer['behave']>)),
      expire: async (token) => api.expire(token ?? ''),
      expireAll: async () => api.expireAll(),
      defer: (cleanup) => void cleanups.push(cleanup),
    });

    for (const { name, fn } of adapterTests(core, driver)) it(name.slice(driver.name.length + 2), () => fn(context()));
  });
}
