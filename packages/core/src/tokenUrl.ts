import { ConfigError } from './errors/ConfigError.js';
import { requireString } from './validate.js';

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * Validates a token endpoint URL: `https:`, or `http:` to a loopback host (or anywhere with
 * `allowInsecure`). A path such as `/api/token` is accepted as a same-origin route, resolved by
 * the runtime against the page (the browser setup, where the backend holds the secret).
 */
export function tokenEndpoint(value: unknown, allowInsecure: boolean, option = 'tokenUrl'): string {
  const raw = value instanceof URL ? value.href : requireString(option, value);
  if (raw.startsWith('/') && !raw.startsWith('//')) return raw;
  if (!URL.canParse(raw)) throw new ConfigError(option, `"${raw}" is not a URL; give an absolute https:// URL or a path such as /api/token`);
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
