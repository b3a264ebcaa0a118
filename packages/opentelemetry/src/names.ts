// The names tok reports under. OpenTelemetry's semantic conventions where they have one
// (https://opentelemetry.io/docs/specs/semconv/), `tok.*` where they do not; the README's tables
// document each.

/** Metric names. */
export const Metric = {
  /** Counter `{request}`: token requests sent, by outcome. */
  Requests: 'tok.token.requests',
  /** Histogram `s`: how long each token request took. */
  RequestDuration: 'tok.token.request.duration',
  /** Counter `{failure}`: the source failed to get a token, by error code. */
  Failures: 'tok.token.failures',
  /** Counter `{token}`: tokens obtained, from the endpoint or a shared store. */
  Obtained: 'tok.token.obtained',
  /** Observable counter `{call}`: getToken() calls answered from the cache. */
  CacheHits: 'tok.token.cache_hits',
  /** Observable counter `{call}`: getToken() calls that waited for a token request. */
  Waits: 'tok.token.waits',
  /** Observable gauge `s`: seconds until the current token expires. */
  ExpiresIn: 'tok.token.expires_in',
  /** Counter `{fallback}`: the shared store failed and the source went on without it. */
  StoreFallbacks: 'tok.store.fallbacks',
} as const;

/** Attribute names: semantic conventions first, then tok's own. */
export const Attr = {
  HttpMethod: 'http.request.method',
  HttpStatus: 'http.response.status_code',
  ResendCount: 'http.request.resend_count',
  ServerAddress: 'server.address',
  ServerPort: 'server.port',
  UrlFull: 'url.full',
  ErrorType: 'error.type',
  /** `success` or `failure`. */
  Outcome: 'tok.outcome',
  /** Where the client credentials went: `basic`, `form`, …, `private_key_jwt`. */
  Placement: 'tok.placement',
  /** 1 for the first attempt at a token, 2 for the first retry, … */
  Attempt: 'tok.attempt',
  /** `endpoint` or `store`. */
  TokenFrom: 'tok.token.from',
  /** `true` when a still-valid token kept being served while a refresh failed. */
  Background: 'tok.background',
  /** The OAuth `error` of a refusal (`invalid_client`, `invalid_scope`, …). */
  OAuthError: 'tok.oauth.error',
  /** `get`, `set` or `lock`. */
  StoreOperation: 'tok.store.operation',
} as const;

// OpenTelemetry's advice for HTTP client durations (seconds).
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
