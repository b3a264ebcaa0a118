import type { Token } from '../response/token.js';

/**
 * Where a token source keeps tokens beyond its own memory, e.g. to share them between sources or
 * processes. Keys come from {@link tokenCacheKey}; values are plain JSON-safe {@link Token}s.
 */
export interface TokenStore {
  get(key: string): Token | undefined | Promise<Token | undefined>;
  set(key: string, token: Token): void | Promise<void>;
  /**
   * Runs `fetch` while holding a lock on `key`, so that sources in several processes make one
   * token request between them: one runs it at a time, the others wait their turn and, inside it,
   * find the token the first one stored (the source checks the store again inside the lock).
   * `signal` aborts when the source is disposed: stop waiting then.
   *
   * The store's failures never fail a call: a `get`, `set` or `lock` that throws is reported as a
   * `store-failed` event and the source goes on as if it had no store. So a lock that cannot be had
   * in time should throw rather than wait on; once `fetch` has run, the lock passes on its outcome
   * (a failure to release must not replace it).
   */
  lock?<T>(key: string, fetch: () => Promise<T>, options?: { readonly signal?: AbortSignal | undefined }): Promise<T>;
}

/**
 * A store in this process's memory, for sharing tokens between several sources of the same grant.
 *
 * @see {@link TokenStore}
 * @see {@link tokenCacheKey} for the keys it is given
 * @example
 * ```ts
 * const store = memoryStore();
 * const a = createTokenSource(grant, { transport, store });
 * const b = createTokenSource(grant, { transport, store }); // reuses a's token
 * ```
 */
export function memoryStore(): TokenStore {
  const tokens = new Map<string, Token>();
  return {
    get: (key) => tokens.get(key),
    set: (key, token) => void tokens.set(key, token),
  };
}

/**
 * What {@link tokenCacheKey} reads of a grant: what decides which token the server issues. A
 * `Grant` from `clientCredentials(…)` is one. (Structural, so that this module depends on no grant.)
 */
export interface CacheKeyInput {
  readonly tokenUrl: string | undefined;
  readonly issuer?: string | undefined;
  readonly clientId: string | undefined;
  readonly clientSecret: { reveal(): string } | undefined;
  /** A placement name, or a client authentication (serialised as its public fields) with a key fingerprint. */
  readonly placement: string | { fingerprint?(): Promise<string | undefined> };
  readonly grantType: string;
  readonly scope: readonly string[];
  readonly audience: string | undefined;
  readonly resource: readonly string[];
  readonly params: Readonly<Record<string, string>>;
}

/**
 * A store key for a grant: a SHA-256 hash of everything that decides which token the server
 * issues — token URL, client id, secret, placement, grant type, scope, audience, resource and extra
 * parameters, and for a signing placement the fingerprint of its key (`privateKeyJwt`: the RFC 7638
 * thumbprint of the public key). The secret only enters the hash, so a rotated secret or private key
 * gets a new store key and never an old token, and the store key reveals nothing of either.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7638#section-3
 * @see {@link TokenStore}
 * @example
 * ```ts
 * await tokenCacheKey(grant); // "tok:9f86d081884c7d65…"
 * ```
 */
export async function tokenCacheKey(grant: CacheKeyInput): Promise<string> {
  // A placement serialises as { method, alg, kid }: a private key replaced under the same kid only
  // shows in its fingerprint.
  const fingerprint = typeof grant.placement === 'object' ? await grant.placement.fingerprint?.() : undefined;
  const material = JSON.stringify([
    grant.tokenUrl,
    grant.clientId,
    grant.clientSecret?.reveal(),
    grant.placement,
    grant.grantType,
    grant.scope,
    grant.audience,
    grant.resource,
    grant.params,
    // Only when set, so that keys of tokenUrl grants stay what they were.
    ...(grant.issuer === undefined ? [] : [grant.issuer]),
    ...(fingerprint === undefined ? [] : [{ fingerprint }]),
  ]);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(material));
  return `tok:${Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
