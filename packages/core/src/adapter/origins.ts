import { ConfigError } from '../errors/ConfigError.js';
import { describe, shown } from '../request/validate.js';

/** Which origins receive the token: exact origins, or `'*'` for every one (an explicit opt-in). */
export type Origins = readonly string[] | '*';

/**
 * A predicate telling whether a request URL may carry the token. A bearer token is a credential:
 * sent to the wrong host it is stolen, so there is no silent default. Adapters pass their client's
 * base URL as `fallback` (axios `baseURL`, ky `prefixUrl`).
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-5.3
 * @example
 * ```ts
 * const allowed = originFilter(['https://api.example.com']);
 * allowed('https://api.example.com/v1/items'); // true
 * allowed('https://evil.example.net/');        // false
 * ```
 */
export function originFilter(origins: Origins | undefined, fallback?: string): (url: string) => boolean {
  if (origins === '*') return () => true;
  if (typeof origins === 'string') {
    throw new ConfigError('origins', `expected a list, got the string ${JSON.stringify(origins)}; write origins: [${JSON.stringify(origins)}] (or origins: "*" for every host)`);
  }
  if (origins !== undefined && !Array.isArray(origins)) throw new ConfigError('origins', `expected a list of origins or "*", got ${describe(origins)}`);
  const list = origins ?? (fallback === undefined ? undefined : [fallback]);
  if (list === undefined || list.length === 0) {
    throw new ConfigError(
      'origins',
      'say which origins may receive the token, e.g. origins: ["https://api.example.com"]; a bearer token sent to another host can be used by it. Use origins: "*" only if every host you call should get it',
    );
  }
  const allowed = new Set(list.map((origin, i) => originOf(origin, `origins[${i}]`)));
  const prefixes = [...allowed].map((origin) => `${origin}/`);
  return (url) => {
    // Fast path for normalised URLs; anything else is parsed so that case, default ports and
    // userinfo tricks cannot fool the check.
    for (let i = 0; i < prefixes.length; i++) if (url.startsWith(prefixes[i] as string)) return true;
    return URL.canParse(url) && allowed.has(new URL(url).origin);
  };
}

// Exactly an origin: a path, a wildcard or credentials in the text would suggest a narrower or
// wider match than the origin tok compares.
function originOf(value: unknown, option: string): string {
  if (typeof value !== 'string' || !URL.canParse(value)) throw new ConfigError(option, `${shown(value)} is not an origin such as https://api.example.com`);
  const url = new URL(value);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(option, `"${value}" is not an http(s) origin`);
  if (url.hostname.includes('*')) {
    throw new ConfigError(
      option,
      `"${url.origin}": wildcards are not supported; list each origin that may receive the token (a wildcard would also send it to subdomains you do not control), or use origins: "*"`,
    );
  }
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash || /[\\\t\n\r]/.test(value)) {
    throw new ConfigError(option, `"${url.origin}…" has more than an origin (scheme://host:port); tok sends the token to every path of ${url.origin}: give just that`);
  }
  return url.origin;
}
