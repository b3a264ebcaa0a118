// The Postman settings that send the same token request, for readers who start there.
import type { Grant } from '@tok/core';

export interface PostmanSettings {
  method: string;
  url: string;
  authorization: string;
  body: string;
  headers: string;
  note?: string;
}

export function toPostman(grant: Grant, secretShown: string): PostmanSettings {
  const id = grant.clientId ?? '';
  const placement = String(grant.placement);
  const fields: [string, string][] = [['grant_type', grant.grantType]];
  if (placement === 'form' || placement === 'json' || placement === 'none' || placement === 'basic-with-client-id') {
    if (id !== '') fields.push(['client_id', id]);
  }
  if (placement === 'form' || placement === 'json') fields.push(['client_secret', secretShown]);
  if (grant.scope.length > 0) fields.push(['scope', grant.scope.join(' ')]);
  if (grant.audience !== undefined) fields.push(['audience', grant.audience]);
  for (const r of grant.resource) fields.push(['resource', r]);
  fields.push(...Object.entries(grant.params));

  const basic = placement.startsWith('basic');
  const settings: PostmanSettings = {
    method: 'POST',
    url: grant.tokenUrl ?? '',
    authorization: basic ? `Type: Basic Auth · Username: ${id} · Password: ${secretShown}` : 'Type: No Auth',
    body:
      placement === 'json'
        ? `raw · JSON:\n${JSON.stringify(Object.fromEntries(fields), null, 2)}`
        : `x-www-form-urlencoded:\n${fields.map(([k, v]) => `  ${k} = ${v}`).join('\n')}`,
    headers: 'Accept: application/json (Postman sets Content-Type from the Body tab)',
  };
  if (placement === 'basic') {
    settings.note =
      'Postman\'s Basic Auth does not form-encode the id and secret first, which RFC 6749 asks for. The two are the same unless the secret holds characters such as + / = % : & ? or a space; if yours does and the server refuses Postman\'s request, the server expects placement "basic", tok\'s default. Placement "basic-raw" is exactly what Postman sends.';
  }
  return settings;
}
