// One token request as a person with Postman would send it: one placement, one grant_type value,
// and what the server answered, classified. The request is tok's own (buildTokenRequest), so that
// what works here is what a grant with the same placement sends.
import { buildTokenRequest, clientCredentials, fetchTransport, isOAuthError, isTokError, parseTokenResponse, type Placement, type Token, type TokenResponse } from '@tok/core';
import type { CliConfig } from '../config.js';

export interface Probe {
  readonly placement: Placement;
  readonly grantType: string;
  /** `ok`: a token; `refused`: an OAuth error or error status; `failed`: no answer; `skipped`: not sent. */
  readonly outcome: 'ok' | 'refused' | 'failed' | 'skipped';
  /** The HTTP status, when there was an answer. */
  readonly status?: number | undefined;
  /** The OAuth `error` and `error_description`, for an RFC 6749 §5.2 answer. */
  readonly error?: string | undefined;
  readonly errorDescription?: string | undefined;
  /** What happened, in one line (tok's own message for a failure: it never quotes a credential). */
  readonly message: string;
  readonly durationMs?: number | undefined;
  /** For `ok`: the token, when the request went out and the answer came back, and the server's Date. */
  readonly token?: Token | undefined;
  readonly requestedAt?: number | undefined;
  readonly receivedAt?: number | undefined;
  readonly serverDate?: string | undefined;
}

/** The request a placement would send, or why it cannot be sent. */
export function requestFor(config: CliConfig, tokenUrl: string, placement: Placement, grantType: string) {
  const grant = clientCredentials({
    tokenUrl,
    clientId: config.clientId,
    clientSecret: placement === 'none' ? undefined : config.clientSecret,
    placement,
    grantType,
    scope: config.scope,
    audience: config.audience,
    resource: config.resource,
    params: config.params,
    allowInsecure: config.allowInsecure,
  });
  return buildTokenRequest(grant);
}

export async function probe(config: CliConfig, tokenUrl: string, placement: Placement, grantType: string): Promise<Probe> {
  let request;
  try {
    request = requestFor(config, tokenUrl, placement, grantType);
  } catch (error) {
    // A placement that cannot carry this id or secret (basic-raw and a ':'), said by tok's ConfigError.
    return { placement, grantType, outcome: 'skipped', message: (error as Error).message };
  }
  const transport = fetchTransport(fetch);
  const requestedAt = Date.now();
  let response: TokenResponse;
  try {
    response = await transport(request, { signal: AbortSignal.timeout(config.timeoutMs) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = (error as Error).name === 'TimeoutError' ? `no answer within ${config.timeoutMs / 1000} s` : `${(error as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}`;
    return { placement, grantType, outcome: 'failed', message: why, durationMs: Date.now() - requestedAt };
  }
  const receivedAt = Date.now();
  const base = { placement, grantType, status: response.status, durationMs: receivedAt - requestedAt, requestedAt, receivedAt, serverDate: response.headers.date };
  try {
    const token = parseTokenResponse(response, { requestedAt, receivedAt });
    return { ...base, outcome: 'ok', token, message: `${response.status}: a ${token.tokenType} token` };
  } catch (error) {
    if (isOAuthError(error)) {
      const description = error.errorDescription === undefined ? '' : `: ${error.errorDescription}`;
      return { ...base, outcome: 'refused', error: error.error, errorDescription: error.errorDescription, message: `${response.status} ${error.error}${description}` };
    }
    return { ...base, outcome: 'refused', message: isTokError(error) ? error.message : String(error) };
  }
}
