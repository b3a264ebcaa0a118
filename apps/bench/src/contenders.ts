import { isAxiosError } from 'axios';
import type { AxiosClient, Env, FetchClient, Instance, KyClient } from './wiring/types.js';

export type ClientKind = 'fetch' | 'axios' | 'ky' | 'ky2';
type Client = FetchClient | AxiosClient | KyClient;

/** A library under test, wired in `src/wiring/<id>.ts` the way its README recommends. */
export interface Contender {
  readonly id: string;
  readonly name: string;
  /** The HTTP client that sends API requests; the baseline uses the same one. */
  readonly client: ClientKind;
  readonly tok: boolean;
  /** Implements token request and response handling itself (not glue around a getter). */
  readonly fullFeatured: boolean;
  /** How it is wired, for the notes under the table. */
  readonly notes: string;
  /** Left out of the size bundle: the HTTP client. */
  readonly external: readonly string[];
  readonly platform: 'neutral' | 'node';
}

export const contenders: readonly Contender[] = [
  {
    id: 'tok-fetch',
    name: 'tok (@tok/core + @tok/fetch)',
    client: 'fetch',
    tok: true,
    fullFeatured: true,
    notes: '`withToken(fetch, source, { origins })`, the source from `createTokenSource(clientCredentials(…), { transport: fetchTransport(fetch) })` (what `withToken` makes from a grant; made here to read its `stats()`).',
    external: [],
    platform: 'neutral',
  },
  {
    id: 'tok-axios',
    name: 'tok (@tok/core + @tok/axios)',
    client: 'axios',
    tok: true,
    fullFeatured: true,
    notes: '`useToken(axios.create({ baseURL }), source)`, the source from `createTokenSource(clientCredentials(…), { transport: axiosTransport(instance) })`.',
    external: ['axios'],
    platform: 'neutral',
  },
  {
    id: 'tok-ky',
    name: 'tok (@tok/core + @tok/ky)',
    client: 'ky',
    tok: true,
    fullFeatured: true,
    notes: '`ky.create({ prefixUrl, hooks: tokenHooks(source) })`, the source from `createTokenSource(clientCredentials(…), { transport: kyTransport(ky) })`. tok sends the request itself from ky\'s `beforeRequest` hook (ky 1) or an `init` hook\'s fetch (ky 2), so ky clones no response for it; outside browsers it sends with `redirect: \'manual\'` so that tok decides every redirect hop.',
    external: ['ky'],
    platform: 'neutral',
  },
  {
    id: 'tok-ky2',
    name: 'tok (@tok/core + @tok/ky on ky 2)',
    client: 'ky2',
    tok: true,
    fullFeatured: true,
    notes: 'The same wiring on ky 2 (`prefix` instead of `prefixUrl`): tok sends the request from an `init` hook\'s fetch, the one place ky 2 lets a hook send; its baseline is ky 2 with a fixed header.',
    external: ['ky2'],
    platform: 'neutral',
  },
  {
    id: 'badgateway',
    name: '@badgateway/oauth2-client',
    client: 'fetch',
    tok: false,
    fullFeatured: true,
    notes: '`OAuth2Fetch` with `getNewToken: () => client.clientCredentials()` (README "Fetch Wrapper").',
    // A lazy `import('crypto')` fallback for runtimes without WebCrypto, never reached on this path.
    external: ['crypto'],
    platform: 'neutral',
  },
  {
    id: 'oauth4webapi',
    name: 'oauth4webapi + minimal cache',
    client: 'fetch',
    tok: false,
    fullFeatured: true,
    notes:
      '`clientCredentialsGrantRequest` + `processClientCredentialsResponse`, `protectedResourceRequest` (README example). The library keeps no token: the benchmark adds the minimal cache its docs imply (reuse until `expires_in` runs out; no de-duplication, no refresh ahead, no 401 retry).',
    external: [],
    platform: 'neutral',
  },
  {
    id: 'openid-client',
    name: 'openid-client + minimal cache',
    client: 'fetch',
    tok: false,
    fullFeatured: true,
    notes:
      '`clientCredentialsGrant(config)`, `fetchProtectedResource` (README). The library keeps no token: the benchmark adds the minimal cache its docs imply (reuse until `expiresIn()` runs out; no de-duplication, no refresh ahead, no 401 retry).',
    external: [],
    platform: 'neutral',
  },
  {
    id: 'simple-oauth2',
    name: 'simple-oauth2',
    client: 'fetch',
    tok: false,
    fullFeatured: true,
    notes:
      '`ClientCredentials#getToken()`, replaced when `accessToken.expired(window)` (README; its 300 s window for hour-long tokens scaled to 1/12 of the lifetime). Token requests go through its own @hapi/wreck (external in the size bundle), API requests through fetch. Node only.',
    external: ['@hapi/wreck'],
    platform: 'node',
  },
  {
    id: 'axios-oauth-client',
    name: 'axios-oauth-client + axios-token-interceptor',
    client: 'axios',
    tok: false,
    fullFeatured: false,
    notes: "axios-oauth-client's `clientCredentials(axios, …)` inside axios-token-interceptor's `tokenCache` (`getMaxAge` from `expires_in`) and interceptor (READMEs). No refresh ahead, no retry, no 401 handling, no origin scoping.",
    external: ['axios'],
    platform: 'neutral',
  },
  {
    id: 'axios-auth-refresh',
    name: 'axios-auth-refresh',
    client: 'axios',
    tok: false,
    fullFeatured: false,
    notes:
      'A request interceptor sends the stored token; `createAuthRefresh` fetches a client-credentials token on a 401 and retries (README). It never looks at `expires_in`: every new token is found out by a 401. With `deduplicateRefresh` (the default) a 401 that comes back while a refresh runs is passed to the caller, not retried.',
    external: ['axios'],
    platform: 'neutral',
  },
];

