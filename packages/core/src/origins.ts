import { ConfigError } from './errors/ConfigError.js';

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
    for (const prefix of prefixes) if (url.startsWith(prefix)) return true;
    return URL.canParse(url) && allowed.has(new URL(url).origin);
  };
}

function originOf(value: string, option: string): string {
  if (typeof value !== 'string' || !URL.canParse(value)) throw new ConfigError(option, `"${String(value)}" is not an origin such as https://api.example.com`);
  const url = new URL(value);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(option, `"${value}" is not an http(s) origin`);
  return url.origin;
}
