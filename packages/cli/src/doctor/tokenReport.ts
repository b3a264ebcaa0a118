// What doctor says about the token that came back: type, lifetime and where it came from, scope,
// a JWT's header and claims, and the clock against the server's Date header and the JWT's iat.
import { decodeJwt, type DecodedJwt } from '../jwt.js';
import type { Probe } from './probe.js';

export interface TokenReport {
  readonly tokenType: string;
  readonly lifetimeSeconds: number | undefined;
  /** `expires_in`, `the JWT's exp`, or tok's default when the server says nothing. */
  readonly lifetimeFrom: string;
  readonly expiresAt: number | undefined;
  readonly scope: string | undefined;
  readonly jwt: DecodedJwt | undefined;
  readonly clock: {
    /** Server minus local, in seconds, from the Date header; `undefined` without one. */
    readonly skewSeconds: number | undefined;
    /** How far off the estimate may be (Date has whole seconds, plus the round trip). */
    readonly uncertaintySeconds: number | undefined;
    readonly summary: string;
  };
  readonly warnings: readonly string[];
}

// Beyond this a JWT's nbf/iat checks at the API may fail, and refresh timing is off.
const SKEW_WARNING_SECONDS = 30;

export function tokenReport(probe: Probe): TokenReport {
  const token = probe.token;
  if (!token) throw new Error('tokenReport needs a probe that got a token');
  const warnings: string[] = [];
  const jwt = decodeJwt(token.accessToken);
  const raw = token.raw;
  const lifetimeFrom = raw.expires_in !== undefined ? `expires_in ${String(raw.expires_in)}` : jwt && typeof jwt.claims.exp === 'number' ? "no expires_in: the JWT's exp" : 'no expires_in: tok assumes 1 h';
  const lifetimeSeconds = token.expiresAt === undefined ? undefined : Math.round((token.expiresAt - token.issuedAt) / 1000);

  const requestedAt = probe.requestedAt as number;
  const receivedAt = probe.receivedAt as number;
  const dateMs = probe.serverDate === undefined ? Number.NaN : Date.parse(probe.serverDate);
  let skewSeconds: number | undefined;
  let uncertaintySeconds: number | undefined;
  let summary: string;
  if (Number.isNaN(dateMs)) {
    summary = 'the server sent no Date header: skew unknown';
  } else {
    // Date is whole seconds, taken somewhere between sending and receiving: the middle of both
    // intervals is the best guess, and half of each is how far off it may be.
    const estimate = (dateMs + 500 - (requestedAt + receivedAt) / 2) / 1000;
    const uncertainty = (500 + (receivedAt - requestedAt) / 2) / 1000;
    skewSeconds = round1(estimate);
    uncertaintySeconds = round1(uncertainty);
    summary =
      Math.abs(estimate) <= uncertainty
        ? `in sync with the server's Date header (within ±${uncertaintySeconds} s)`
        : `the server's clock is ${round1(Math.abs(estimate))} s ${estimate > 0 ? 'ahead of' : 'behind'} this machine's (±${uncertaintySeconds} s, from its Date header)`;
    if (Math.abs(estimate) - uncertainty > SKEW_WARNING_SECONDS) warnings.push('clock skew over 30 s: fix this machine\'s time (NTP); JWT checks (nbf, iat) and refresh timing depend on it');
  }
  if (jwt) {
    const { exp, nbf, iat } = jwt.claims as { exp?: unknown; nbf?: unknown; iat?: unknown };
    if (typeof exp === 'number' && exp * 1000 <= receivedAt) warnings.push('the JWT has expired already by this machine\'s clock');
    if (typeof nbf === 'number' && nbf * 1000 > receivedAt + 1000) warnings.push(`the JWT is not valid before ${new Date(nbf * 1000).toISOString()}, later than this machine's time`);
    if (typeof iat === 'number' && raw.expires_in !== undefined && typeof exp === 'number' && Math.abs((exp - iat) - Number(raw.expires_in)) > 5) {
      warnings.push(`expires_in (${String(raw.expires_in)} s) and the JWT's exp - iat (${exp - iat} s) disagree; tok goes by expires_in`);
    }
  }
  if (token.tokenType.toLowerCase() !== 'bearer') warnings.push(`token_type is ${token.tokenType}, not Bearer`);
  return {
    tokenType: token.tokenType,
    lifetimeSeconds,
    lifetimeFrom,
    expiresAt: token.expiresAt,
    scope: token.scope,
    jwt,
    clock: { skewSeconds, uncertaintySeconds, summary },
    warnings,
  };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
