// Types of ./adapterTests.js, the adapter suite written once for Node and every other runtime.

/** A request as the suite describes it; each driver turns it into its client's call. */
export interface SuiteRequest {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Send `body` as a stream, which the client cannot send twice. */
  readonly stream?: boolean;
  readonly signal?: AbortSignal;
}

/** An answer, whatever its status: drivers turn off their client's HTTP-error rejection. */
export interface SuiteResponse {
  readonly status: number;
  readonly body: string;
}

/** A client with the adapter installed. */
export interface SuiteClient {
  send(url: string, request?: SuiteRequest): Promise<SuiteResponse>;
}

type Transport = (
  request: { url: string; method: string; headers: Record<string, string>; body?: string },
  init: { signal: AbortSignal },
) => Promise<{ status: number; headers: Record<string, string>; body: string }>;

/** The parts of `@tok/core` the suite uses, passed in: test-utils cannot depend on core (core's tests use test-utils). */
export interface SuiteCore {
  clientCredentials(options: { tokenUrl: string; clientId: string; clientSecret: string }): object;
  createTokenSource(grant: object, options: { transport: never }): { getToken(): Promise<{ accessToken: string }>; dispose(): void };
  ConfigError: abstract new (...args: never[]) => Error;
  OAuthError: abstract new (...args: never[]) => Error;
  TransportError: abstract new (...args: never[]) => Error;
}

/** What the suite needs from one adapter. */
export interface AdapterDriver {
  readonly name: string;
  /**
   * A client using the adapter with `auth` (grant, token source or string) and `options`; `baseUrl`
   * is the client's base URL (axios `baseURL`, ky `prefixUrl`). A setup error may be thrown here or
   * by the first request.
   */
  client(auth: unknown, options: Readonly<Record<string, unknown>>, baseUrl?: string): SuiteClient;
  /** Whether the client has a base URL whose origin `origins` defaults to. */
  readonly hasBaseUrl: boolean;
  /** Whether the client can send a stream body here (a browser cannot over HTTP/1.1). Default true. */
  readonly streams?: boolean;
  /** The adapter's transport (`fetchTransport(fetch)`, …). */
  transport(): unknown;
  /** A transport built on a client that has the adapter installed with `auth` for every origin, if the adapter has one. */
  transportOnClient?(auth: unknown): unknown;
  /** Whether `error` is how the client reports a request aborted by its caller. */
  isAbort(error: unknown): boolean;
}

/** A request record of the token server, the API or the echo server (lower-case header names). */
export interface SuiteRecord {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** API only: the bearer token sent, and the status answered. */
  readonly token?: string | null;
  readonly status?: number;
}

/** What the servers received since the test began. */
export interface SuiteState {
  readonly token: { readonly count: number; readonly requests: readonly SuiteRecord[]; readonly issued: readonly { readonly accessToken: string }[] };
  readonly api: { readonly requests: readonly SuiteRecord[] };
  readonly echo: { readonly requests: readonly SuiteRecord[] };
}

/** What each test gets from its shim: the servers' addresses (origins without a trailing slash), their records and levers. */
export interface SuiteContext {
  readonly tokenUrl: string;
  readonly tokenOrigin: string;
  readonly apiOrigin: string;
  readonly echoOrigin: string;
  readonly echoUrl: string;
  /** An API that answers every request 401 `invalid_token`. */
  readonly refusingOrigin: string;
  /** A token URL where nothing listens. */
  readonly downTokenUrl: string;
  /** A client the token server knows. */
  readonly client: { readonly clientId: string; readonly clientSecret: string };
  state(): Promise<SuiteState>;
  /** Queues token server behaviours (see `TokenBehaviour`). */
  behave(...behaviours: readonly object[]): Promise<unknown>;
  /** Makes `token` expired for the API. */
  expire(token: string | undefined): Promise<unknown>;
  /** Makes every token issued so far expired for the API. */
  expireAll(): Promise<unknown>;
  /** Runs `cleanup` after the test. */
  defer(cleanup: () => unknown): void;
}

export interface SuiteTest {
  readonly name: string;
  fn(context: SuiteContext): Promise<void>;
}

/** The adapter tests for one client: the same list in every runtime. */
export function adapterTests(core: SuiteCore, driver: AdapterDriver): SuiteTest[];
