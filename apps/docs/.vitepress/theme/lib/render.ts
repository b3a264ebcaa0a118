// Renders a token request (from @tok/core's buildTokenRequest) as raw HTTP and as code for curl,
// fetch, axios and ky. The request is the one tok sends; these only change how it is written.
import type { TokenRequest } from '@tok/core';

/** The request as it goes over the wire (HTTP/1.1), with `Host` and `Content-Length`. */
export function toHttp(request: Pick<TokenRequest, 'url' | 'headers'> & { method: string; body?: string | undefined }, base = 'http://localhost'): string {
  const url = new URL(request.url, base);
  const body = request.body ?? '';
  const lines = [`${request.method} ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`];
  for (const [name, value] of Object.entries(request.headers)) lines.push(`${name}: ${value}`);
  lines.push(`content-length: ${new TextEncoder().encode(body).length}`);
  return `${lines.join('\n')}\n\n${body}`;
}

/** POSIX shell single-quoting. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function toCurl(request: TokenRequest, base?: string): string {
  const url = base === undefined ? request.url : new URL(request.url, base).href;
  const parts = [`curl --request ${request.method}`, `--url ${shellQuote(url)}`];
  for (const [name, value] of Object.entries(request.headers)) parts.push(`--header ${shellQuote(`${name}: ${value}`)}`);
  parts.push(`--data-raw ${shellQuote(request.body)}`);
  return parts.join(' \\\n  ');
}

/** `application/x-www-form-urlencoded` encoding of one value, as tok's `basic` placement applies it. */
export const formEncoded = (value: string): string => new URLSearchParams([['', value]]).toString().slice(1);

/**
 * curl for a Basic placement when the page must not show the secret: the Authorization header is
 * base64 of the id and the secret, which no one can complete by hand once the secret is a
 * placeholder, so curl builds it with `--user` from what the reader pastes in. `basic-raw` is
 * exactly what `--user` sends; `basic` and `basic-with-client-id` send the id and the secret
 * form-encoded first, so the placeholder says so.
 */
export function toCurlWithoutSecret(request: TokenRequest, { clientId, placement, placeholder }: { clientId: string; placement: string; placeholder: string }): string {
  const raw = placement === 'basic-raw';
  const secret = raw ? placeholder : `${placeholder}_FORM_ENCODED`;
  const headers = Object.entries(request.headers).filter(([name]) => name.toLowerCase() !== 'authorization');
  const parts = [`curl --request ${request.method}`, `--url ${shellQuote(request.url)}`, `--user ${shellQuote(`${raw ? clientId : formEncoded(clientId)}:${secret}`)}`];
  for (const [name, value] of headers) parts.push(`--header ${shellQuote(`${name}: ${value}`)}`);
  parts.push(`--data-raw ${shellQuote(request.body)}`);
  const note = raw
    ? []
    : [`# ${secret}: your secret with every character other than A-Z a-z 0-9 - . _ * percent-encoded`, '# (+ is %2B, / is %2F, = is %3D, % is %25, : is %3A, a space is +); your secret itself if it has none.'];
  return [...note, parts.join(' \\\n  ')].join('\n');
}

const js = (value: unknown) => JSON.stringify(value).replace(/\u2028|\u2029/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);

function headerObject(headers: Readonly<Record<string, string>>, indent: string): string {
  const entries = Object.entries(headers).map(([name, value]) => `${indent}  ${js(name)}: ${js(value)},`);
  return `{\n${entries.join('\n')}\n${indent}}`;
}

export function toFetch(request: TokenRequest): string {
  return `const response = await fetch(${js(request.url)}, {
  method: ${js(request.method)},
  headers: ${headerObject(request.headers, '  ')},
  body: ${js(request.body)},
});
const token = await response.json(); // { access_token, token_type, expires_in, … }`;
}

export function toAxios(request: TokenRequest): string {
  return `import axios from 'axios';

// A string body is sent as is; axios does not re-encode it.
const { data: token } = await axios.post(
  ${js(request.url)},
  ${js(request.body)},
  { headers: ${headerObject(request.headers, '  ')} },
);`;
}

export function toKy(request: TokenRequest): string {
  return `import ky from 'ky';

const token = await ky
  .post(${js(request.url)}, {
    headers: ${headerObject(request.headers, '    ')},
    body: ${js(request.body)},
  })
  .json();`;
}

/** Options for `clientCredentials`, as the request builder collects them. */
export interface GrantFields {
  tokenUrl: string;
  clientId: string;
  placement: string;
  scope: string;
  audience: string;
  /** `client_credentials` unless the provider names another (e.g. `client-credentials`). */
  grantType: string;
}

/** tok configuration for the same request. The secret comes from the environment, never from code. */
export function toTok(fields: GrantFields): string {
  const lines = [`  tokenUrl: ${js(fields.tokenUrl)},`];
  if (fields.placement !== 'none') {
    lines.push(`  clientId: process.env.CLIENT_ID, // ${js(fields.clientId)}`);
    lines.push('  clientSecret: process.env.CLIENT_SECRET,');
  } else if (fields.clientId !== '') {
    lines.push(`  clientId: ${js(fields.clientId)},`);
  }
  if (fields.placement !== 'basic') lines.push(`  placement: ${js(fields.placement)},`);
  const scopes = fields.scope.split(' ').filter(Boolean);
  if (scopes.length > 0) lines.push(`  scope: ${js(scopes)},`);
  if (fields.audience !== '') lines.push(`  audience: ${js(fields.audience)},`);
  if (fields.grantType !== 'client_credentials') lines.push(`  grantType: ${js(fields.grantType)},`);
  return `import { clientCredentials } from '@tok/core';
import { withToken } from '@tok/fetch';

// On a server: the secret comes from the environment, never from code or a browser bundle.
const grant = clientCredentials({
${lines.join('\n')}
});

const api = withToken(fetch, grant, { origins: ['https://api.example.com'] });`;
}
