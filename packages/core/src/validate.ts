import { ConfigError } from './errors/ConfigError.js';

// RFC 6749 Appendix A: VSCHAR = %x20-7E, NQCHAR = %x21 / %x23-5B / %x5D-7E.
const NOT_VSCHAR = /[^\x20-\x7e]/;
const NOT_NQCHAR = /[^\x21\x23-\x5b\x5d-\x7e]/;

/** A non-empty string, or a {@link ConfigError} naming `option`. */
export function requireString(option: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    throw new ConfigError(option, `expected a non-empty string, got ${describe(value)}`);
  }
  return value;
}

/**
 * Checks a client id or secret against RFC 6749 VSCHAR. The message gives the position, never the
 * character, so that a secret is not echoed.
 */
export function requireVschar(option: string, value: string): string {
  const at = value.search(NOT_VSCHAR);
  if (at >= 0) {
    const why = /[\r\n]/.test(value[at] ?? '') ? 'a line break (read from a file? trim it)' : 'a character outside printable ASCII';
    throw new ConfigError(option, `contains ${why} at position ${at}; RFC 6749 allows only U+0020–U+007E`);
  }
  return value;
}

/** Normalises a scope given as a space-delimited string or a list into scope tokens. */
export function scopeTokens(value: unknown): string[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return value.split(' ').filter(Boolean).map((s, i) => scopeToken(`scope[${i}]`, s));
  if (!Array.isArray(value)) throw new ConfigError('scope', `expected a string or an array of strings, got ${describe(value)}`);
  return value.map((s: unknown, i) => {
    const option = `scope[${i}]`;
    const token = requireString(option, s);
    if (token.includes(' ')) throw new ConfigError(option, `"${token}" contains a space; give each scope as its own item`);
    return scopeToken(option, token);
  });
}

function scopeToken(option: string, token: string): string {
  if (NOT_NQCHAR.test(token)) throw new ConfigError(option, `"${token}" has a character RFC 6749 §3.3 does not allow in a scope`);
  return token;
}

/** RFC 8707 §2: each resource is an absolute URI without a fragment. */
export function resourceUris(value: unknown): string[] {
  if (value === undefined) return [];
  const list: unknown[] = Array.isArray(value) ? value : [value];
  return list.map((r, i) => {
    const option = Array.isArray(value) ? `resource[${i}]` : 'resource';
    const uri = requireString(option, r);
    if (!URL.canParse(uri) || uri.includes('#')) {
      throw new ConfigError(option, `"${uri}" must be an absolute URI without a fragment (RFC 8707 §2)`);
    }
    return uri;
  });
}

/** A plain object of string values, e.g. `params` or `headers`. */
export function stringRecord(option: string, value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(option, `expected an object of strings, got ${describe(value)}`);
  }
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new ConfigError(`${option}.${key}`, `expected a string, got ${describe(v)}`);
    out[key] = v;
  }
  return out;
}

/** Names a value's type for an error message without printing the value. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'a string';
  return typeof value;
}
