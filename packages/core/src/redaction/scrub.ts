// What a failed request may leak, and the rewrite that keeps it out of every view of an error:
// message, stack, the whole cause chain, util.inspect and JSON.stringify. Internal: the token source
// and the transports import it; it is not part of the public API.
import type { HttpRequest } from '../http/types.js';
import { isError, isTokError } from '../errors/TokError.js';
import { REDACTED, redactTokens } from './redact.js';
import { formEncode } from '../client-auth/placement.js';

// Headers that never carry a credential; every other header of a token request is treated as one
// (a grant's `headers` may hold an API key, and Authorization holds the client's credentials).
const PLAIN_HEADERS = ['content-type', 'accept'];
// Body fields that are credentials (RFC 6749 §2.3.1, RFC 7521 §4.2, RFC 8693, RFC 6749 §4.3, §6).
const SECRET_FIELDS = ['client_secret', 'client_assertion', 'assertion', 'password', 'refresh_token', 'subject_token', 'actor_token'];
// Shorter strings cannot be told apart from ordinary text: replacing them would mangle messages
// (a header `x-tenant: 1` would redact every "1") without protecting anything worth protecting.
const MIN_SECRET_LENGTH = 4;
// Deeper than this, a cause chain is cut: no real error nests so far, and recursion must end.
const MAX_DEPTH = 32;

/**
 * The credentials a request carries, in every encoding a server may echo them in: each header
 * value other than `content-type` and `accept` (whole, and the part after an auth scheme), the
 * Basic credentials base64 and decoded (`id:secret` and the secret alone, form-decoded too), and the
 * body's `client_secret`, `client_assertion` and other credential fields, each raw, form-encoded,
 * percent-encoded and JSON-escaped. Values shorter than 4 characters are left out.
 */
export function requestSecrets(request: HttpRequest): string[] {
  const found = new Set<string>();
  const add = (value: string | undefined) => {
    if (value === undefined) return;
    for (const form of [value, formEncode(value), encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]) {
      if (form.length >= MIN_SECRET_LENGTH) found.add(form);
    }
  };
  for (const [name, value] of Object.entries(request.headers)) {
    if (PLAIN_HEADERS.includes(name.toLowerCase())) continue;
    add(value);
    const space = value.indexOf(' ');
    if (space < 0) continue;
    const credentials = value.slice(space + 1).trim();
    add(credentials);
    if (value.slice(0, space).toLowerCase() === 'basic') {
      for (const decoded of decodeBase64(credentials)) {
        add(decoded);
        const secret = decoded.slice(decoded.indexOf(':') + 1);
        add(secret);
        add(formDecode(secret));
      }
    }
  }
  for (const value of bodyFields(request.body)) add(value);
  return [...found];
}

/**
 * Rewrites `error` so that none of `secrets` (see {@link requestSecrets}) and no token-looking
 * credential (see `redactTokens`) appears in any view of it. A tok error is rewritten in place and
 * returned (its class, `code` and fields stay): every string it holds (message, stack,
 * `errorDescription`, …) and its `cause` at any depth, including a {@link NegotiationError}'s
 * attempts. Any other error in the chain (fetch's `TypeError`, ky's `NetworkError`, an
 * `AxiosError`) becomes a plain `Error` with only its `name`, `code`, scrubbed message and stack,
 * and scrubbed `cause`; any other object that is not plain data (a `Request`, `Headers`, an axios
 * config) becomes a plain `Error` naming its kind. Plain objects and arrays are copied with their
 * keys and strings scrubbed. Anything that is not an error comes back scrubbed the same way.
 */
