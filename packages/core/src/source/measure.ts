// The measuring behind `token-request` events, in a module of its own: only code that listens for
// them imports it (`@tok/opentelemetry`), so a bundle whose sources nobody instruments carries none.
import { ErrorCode } from '../errors/codes.js';
import { TokError } from '../errors/TokError.js';
import type { HttpRequest, TokenResponse } from '../http/types.js';
import type { TokenEvent } from './events.js';
import type { TokenGrant } from './grant.js';

/** What {@link measureTokenRequests} gets of the token source it measures for. */
export interface MeasureContext {
  readonly grant: TokenGrant;
  readonly clock: () => number;
  /** Hands the event to the source's `token-request` listeners. */
  readonly emit: (event: TokenEvent) => void;
}

/** How a token source's token requests are measured; see {@link measureTokenRequests}. */
export type TokenRequestMeasure = (context: MeasureContext, request: HttpRequest, attempt: number, send: () => Promise<TokenResponse>) => Promise<TokenResponse>;

/**
 * Sends one token request through `send` and reports how it ended as a `token-request` event: the
 * endpoint without query or fragment, the placement, the attempt, when it started and how long it
 * took, the status or, without an answer, tok's error code. Never a header or the body.
 *
 * Give it to `subscribe` to receive those events; the source measures nothing without it.
 *
 * @see {@link TokenEvent}
 * @example
 * ```ts
 * source.subscribe((event) => {
 *   if (event.type === 'token-request') console.log(event.endpoint, event.status, event.durationMs);
 * }, { tokenRequests: measureTokenRequests });
 * ```
 */
export const measureTokenRequests: TokenRequestMeasure = (context, request, attempt, send) => {
  const startedAt = context.clock();
  const report = (status?: number, errorCode?: string) =>
    context.emit({
      type: 'token-request',
      endpoint: request.url.split(/[?#]/)[0] as string,
      placement: placementOf(context.grant, request),
      attempt,
      startedAt,
      durationMs: context.clock() - startedAt,
      outcome: status !== undefined && status > 199 && status < 300 ? 'success' : 'failure',
      status,
      errorCode,
    });
  return send().then(
    (response) => (report(response.status), response),
    (error: unknown) => {
      report(undefined, error instanceof TokError ? error.code : ErrorCode.Network);
      throw error;
    },
  );
};

// A grant's placement name; for auto(), which tries basic and then form, the one this request carries.
function placementOf(grant: TokenGrant, request: HttpRequest): string | undefined {
  const placement = (grant as { placement?: string | { method: string; negotiate?: unknown } }).placement;
  if (typeof placement !== 'object') return placement;
  return placement.negotiate ? (request.headers.authorization ? 'basic' : 'form') : placement.method;
}
