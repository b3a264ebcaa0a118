import { ConfigError } from '../errors/ConfigError.js';
import { requireString } from '../request/validate.js';

/**
 * A provider's base URL from what users paste: a bare host (`acme.eu.auth0.com`) becomes
 * `https://acme.eu.auth0.com`; a full URL is kept (loopback `http://` for tests); a trailing slash
 * is dropped. Scheme, credentials and loopback rules are checked later by `clientCredentials`.
 */
export function baseUrl(option: string, value: unknown): string {
  const raw = requireString(option, value).trim();
  const url = raw.includes('://') ? raw : `https://${raw}`;
  if (!URL.canParse(url)) throw new ConfigError(option, `"${raw}" is not a host name or URL`);
  const { search, hash } = new URL(url);
  if (search || hash) throw new ConfigError(option, `"${raw}" has a query or fragment; give only the host (or base URL)`);
  return url.replace(/\/+$/, '');
}

/** One path segment (realm, tenant, authorization server id), checked and percent-encoded. */
export function segment(option: string, value: unknown): string {
  const raw = requireString(option, value);
  if (raw.includes('/')) throw new ConfigError(option, `"${raw}" contains "/"; give the ${option} name alone, not a URL or path`);
  return encodeURIComponent(raw);
}
