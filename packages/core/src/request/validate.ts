import { ConfigError } from '../errors/ConfigError.js';

// RFC 6749 Appendix A: NQCHAR = %x21 / %x23-5B / %x5D-7E.
const NOT_NQCHAR = /[^\x21\x23-\x5b\x5d-\x7e]/;

/** A non-empty string, or a {@link ConfigError} naming `option`. */
export function requireString(option: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    throw new ConfigError(option, `expected a non-empty string, got ${describe(value)}`);
  }
  return value;
}

// Control characters (C0, DEL, C1) and unpaired surrogates, which no encoding carries faithfully.
const UNSENDABLE = /[\0-\x1f\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Checks a client id or secret that is form-encoded as UTF-8 before it is sent (placements `basic`,
 * `form`, `json`, signed assertions): any Unicode text but control characters and unpaired
 * surrogates. The message gives the position, never the character.
 */
export function requireCredentialText(option: string, value: string): string {
  const at = value.search(UNSENDABLE);
  if (at >= 0) {
    const why = /[\r\n]/.test(value[at] ?? '') ? 'a line break (read from a file? trim it)' : 'a control character or an unpaired surrogate';
    throw new ConfigError(option, `contains ${why} at position ${at}`);
  }
  return value;
}

// RFC 9110 §5.6.2 token: a header name, an auth scheme.
const TOKEN = /^[!#$%&'*+.^`|~\w-]+$/;

/** An HTTP header name or auth scheme (RFC 9110 §5.6.2 token), or a {@link ConfigError} naming `option`. */
export function requireHeaderName(option: string, value: unknown, what = 'an HTTP header name'): string {
  if (typeof value !== 'string' || !TOKEN.test(value)) {
    throw new ConfigError(option, `${shown(value)} is not ${what} (an RFC 9110 token: letters, digits and !#$%&'*+-.^_\`|~, no spaces)`);
  }
  return value;
}

/**
 * A header value that `fetch` and Node send as given: no CR, LF or NUL (header injection), no other
 * control character, nothing above U+00FF (not a byte), no leading or trailing whitespace (trimmed
 * by `fetch`). The message gives the position, never the value: header values hold keys.
 */
export function requireHeaderValue(option: string, value: string): string {
  const at = value.search(/[^\t\x20-\x7e\x80-\xff]|^[\t ]|[\t ]$/);
  if (at >= 0) {
    const why = /[\0\n\r]/.test(value[at] as string) ? 'a CR, LF or NUL (it would end the header)' : 'a control character, a character above U+00FF or surrounding whitespace';
    throw new ConfigError(option, `contains ${why} at position ${at}; a header value is printable Latin-1 text`);
  }
  return value;
}

/** A number in `[min, max]` (`integer`: a whole one), or a {@link ConfigError} saying what was given. */
export function requireNumber(option: string, value: unknown, expected: string, min: number, max = Number.MAX_SAFE_INTEGER, integer = false): number {
  if (typeof value !== 'number' || !(value >= min && value <= max) || (integer && !Number.isInteger(value))) {
    throw new ConfigError(option, `expected ${expected}, got ${shown(value)}`);
  }
  return value;
}

/** `value` when it is one of `choices`, else a {@link ConfigError} listing them. */
export function requireOneOf<T extends string>(option: string, value: unknown, choices: readonly T[]): T {
  if (!choices.includes(value as T)) throw new ConfigError(option, `expected one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${shown(value)}`);
  return value as T;
}

/** A function, when given; `undefined` passes. */
export function optionalFunction(option: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function') throw new ConfigError(option, `expected a function, got ${describe(value)}`);
}

/**
 * A value as an error message may show it, for options that hold no secret: numbers, booleans and
 * short strings as they are, anything else by its type.
 */
export function shown(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string' && value !== '') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  return describe(value);
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

/**
 * Refuses an option that `known` lacks, as a {@link ConfigError} that names the option it most
 * likely meant: a misspelt `scopes` or `timeout` would otherwise be ignored without a word, and the
 * token would quietly lack its scope or the source wait its default time.
 */
export function rejectUnknownOptions(where: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const meant = known.find((name) => resembles(key, name, true)) ?? known.find((name) => resembles(key, name, false));
    throw new ConfigError(key, `is not an option of ${where}; ${meant ? `did you mean ${meant}?` : `it takes ${known.join(', ')}`}`);
  }
}

// Equal but for case, `_` and `-`, or one the start of the other (scopes → scope, timeout →
// timeoutMs); less `closely`, alike in length and first letters (audiance → audience). A hint only.
function resembles(given: string, name: string, closely: boolean): boolean {
  const a = given.toLowerCase().replace(/[_-]/g, '');
  const b = name.toLowerCase();
  return closely ? a.startsWith(b) || b.startsWith(a) : a.slice(0, 4) === b.slice(0, 4) && Math.abs(a.length - b.length) < 3;
}
