// A token as text in Redis, and back. What comes back is checked field by field: Redis is outside
// the process, and a value that is not a token is garbage, never a token with holes.
import type { Token } from '@tok/core';

export function encodeToken(token: Token): string {
  const { accessToken, tokenType, issuedAt, expiresAt, refreshIn, scope, raw } = token;
  return JSON.stringify({ accessToken, tokenType, issuedAt, expiresAt, refreshIn, scope, raw });
}

/** The token in `text`, or `undefined` when it is not one. */
export function decodeToken(text: string): Token | undefined {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { accessToken, tokenType, issuedAt, expiresAt, refreshIn, scope, raw } = value;
  const optionalNumber = (n: unknown) => n === undefined || (typeof n === 'number' && Number.isFinite(n));
  if (typeof accessToken !== 'string' || accessToken === '' || typeof tokenType !== 'string') return undefined;
  if (typeof issuedAt !== 'number' || !Number.isFinite(issuedAt) || !optionalNumber(expiresAt) || !optionalNumber(refreshIn)) return undefined;
  if ((scope !== undefined && typeof scope !== 'string') || typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  return {
    accessToken,
    tokenType,
    issuedAt,
    expiresAt: expiresAt as number | undefined,
    refreshIn: refreshIn as number | undefined,
    scope,
    raw: raw as Record<string, unknown>,
  };
}
