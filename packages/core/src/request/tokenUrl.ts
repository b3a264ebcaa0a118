import { ConfigError } from '../errors/ConfigError.js';
import { requireString } from './validate.js';

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * Validates a token endpoint URL: `https:`, or `http:` to a loopback host (or anywhere with
 * `allowInsecure`). A path such as `/api/token` is accepted as a same-origin route, resolved by
 * the runtime against the page (the browser setup, where the backend holds the secret).
 *
 * The text must mean what it says: a URL parser drops tabs and line breaks, reads `\` as `/` and
 * trims spaces, so `/\evil.test/token`, `/\t/evil.test` or `https:/\evil.test` reach another host
 * than the text suggests. Such text is refused, as is an absolute URL not written `scheme://`.
 */
export function tokenEndpoint(value: unknown, allowInsecure: boolean, option = 'tokenUrl'): string {
  const raw = value instanceof URL ? value.href : requireString(option, value);
  const odd = raw.search(/[\\\t\n\r]|^[\0- ]|[\0- ]$/);
  if (odd >= 0) {
    throw new ConfigError(option, `has a backslash, tab, line break or surrounding space at position ${odd}, which a URL parser drops or reads as "/" (the request could go to another host); write the URL plainly`);
  }
  if (raw.startsWith('/') && !raw.startsWith('//')) return raw;
  if (!/^https?:\/\/[^/]/i.test(raw) && URL.canParse(raw) && /^https?:/i.test(raw)) {
    throw new ConfigError(option, 'is not written as scheme://host/…; give an absolute URL such as https://auth.example.com/oauth/token');
  }
  // Text with "@" may hold credentials: not echoed.
  if (!URL.canParse(raw)) throw new ConfigError(option, `${raw.includes('@') ? 'this' : `"${raw}"`} is not a URL; give an absolute https:// URL or a path such as /api/token`);
  const url = new URL(raw);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(option, `protocol ${url.protocol} is not supported; use https://`);
  }
  if (url.username || url.password) {
    throw new ConfigError(option, 'must not contain credentials; pass them as clientId and clientSecret');
  }
  if (url.hash) throw new ConfigError(option, 'must not contain a #fragment (RFC 6749 §3.2)');
  if (url.protocol === 'http:' && !allowInsecure && !LOOPBACK.test(url.hostname)) {
    throw new ConfigError(option, `http:// to ${url.hostname} would send credentials in clear text; use https://, or set allowInsecure: true for a trusted network`);
  }
  return url.href;
}
