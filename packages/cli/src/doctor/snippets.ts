// The configuration that worked, written out: tok's TypeScript, the CLI's variables, and curl. The
// secret is always $TOK_CLIENT_SECRET / process.env.TOK_CLIENT_SECRET, never its value.
import type { Placement } from '@tok/core';
import type { CliConfig } from '../config.js';

export interface Working {
  readonly tokenUrl: string;
  readonly issuer: string | undefined;
  readonly placement: Placement;
  readonly grantType: string;
}

/** The tok configuration as code a program can paste. */
export function typescriptSnippet(config: CliConfig, working: Working): string {
  const lines: string[] = [];
  const core = working.issuer !== undefined ? 'clientCredentials, discover' : 'clientCredentials';
  lines.push(`import { ${core} } from '@tok/core';`, '');
  lines.push('const grant = clientCredentials({');
  if (working.issuer !== undefined) lines.push(`  issuer: discover(${js(working.issuer)}),`);
  else lines.push(`  tokenUrl: ${js(working.tokenUrl)},`);
  if (config.clientId !== undefined) lines.push(`  clientId: ${js(config.clientId)},`);
  if (working.placement !== 'none') lines.push('  clientSecret: process.env.TOK_CLIENT_SECRET,');
  lines.push(`  placement: ${js(working.placement)},`);
  if (working.grantType !== 'client_credentials') lines.push(`  grantType: ${js(working.grantType)},`);
  if (config.scope !== undefined) lines.push(`  scope: ${js(config.scope)},`);
  if (config.audience !== undefined) lines.push(`  audience: ${js(config.audience)},`);
  if (config.resource.length > 0) lines.push(`  resource: [${config.resource.map(js).join(', ')}],`);
  if (Object.keys(config.params).length > 0) lines.push(`  params: ${JSON.stringify(config.params).replace(/"([A-Za-z_$][\w$]*)":/g, '$1: ').replace(/,(?=\S)/g, ', ')},`);
  if (config.allowInsecure) lines.push('  allowInsecure: true,');
  lines.push('});');
  return lines.join('\n');
}

/** The same configuration as tok's environment variables. */
export function environmentSnippet(config: CliConfig, working: Working): string {
  const vars: string[] = [];
  if (working.issuer !== undefined) vars.push(`TOK_ISSUER=${sh(working.issuer)}`);
  else vars.push(`TOK_TOKEN_URL=${sh(working.tokenUrl)}`);
  if (config.clientId !== undefined) vars.push(`TOK_CLIENT_ID=${sh(config.clientId)}`);
  vars.push(`TOK_PLACEMENT=${working.placement}`);
  if (working.grantType !== 'client_credentials') vars.push(`TOK_GRANT_TYPE=${sh(working.grantType)}`);
  if (config.scope !== undefined) vars.push(`TOK_SCOPE=${sh(config.scope)}`);
  if (config.audience !== undefined) vars.push(`TOK_AUDIENCE=${sh(config.audience)}`);
  if (config.resource.length > 0) vars.push(`TOK_RESOURCE=${sh(config.resource.join(' '))}`);
  return vars.map((line) => `export ${line}`).join('\n');
}

/** A curl command that sends the request that worked, reading the secret from $TOK_CLIENT_SECRET. */
export function curlSnippet(config: CliConfig, working: Working): string {
  const { placement, grantType, tokenUrl } = working;
  const id = config.clientId ?? '';
  const fields: [string, string][] = [['grant_type', grantType]];
  const args = [`curl -sS -X POST ${sh(tokenUrl)}`, `-H 'Accept: application/json'`];
  const notes: string[] = [];
  if (placement === 'basic' || placement === 'basic-raw' || placement === 'basic-with-client-id') {
    // curl -u sends id:secret as typed, which is what "basic" sends when form-encoding changes nothing.
    args.push(`-u ${sh(`${id}:`)}"$TOK_CLIENT_SECRET"`);
    if (placement !== 'basic-raw' && (formEncode(id) !== id || formEncode(config.clientSecret ?? '') !== (config.clientSecret ?? ''))) {
      notes.push('# placement "basic" form-encodes the id and secret before Base64 (RFC 6749 §2.3.1); curl -u does not, so encode special characters in TOK_CLIENT_SECRET first');
    }
    if (placement === 'basic-with-client-id') fields.push(['client_id', id]);
  }
  if (placement === 'none' && config.clientId !== undefined) fields.push(['client_id', id]);
  const rest: [string, string][] = [];
  if (config.scope !== undefined) rest.push(['scope', config.scope]);
  if (config.audience !== undefined) rest.push(['audience', config.audience]);
  for (const resource of config.resource) rest.push(['resource', resource]);
  rest.push(...Object.entries(config.params));
  if (placement === 'json') {
    const body: Record<string, string> = Object.fromEntries([...fields, ['client_id', id], ...rest]);
    const json = JSON.stringify({ ...body, client_secret: '__SECRET__' }).replace('"__SECRET__"', '"$TOK_CLIENT_SECRET"');
    args.push(`-H 'Content-Type: application/json'`, `--data-binary @- <<EOF\n${json}\nEOF`);
  } else {
    for (const [name, value] of fields) args.push(`--data-urlencode ${sh(`${name}=${value}`)}`);
    if (placement === 'form') args.push(`--data-urlencode ${sh(`client_id=${id}`)}`, `--data-urlencode "client_secret=$TOK_CLIENT_SECRET"`);
    for (const [name, value] of rest) args.push(`--data-urlencode ${sh(`${name}=${value}`)}`);
  }
  return [...notes, args.join(' \\\n  ')].join('\n');
}

function js(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** One shell word, single-quoted unless it needs nothing. */
function sh(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

// application/x-www-form-urlencoded, as placement "basic" encodes the id and secret (RFC 6749 Appendix B).
function formEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1);
}