/**
 * Variants measured only for the cache-hit cost, beside the row they vary: tok with
 * instrumentation installed must cost what tok without it costs.
 */
export const cacheHitVariants: readonly Contender[] = [
  {
    id: 'tok-fetch-instrumented',
    name: 'tok (@tok/core + @tok/fetch) with instrument() (@tok/opentelemetry)',
    client: 'fetch',
    tok: true,
    fullFeatured: true,
    notes: 'The tok-fetch wiring with `instrument(source, { meterProvider, tracerProvider })` and the real OpenTelemetry SDK (a meter provider with a periodic reader, a basic tracer provider).',
    external: [],
    platform: 'node',
  },
];

export type Load = (env: Env) => Instance;

/** Imports a contender's wiring; rejects with the import error if the library cannot load. */
export async function load(contender: Contender): Promise<Load> {
  const module = (await import(`./wiring/${contender.id}.js`)) as { createClient(env: Env): Client };
  return (env) => adapt(module.createClient(env), env);
}

/** The fixed-header baseline for a kind of client. */
export async function loadBaseline(kind: ClientKind): Promise<(env: Env, accessToken: string) => Instance> {
  const module = (await import(`./wiring/baseline-${kind}.js`)) as { createClient(env: Env, accessToken: string): Client };
  return (env, accessToken) => adapt(module.createClient(env, accessToken), env);
}

// Every contender and its baseline are driven through the same adapter: one GET, body read.
function adapt(client: Client, env: Env): Instance {
  const { getToken, waits, dispose } = client;
  if ('fetch' in client) {
    return {
      async request(path) {
        const response = await client.fetch(env.apiOrigin + path);
        await response.arrayBuffer();
        return response.status;
      },
      getToken,
      waits,
      dispose,
    };
  }
  if ('ky' in client) {
    return {
      async request(path) {
        try {
          const response = await client.ky.get(path.slice(1));
          await response.arrayBuffer();
          return response.status;
        } catch (error) {
          // ky 1 and ky 2 each throw their own HTTPError class for an answer that is not ok.
          const { response } = error as { response?: unknown };
          if (response instanceof Response) return response.status;
          throw error;
        }
      },
      getToken,
      waits,
      dispose,
    };
  }
  return {
    async request(path) {
      try {
        return (await client.axios.get(path)).status;
      } catch (error) {
        if (isAxiosError(error) && error.response) return error.response.status;
        throw error;
      }
    },
    getToken,
    waits,
    dispose,
  };
}
