import type { BasicCredentials, ClientCredentials } from './basic.js';
import { type Fields, single } from './fields.js';

/** How a client may authenticate to the token server, named like `@tok/core`'s placements. */
export type ClientAuthMethod = 'basic' | 'basic-raw' | 'form' | 'json';

/** A client the token server knows. */
export interface TokenClient extends ClientCredentials {
  /** The authentication methods this client may use. Default: all of them. */
  readonly accept?: readonly ClientAuthMethod[];
}

/** The client a token server knows when no `clients` are given. */
export const defaultClient: TokenClient = { clientId: 'test-client', clientSecret: 'test-secret' };

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

/**
 * Checks a client credentials token request as RFC 6749 asks: a POST, a well-formed body, no
 * repeated parameter, a `grant_type`, one client authentication method the client may use, and
 * the expected grant type. Returns the authenticated client's id or the error to answer.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4.2
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export function checkTokenRequest(
  request: CheckedRequest,
  bodyError: string | undefined,
  options: { readonly clients?: readonly TokenClient[]; readonly grantType?: string },
): OAuthFailure | { clientId: string } {
  if (request.method !== 'POST') return { ...invalid('the token endpoint takes POST'), status: 405, headers: { allow: 'POST' } };
  if (bodyError !== undefined) return invalid(bodyError);
  const repeated = ['grant_type', 'client_id', 'client_secret', 'scope'].find((name) => Array.isArray(request.fields[name]));
  if (repeated !== undefined) return invalid(`${repeated} is repeated`);
  const grantType = single(request.fields.grant_type);
  if (grantType === undefined) return invalid('grant_type is missing');
  const client = authenticate(request, options.clients ?? [defaultClient]);
  if ('error' in client) return client;
  const expected = options.grantType ?? 'client_credentials';
  if (grantType !== expected) return { status: 400, error: 'unsupported_grant_type', description: `grant_type must be ${expected}` };
  return client;
}

const invalid = (description: string): OAuthFailure => ({ status: 400, error: 'invalid_request', description });

/** RFC 6749 §2.3: exactly one authentication method, and one the client may use. */
function authenticate(request: CheckedRequest, clients: readonly TokenClient[]): OAuthFailure | { clientId: string } {
  const bodyId = single(request.fields.client_id);
  const bodySecret = single(request.fields.client_secret);
  const viaHeader = (request.headers.authorization ?? '') !== '';
  if (viaHeader && bodySecret !== undefined) return invalid('more than one client authentication method');

  const accepts = (client: TokenClient, method: ClientAuthMethod) => client.accept?.includes(method) ?? true;
  const same = (client: TokenClient, credentials: ClientCredentials | null | undefined) =>
    credentials != null && client.clientId === credentials.clientId && client.clientSecret === credentials.clientSecret;
  const inBody = bodyId === undefined || bodySecret === undefined ? null : { clientId: bodyId, clientSecret: bodySecret };
  const bodyMethod = /json/i.test(request.headers['content-type'] ?? '') ? 'json' : 'form';

  const client = clients.find((candidate) =>
    viaHeader
      ? (accepts(candidate, 'basic') && same(candidate, request.basic?.decoded)) ||
        (accepts(candidate, 'basic-raw') && same(candidate, request.basic?.raw))
      : accepts(candidate, bodyMethod) && same(candidate, inBody),
  );
  if (client === undefined) {
    // RFC 6749 §5.2: 401 and a challenge when the client tried the Authorization header.
    const failure = { error: 'invalid_client', description: 'client authentication failed' };
    return viaHeader ? { ...failure, status: 401, headers: { 'www-authenticate': 'Basic realm="token"' } } : { ...failure, status: 400 };
  }
  if (viaHeader && bodyId !== undefined && bodyId !== client.clientId) return invalid('client_id does not match the Basic credentials');
  return { clientId: client.clientId };
}
