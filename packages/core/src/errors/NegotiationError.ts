import { type Placement, placements } from '../client-auth/placement.js';
import { OAuthError, withoutHint } from './OAuthError.js';
import type { TokError } from './TokError.js';

/** One placement `'auto'` tried, and how the server refused it. */
export interface PlacementAttempt {
  readonly placement: Placement;
  readonly error: TokError;
}

/**
 * Every placement `placement: 'auto'` tried was refused. It is the latest refusal that came with an
 * OAuth error body, as an {@link OAuthError} (so `e.error === 'invalid_client'` still matches; when
 * none did, such as HTML 401 pages, it is `invalid_client` with the last status), and `attempts`
 * holds each placement with its own error, whatever its kind; the message names them all.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 * @example
 * ```ts
 * if (e instanceof NegotiationError) for (const { placement, error } of e.attempts) console.log(placement, error.message);
 * ```
 */
export class NegotiationError extends OAuthError {
  override name = 'NegotiationError';
  readonly attempts: readonly PlacementAttempt[];

  constructor(last: OAuthError, attempts: readonly PlacementAttempt[]) {
    const { error, errorDescription, errorUri, status, retryAfterMs } = last;
    super({ error, errorDescription, errorUri, status, retryAfterMs, body: last.cause });
    this.attempts = attempts;
    // Each refusal without its own hint, which may name a placement tried next; the advice names only untried ones.
    const tried = attempts.map(({ placement, error }) => `${placement}: ${withoutHint(error.message)}`).join('; ');
    const untried = placements.filter((p) => p !== 'none' && !attempts.some((a) => a.placement === p));
    this.message = `the token endpoint refused every placement tried (${tried}); check clientId and clientSecret, or set the placement the server documents${untried.length > 0 ? ` (not tried: ${untried.join(', ')})` : ''}`;
  }
}
