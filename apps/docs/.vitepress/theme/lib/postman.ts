// The Postman settings that send the same token request, for readers who start there.
import type { Grant } from '@tok/core';
import { formEncoded } from './render';

export interface PostmanSettings {
  method: string;
  url: string;
  authorization: string;
  body: string;
  headers: string;
  note?: string;
}

const SECRET = 'YOUR_CLIENT_SECRET';

/**
 * Postman's settings for the grant's request. `secret` is the secret to show, or undefined while the
 * page hides it. Postman's "Basic Auth" encodes exactly what is typed (tok's `basic-raw`): for
 * `basic` and `basic-with-client-id`, which form-encode the id and the secret first (RFC 6749
 * §2.3.1), the reader types them form-encoded, so that Postman sends the header tok sends.
 */
export function toPostman(grant: Grant, secret: string | undefined): PostmanSettings {
  const id = grant.clientId ?? '';
  const placement = String(grant.placement);
  const fields: [string, string][] = [['grant_type', grant.grantType]];
  if (placement === 'form' || placement === 'json' || placement === 'none' || placement === 'basic-with-client-id') {
    if (id !== '') fields.push(['client_id', id]);
  }
  if (placement === 'form' || placement === 'json') fields.push(['client_secret', secret ?? SECRET]);
  if (grant.scope.length > 0) fields.push(['scope', grant.scope.join(' ')]);
  if (grant.audience !== undefined) fields.push(['audience', grant.audience]);
  for (const r of grant.resource) fields.push(['resource', r]);
  fields.push(...Object.entries(grant.params));

  const raw = placement === 'basic-raw';
  const encoded = placement === 'basic' || placement === 'basic-with-client-id';
  let authorization = 'Type: No Auth';
  if (raw) authorization = `Type: Basic Auth · Username: ${id} · Password: ${secret ?? SECRET}`;
  if (encoded) {
    const password = secret === undefined ? `${SECRET}, form-encoded` : formEncoded(secret);
    authorization = `Type: Basic Auth · Username: ${formEncoded(id)} · Password: ${password}`;
  }
  const settings: PostmanSettings = {
    method: 'POST',
    url: grant.tokenUrl ?? '',
    authorization,
    body:
      placement === 'json'
        ? `raw · JSON:\n${JSON.stringify(Object.fromEntries(fields), null, 2)}`
        : `x-www-form-urlencoded:\n${fields.map(([k, v]) => `  ${k} = ${v}`).join('\n')}`,
    headers: 'Accept: application/json (Postman sets Content-Type from the Body tab)',
  };
  if (encoded) {
    settings.note =
      `Postman's Basic Auth encodes the username and password exactly as typed (that is tok's "basic-raw"). Placement "${placement}" form-encodes the id and the secret first, as RFC 6749 asks, so type them form-encoded: + as %2B, / as %2F, = as %3D, % as %25, : as %3A, & as %26, ? as %3F, a space as +, and any other character except letters, digits and - . _ * as its UTF-8 bytes in %XX form. An id or secret without such characters is typed as it is.`;
  } else if (raw) {
    settings.note = 'Postman\'s Basic Auth sends exactly this: the id and the secret as typed, base64-encoded (what curl --user sends too).';
  }
  return settings;
}
