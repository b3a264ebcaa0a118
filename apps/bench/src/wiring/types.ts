import type { Agent } from 'node:http';

/** What every wiring gets: one local token server and one protected API, and the client's socket pool. */
export interface Env {
  readonly tokenUrl: string;
  /** `http://127.0.0.1:<port>` of the protected API. */
  readonly apiOrigin: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Token lifetime the server grants, in seconds (some libraries need it to pick a window). */
  readonly lifetimeS: number;
  /** Keep-alive agent for axios and node:http clients (bounded pool, same as fetch's). */
  readonly httpAgent: Agent;
}

/** One library wired the way its README recommends, reduced to what the benchmark calls. */
export interface Instance {
  /** GETs `path` on the API through the library; resolves with the final status, rejects on network errors. */
  request(path: string): Promise<number>;
  /** The library's cache-hit token lookup, where it has one. */
  getToken?: (() => Promise<unknown>) | undefined;
  /** The library's own count of calls that waited on a token request, where it keeps one. */
  waits?: (() => number) | undefined;
  dispose?: (() => void) | undefined;
}

/** A fetch-style client: what the user calls instead of `fetch`. */
export interface FetchClient {
  fetch(url: string): Promise<Response>;
  getToken?: (() => Promise<unknown>) | undefined;
  /** The library's own count of calls that waited on a token request, where it keeps one. */
  waits?: (() => number) | undefined;
  dispose?: (() => void) | undefined;
}

/** An axios instance set up with the library's interceptors, its `baseURL` the API origin. */
export interface AxiosClient {
  axios: import('axios').AxiosInstance;
  getToken?: (() => Promise<unknown>) | undefined;
  /** The library's own count of calls that waited on a token request, where it keeps one. */
  waits?: (() => number) | undefined;
  dispose?: (() => void) | undefined;
}

/** A ky 1 or ky 2 instance set up with the library's hooks, its `prefixUrl` (ky 2: `prefix`) the API origin. */
export interface KyClient {
  ky: import('ky').KyInstance | import('ky2').KyInstance;
  getToken?: (() => Promise<unknown>) | undefined;
  waits?: (() => number) | undefined;
  dispose?: (() => void) | undefined;
}
