import type { HttpRequest, TokenResponse, Transport } from '../../http/types.js';
/**
 * What the fake endpoint does with one request: answer, throw (a network failure), never answer
 * (`'hang'`, ignoring the signal as a careless transport would), or a promise the test settles.
 */
export type Answer = TokenResponse | Error | 'hang' | Promise<TokenResponse>;

export interface TransportCall {
  readonly request: HttpRequest;
  readonly signal: AbortSignal;
}

export interface FakeTransport {
  readonly transport: Transport;
  readonly calls: readonly TransportCall[];
  readonly count: number;
  /** The access tokens it has answered with, oldest first. */
  readonly issued: readonly string[];
  /** Answers for the next calls, one each, in order. */
  queue(...answers: Answer[]): void;
  /** The answer once the queue is empty. Default: a fresh token (`token-1`, `token-2`, …). */
  setDefault(answer: Answer | (() => Answer)): void;
}

let issued = 0;

/** A 200 token answer with a new access token each time unless `accessToken` is given. */
export function tokenAnswer(fields: { accessToken?: string; expiresIn?: number; scope?: string; refreshIn?: number } = {}): TokenResponse {
  const body: Record<string, unknown> = {
    access_token: fields.accessToken ?? `token-${++issued}`,
    token_type: 'Bearer',
    expires_in: fields.expiresIn ?? 3600,
  };
  if (fields.scope !== undefined) body.scope = fields.scope;
  if (fields.refreshIn !== undefined) body.refresh_in = fields.refreshIn;
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** A non-2xx answer: an OAuth error body when `error` is given, else plain text. */
export function failAnswer(status: number, options: { error?: string; headers?: Record<string, string> } = {}): TokenResponse {
  if (options.error !== undefined) {
    return { status, headers: { 'content-type': 'application/json', ...options.headers }, body: JSON.stringify({ error: options.error }) };
  }
  return { status, headers: { 'content-type': 'text/plain', ...options.headers }, body: 'temporarily unavailable' };
}

/** A promise the test settles by hand. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export function fakeTransport(...answers: Answer[]): FakeTransport {
  const calls: TransportCall[] = [];
  const issued: string[] = [];
  const record = (response: TokenResponse) => {
    try {
      const accessToken = (JSON.parse(response.body) as { access_token?: unknown }).access_token;
      if (typeof accessToken === 'string') issued.push(accessToken);
    } catch {
      // Not JSON: no token in it.
    }
    return response;
  };
  const queued: Answer[] = [...answers];
  let fallback: Answer | (() => Answer) = () => tokenAnswer();

  const transport: Transport = (request, { signal }) => {
    calls.push({ request, signal });
    const answer = queued.shift() ?? (typeof fallback === 'function' ? fallback() : fallback);
    if (answer === 'hang') return new Promise<never>(() => {});
    if (answer instanceof Error) return Promise.reject(answer);
    return Promise.resolve(answer).then(record);
  };

  return {
    transport,
    calls,
    issued,
    get count() {
      return calls.length;
    },
    queue: (...next) => void queued.push(...next),
    setDefault: (answer) => void (fallback = answer),
  };
}
