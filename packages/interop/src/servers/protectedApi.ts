import { createRemoteJWKSet, jwtVerify } from 'jose';
import { createServer } from 'node:http';
import { serveOnLoopback } from '@tok/test-utils';

/** What a verifier learnt from a valid token. */
export type Claims = Readonly<Record<string, unknown>>;

/** Checks a bearer token: its claims when valid, `null` otherwise. */
export type Verify = (token: string) => Promise<Claims | null>;

/** A running protected API. */
export interface ProtectedApi {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** The claims of each accepted token, in order. */
  readonly accepted: readonly Claims[];
  /** How many requests it refused. */
  readonly refused: number;
  close(): Promise<void>;
}

/**
 * Starts an API on 127.0.0.1 that answers `200 {ok, claims}` for a request whose bearer token
 * `verify` accepts, and `401` with an RFC 6750 challenge otherwise.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */
export async function startProtectedApi(verify: Verify): Promise<ProtectedApi> {
  const accepted: Claims[] = [];
  let refused = 0;
  const server = createServer((req, res) => {
    const token = /^Bearer ([\w\-.~+/]+=*)$/.exec(req.headers.authorization ?? '')?.[1];
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (token === undefined) return void (refused++, answer(401, { ok: false }, { 'www-authenticate': 'Bearer' }));
    verify(token).then(
      (claims) => {
        if (claims === null) return void (refused++, answer(401, { ok: false }, { 'www-authenticate': 'Bearer error="invalid_token"' }));
        accepted.push(claims);
        answer(200, { ok: true, claims });
      },
      (error: unknown) => answer(500, { ok: false, error: String(error) }),
    );
  });
  const { origin, close } = await serveOnLoopback(server);
  return {
    origin,
    accepted,
    get refused() {
      return refused;
    },
    close,
  };
}

/**
 * A verifier that asks the authorization server (RFC 7662 introspection, authenticated with Basic)
 * and accepts active tokens.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7662#section-2
 */
export function introspection(url: string, resourceServer: { clientId: string; clientSecret: string }): Verify {
  const basic = `Basic ${btoa(`${encodeURIComponent(resourceServer.clientId)}:${encodeURIComponent(resourceServer.clientSecret)}`)}`;
  return async (token) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ token }),
    });
    if (!response.ok) throw new Error(`introspection answered ${response.status}: ${await response.text()}`);
    const claims = (await response.json()) as Claims;
    return claims.active === true ? claims : null;
  };
}

/**
 * A verifier for JWT access tokens (RFC 9068): signature against the server's JWKS, `iss`, `aud`
 * and `exp`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-4
 */
export function jwks(options: { jwksUrl: string; issuer: string; audience?: string }): Verify {
  const keys = createRemoteJWKSet(new URL(options.jwksUrl));
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, keys, { issuer: options.issuer, ...(options.audience ? { audience: options.audience } : {}) });
      return payload;
    } catch {
      return null;
    }
  };
}
