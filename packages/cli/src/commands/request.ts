import { withToken } from '@tok/fetch';
import { readConfig, requireEndpoint } from '../config.js';
import type { Command } from '../context.js';
import { ExitCode } from '../exitCodes.js';
import { sourceOf } from '../grant.js';
import { CliError } from '../terminal.js';

/**
 * `tok request <url>`: calls the API with the token through `@tok/fetch`, so that the token goes
 * only to that URL's origin, and a 401 gets one fresh token and one retry, as in a program.
 */
export const request: Command = async ({ flags, args, sources, terminal }) => {
  const [target, ...extra] = args;
  if (target === undefined) throw new CliError('tok request needs a URL: tok request https://api.example.com/v1/items');
  if (extra.length > 0) throw new CliError(`tok request takes one URL, got also ${extra.length} more argument(s); quote a body with -d`);
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new CliError(`"${target}" is not an absolute URL (https://…)`);
  }
  const config = await readConfig(sources, terminal);
  requireEndpoint(config);
  const headers = new Headers();
  for (const line of flags.header ?? []) {
    const at = line.indexOf(':');
    if (at <= 0) throw new CliError(`-H takes "Name: value", got a header without a colon`);
    headers.append(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  const method = (flags.method ?? (flags.data !== undefined ? 'POST' : 'GET')).toUpperCase();
  const source = sourceOf(config);
  try {
    const api = withToken(fetch, source, { origins: [url.origin] });
    // What the API answers may hold the token (an echo): it is printed redacted.
    source.subscribe(() => terminal.hide(source.peek()?.accessToken));
    const response = await terminal.progress(`${method} ${url.origin}${url.pathname}`, api(url, { method, headers, ...(flags.data !== undefined ? { body: flags.data } : {}) }));
    terminal.hide(source.peek()?.accessToken);
    const body = await response.text();
    if (terminal.json) {
      terminal.outJson({ status: response.status, statusText: response.statusText, headers: Object.fromEntries(response.headers), body: parsed(body, response.headers.get('content-type')) });
    } else {
      const { o } = terminal;
      const status = `${response.status} ${response.statusText}`;
      terminal.out(`${response.ok ? o.green(status) : o.red(status)}\n`);
      for (const [name, value] of response.headers) terminal.out(`${o.dim(`${name}:`)} ${value}\n`);
      terminal.out(`\n${body}${body.endsWith('\n') || body === '' ? '' : '\n'}`);
    }
    return response.status >= 400 ? ExitCode.Api : ExitCode.Ok;
  } finally {
    source.dispose();
  }
};

function parsed(body: string, contentType: string | null): unknown {
  if (!/json/i.test(contentType ?? '')) return body;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}
