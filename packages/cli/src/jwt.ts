// A JWT's header and claims as data, without checking the signature: the CLI only shows them.

export interface DecodedJwt {
  readonly header: Readonly<Record<string, unknown>>;
  readonly claims: Readonly<Record<string, unknown>>;
}

/** The header and claims of a compact JWS, or `undefined` when `token` is not one (an opaque token). */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[\w-]*$/.test(part))) return undefined;
  const header = json(parts[0] as string);
  const claims = json(parts[1] as string);
  return header && claims ? { header, claims } : undefined;
}

function json(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The claims that hold NumericDate values (RFC 7519 §4.1). */
export const TIME_CLAIMS = new Set(['exp', 'nbf', 'iat', 'auth_time']);
