import type { BasicCredentials, ClientCredentials } from './basic.js';
import { type Fields, single } from './fields.js';
import { type AssertionCheck, JWT_BEARER, verifyClientAssertion } from './jwt.js';

/**
 * Where a client puts its credentials, named like `@tok/core`'s placements, or the JWT client
 * authentication method it used (named as RFC 7523 and OpenID Connect name them).
 *
 * | method                 | what the request carries                                            |
 * |------------------------|---------------------------------------------------------------------|
 * | `basic`                | `Authorization: Basic base64(urlencode(id):urlencode(secret))`       |
 * | `basic-raw`            | `Authorization: Basic base64(id:secret)`, not form-encoded           |
 * | `basic-with-client-id` | `basic`, plus `client_id` in the body                               |
 * | `form`                 | `client_id` and `client_secret` in a form body                      |
 * | `json`                 | `client_id` and `client_secret` in a JSON body                      |
 * | `none`                 | `client_id` only: a public client                                   |
 * | `private_key_jwt`      | a `client_assertion` signed with the client's private key (RS256, PS256, ES256) |
 * | `client_secret_jwt`    | a `client_assertion` signed with the client secret (HS256, HS384, HS512) |
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.2
 */
export type ClientAuthMethod = 'basic' | 'basic-raw' | 'basic-with-client-id' | 'form' | 'json' | 'none' | 'private_key_jwt' | 'client_secret_jwt';

/**
 * A public key as a JSON Web Key (RFC 7517): `kty` and the key's members (`n`/`e`, `crv`/`x`/`y`),
 * `kid` to tell several apart. Typed here, not as the DOM's `JsonWebKey`, so that no DOM lib is needed.
 */
export interface PublicJwk {
  readonly kty?: string | undefined;
  readonly kid?: string | undefined;
  readonly [member: string]: unknown;
}

/** A client the authorization server knows. */
export interface TokenClient {
  readonly clientId: string;
  /** The client secret; leave it out for a public client (`none`) or one that only signs with a key. */
  readonly clientSecret?: string | undefined;
  /**
   * The authentication methods this client may use. Default: every method its credentials allow
   * (the secret ones with a secret, `private_key_jwt` with `jwks`, `none` without either).
   */
  readonly accept?: readonly ClientAuthMethod[] | undefined;
  /** The client's public keys (JWKs with `kty`, and `kid` when there are several), for `private_key_jwt`. */
  readonly jwks?: { readonly keys: readonly PublicJwk[] } | undefined;
  /** The scopes this client may get; a request for another one is refused with `invalid_scope`. Default: any. */
  readonly scopes?: readonly string[] | undefined;
}

/** The client a server knows when no `clients` are given. */
export const defaultClient = { clientId: 'test-client', clientSecret: 'test-secret' } as const satisfies TokenClient & ClientCredentials;

/** What the server checks of a request. */
export interface CheckedRequest {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly fields: Readonly<Fields>;
  readonly basic: BasicCredentials | null;
}