export function scrubError<E extends Error>(error: E, secrets: readonly string[]): E | Error;
export function scrubError(error: unknown, secrets: readonly string[]): unknown;
export function scrubError(error: unknown, secrets: readonly string[]): unknown {
  // Longest first, so that a secret inside a longer one ("id:secret") never leaves the rest behind.
  const sorted = [...new Set(secrets)].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  const text = (value: string) => redactTokens(sorted.reduce((out, secret) => out.split(secret).join(REDACTED), value));
  const done = new Map<object, unknown>();

  const scrub = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return text(value);
    if (typeof value !== 'object' || value === null) return typeof value === 'function' ? undefined : value;
    const known = done.get(value);
    if (known !== undefined || done.has(value)) return known;
    if (depth > MAX_DEPTH) return REDACTED;
    if (isTokError(value)) {
      done.set(value, value);
      rewriteInPlace(value, (v) => scrub(v, depth + 1));
      return value;
    }
    if (isError(value)) {
      const { name, code, message, stack, cause } = value as Error & { code?: unknown };
      const copy = new Error(text(String(message))) as Error & { code?: unknown };
      done.set(value, copy);
      copy.name = typeof name === 'string' ? text(name) : 'Error';
      if (typeof code === 'string' || typeof code === 'number') copy.code = code;
      copy.stack = typeof stack === 'string' ? text(stack) : `${copy.name}: ${copy.message}`;
      // Not enumerable, as the `cause` an Error constructor sets: JSON.stringify leaves it out.
      if (cause !== undefined) Object.defineProperty(copy, 'cause', { value: scrub(cause, depth + 1), writable: true, configurable: true });
      return copy;
    }
    if (Array.isArray(value)) {
      const copy: unknown[] = [];
      done.set(value, copy);
      for (const item of value) copy.push(scrub(item, depth + 1));
      return copy;
    }
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype === Object.prototype || prototype === null) {
      const copy: Record<string, unknown> = {};
      done.set(value, copy);
      for (const [key, item] of Object.entries(value)) copy[text(key)] = scrub(item, depth + 1);
      return copy;
    }
    // A Request, Headers, an axios config or any class instance: it may hold the request's
    // credentials in places no rewrite can know. Only its kind is kept.
    const kind = (value as { constructor?: { name?: unknown } }).constructor?.name;
    const replacement = new Error(`${typeof kind === 'string' && kind ? kind : 'object'} left out: it may hold credentials`);
    done.set(value, replacement);
    return replacement;
  };
  return scrub(error, 0);
}

// Every own string or object property of a tok error, message and stack included, through `visit`.
// `code` and `name` are tok's own; properties that cannot be written are left as they are.
function rewriteInPlace(error: object, visit: (value: unknown) => unknown): void {
  for (const key of Reflect.ownKeys(error)) {
    if (key === 'code' || key === 'name') continue;
    const descriptor = Object.getOwnPropertyDescriptor(error, key);
    if (!descriptor) continue;
    try {
      if ('value' in descriptor) {
        if (typeof descriptor.value !== 'object' && typeof descriptor.value !== 'string') continue;
        Object.defineProperty(error, key, { ...descriptor, value: visit(descriptor.value) });
      } else if (descriptor.set) {
        const value: unknown = (error as Record<PropertyKey, unknown>)[key];
        (error as Record<PropertyKey, unknown>)[key] = visit(value);
      }
    } catch {
      // A frozen or non-configurable property: nothing tok put there.
    }
  }
}

function decodeBase64(value: string): string[] {
  try {
    const binary = atob(value);
    const utf8 = new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
    return utf8 === binary ? [binary] : [binary, utf8];
  } catch {
    return [];
  }
}

function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

// The credential fields of a form or JSON body (JSON also when an array holds several values).
function bodyFields(body: string | undefined): string[] {
  if (!body) return [];
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null) {
      return SECRET_FIELDS.flatMap((field) => [(parsed as Record<string, unknown>)[field]].flat()).filter((v): v is string => typeof v === 'string');
    }
  } catch {
    // Not JSON: a form body.
  }
  const form = new URLSearchParams(body);
  return SECRET_FIELDS.flatMap((field) => form.getAll(field));
}
