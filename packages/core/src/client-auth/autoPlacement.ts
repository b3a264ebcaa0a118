import { ConfigError } from '../errors/ConfigError.js';
import type { Placement } from './placement.js';

// The placements 'auto' may pick, in the order it tries them, with their RFC 8414 method names.
const AUTO: readonly [Placement, string][] = [
  ['basic', 'client_secret_basic'],
  ['form', 'client_secret_post'],
];

/**
 * The placements `placement: 'auto'` tries, in order: `basic` (RFC 6749 §2.3.1's must-support),
 * then `form`. Given the server's `token_endpoint_auth_methods_supported`, only those it lists. A
 * server that lists neither gets a {@link ConfigError} that names what it does support and the
 * placement to choose instead.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 * @example
 * ```ts
 * autoPlacements(); // ['basic', 'form']
 * autoPlacements(['client_secret_post', 'private_key_jwt']); // ['form']
 * ```
 */
export function autoPlacements(methods?: readonly string[]): Placement[] {
  if (methods === undefined) return AUTO.map(([placement]) => placement);
  const usable = AUTO.filter(([, method]) => methods.includes(method)).map(([placement]) => placement);
  if (usable.length > 0) return usable;
  const listed = methods.length === 0 ? 'no method' : methods.join(', ');
  const instead = methods.includes('private_key_jwt')
    ? 'placement: privateKeyJwt({ key })'
    : methods.includes('client_secret_jwt')
      ? 'placement: clientSecretJwt()'
      : methods.includes('tls_client_auth') || methods.includes('self_signed_tls_client_auth')
        ? 'a transport that presents the client certificate, with placement "none"'
        : methods.includes('none')
          ? 'placement "none" (and no clientSecret) for a public client, or the placement the server documents for your secret'
          : 'the placement the server documents';
  throw new ConfigError('placement', `the server supports ${listed} at its token endpoint, none of which 'auto' sends; use ${instead}`);
}