/** An RFC 6749 §5.2 error answer. */
export interface OAuthFailure {
  readonly status: number;
  readonly error: string;
  readonly description: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What the server needs to check a request. */
export interface CheckOptions {
  readonly clients: readonly TokenClient[];
  readonly grantType: string;
  /** The audiences a client assertion may name: the token endpoint URL and the issuer. */
  readonly audiences: readonly string[];
  /** `jti`s already used (RFC 7523 §3: the server may refuse a replayed assertion). */
  readonly seenAssertions: Set<string>;
}

/** A request whose client was authenticated. */
export interface Authenticated {
  readonly clientId: string;
  readonly client: TokenClient;
}

/**
 * The authentication method a request uses, read from its shape alone (before any credential is
 * checked): what the server counts requests by. `null` when it names no client at all.
 */
export function methodOf(request: CheckedRequest): ClientAuthMethod | null {
  const assertionType = single(request.fields.client_assertion_type);
  if (assertionType !== undefined || request.fields.client_assertion !== undefined) {
    return /^HS/.test(assertionAlg(single(request.fields.client_assertion)) ?? '') ? 'client_secret_jwt' : 'private_key_jwt';
  }
  if ((request.headers.authorization ?? '') !== '') {
    if (request.fields.client_id !== undefined) return 'basic-with-client-id';
    const { basic } = request;
    return basic !== null && basic.decoded === null ? 'basic-raw' : 'basic';
  }
  if (request.fields.client_secret !== undefined) return /json/i.test(request.headers['content-type'] ?? '') ? 'json' : 'form';
  return request.fields.client_id === undefined ? null : 'none';
}

/**
 * Checks a client credentials token request as RFC 6749 asks: a POST, a well-formed body, no
 * repeated parameter, a `grant_type`, exactly one client authentication method that the client
 * may use and whose credentials (or signed assertion) are right, and the expected grant type.
 * Returns the authenticated client and the method it used, or the error to answer.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4.2
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export function checkTokenRequest(request: CheckedRequest, bodyError: string | undefined, options: CheckOptions): OAuthFailure | (Authenticated & { method: ClientAuthMethod }) {
  if (request.method !== 'POST') return { ...invalid('the token endpoint takes POST'), status: 405, headers: { allow: 'POST' } };
  if (bodyError !== undefined) return invalid(bodyError);
  const repeated = ['grant_type', 'client_id', 'client_secret', 'scope', 'client_assertion', 'client_assertion_type'].find((name) => Array.isArray(request.fields[name]));
  if (repeated !== undefined) return invalid(`${repeated} is repeated`);
  const grantType = single(request.fields.grant_type);
  if (grantType === undefined) return invalid('grant_type is missing');
  const client = authenticate(request, options);
  if ('error' in client) return client;
  if (grantType !== options.grantType) return { status: 400, error: 'unsupported_grant_type', description: `grant_type must be ${options.grantType}` };
  return client;
}

const invalid = (description: string): OAuthFailure => ({ status: 400, error: 'invalid_request', description });

// RFC 6749 §5.2: 401 and a challenge when the client tried the Authorization header, 400 otherwise.
const refused = (viaHeader: boolean, description = 'client authentication failed'): OAuthFailure => {
  const failure = { error: 'invalid_client', description };
  return viaHeader ? { ...failure, status: 401, headers: { 'www-authenticate': 'Basic realm="token"' } } : { ...failure, status: 400 };
};

/** The methods a client may use when it lists none: those its credentials allow. */
export function acceptedMethods(client: TokenClient): readonly ClientAuthMethod[] {
  if (client.accept !== undefined) return client.accept;
  const methods: ClientAuthMethod[] = [];
  if (client.clientSecret !== undefined) methods.push('basic', 'basic-raw', 'basic-with-client-id', 'form', 'json', 'client_secret_jwt');
  if (client.jwks !== undefined) methods.push('private_key_jwt');
  if (methods.length === 0) methods.push('none');
  return methods;
}

/** RFC 6749 §2.3: exactly one authentication method, and one the client may use. */
function authenticate(request: CheckedRequest, options: CheckOptions): OAuthFailure | (Authenticated & { method: ClientAuthMethod }) {
  const { clients } = options;
  const bodyId = single(request.fields.client_id);
  const bodySecret = single(request.fields.client_secret);
  const assertion = single(request.fields.client_assertion);
  const viaHeader = (request.headers.authorization ?? '') !== '';
  const ways = [viaHeader, bodySecret !== undefined, assertion !== undefined].filter(Boolean).length;
  if (ways > 1) return invalid('more than one client authentication method');
  const accepts = (client: TokenClient, method: ClientAuthMethod) => acceptedMethods(client).includes(method);

  if (assertion !== undefined || request.fields.client_assertion_type !== undefined) {
    if (single(request.fields.client_assertion_type) !== JWT_BEARER) return invalid(`client_assertion_type must be ${JWT_BEARER}`);
    if (assertion === undefined) return invalid('client_assertion is missing');
    const check: AssertionCheck = verifyClientAssertion(assertion, { clients, audiences: options.audiences, seen: options.seenAssertions, clientId: bodyId });
    if ('error' in check) return refused(false, check.error);
    if (!accepts(check.client, check.method)) return refused(false, `this client may not use ${check.method}`);
    return { clientId: check.client.clientId, client: check.client, method: check.method };
  }

  const same = (client: TokenClient, credentials: ClientCredentials | null | undefined) =>
    credentials != null && client.clientSecret !== undefined && client.clientId === credentials.clientId && client.clientSecret === credentials.clientSecret;
  if (viaHeader) {
    const withId = bodyId !== undefined;
    const decoded = (client: TokenClient) => (accepts(client, 'basic') || (withId && accepts(client, 'basic-with-client-id'))) && same(client, request.basic?.decoded);
    const raw = (client: TokenClient) => accepts(client, 'basic-raw') && same(client, request.basic?.raw);
    const client = clients.find(decoded) ?? clients.find(raw);
    if (client === undefined) return refused(true);
    if (withId && bodyId !== client.clientId) return invalid('client_id does not match the Basic credentials');
    const method = withId ? 'basic-with-client-id' : decoded(client) ? 'basic' : 'basic-raw';
    return { clientId: client.clientId, client, method };
  }
  if (bodySecret !== undefined) {
    const method = /json/i.test(request.headers['content-type'] ?? '') ? 'json' : 'form';
    const client = clients.find((candidate) => accepts(candidate, method) && same(candidate, bodyId === undefined ? null : { clientId: bodyId, clientSecret: bodySecret }));
    return client === undefined ? refused(false) : { clientId: client.clientId, client, method };
  }
  // No credentials: a public client, if this one is.
  const client = bodyId === undefined ? undefined : clients.find((candidate) => candidate.clientId === bodyId && accepts(candidate, 'none'));
  return client === undefined ? refused(false) : { clientId: client.clientId, client, method: 'none' };
}

// The `alg` of a compact JWS's header, without checking anything else.
function assertionAlg(jws: string | undefined): string | undefined {
  try {
    const header = JSON.parse(Buffer.from(jws?.split('.')[0] ?? '', 'base64url').toString('utf8')) as { alg?: unknown };
    return typeof header.alg === 'string' ? header.alg : undefined;
  } catch {
    return undefined;
  }
}
