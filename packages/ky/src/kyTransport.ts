import { fetchTransport } from '@tok/core';
import type { Transport } from '@tok/core/adapter';

/** Marks token requests in ky's `context`, so that {@link tokenHooks} leave them alone. */
export const TOKEN_REQUEST = Symbol.for('@tok/ky:token-request');

/** The options {@link kyTransport} sends with: ky's retries, timeout and HTTP errors off, tok's hooks skipped. */
export interface KyTransportOptions {
  throwHttpErrors: false;
  retry: 0;
  timeout: false;
  context: Record<PropertyKey, unknown>;
}

/**
 * A ky instance, of ky 1 or ky 2, as far as {@link kyTransport} uses it.
 *
 * @example
 * ```ts
 * const client: KyLike = ky.create({ headers: { 'user-agent': 'reports/1.0' } });
 * ```
 */
export type KyLike = (input: Request, options: KyTransportOptions) => Promise<Response>;

/**
 * A `Transport` over a ky instance (its `fetch`, headers and agent options apply): the answer
 * whatever its status, with ky's retries and timeout off (the token source has its own), no
 * redirect followed, and none of tok's hooks run even when the instance has them.
 *
 * @example
 * ```ts
 * import ky from 'ky';
 * import { createTokenSource } from '@tok/core';
 * import { kyTransport } from '@tok/ky';
 *
 * const source = createTokenSource(grant, { transport: kyTransport(ky) });
 * ```
 */
export function kyTransport(ky: KyLike): Transport {
  // A Request as input: a `prefixUrl` / `prefix` / `baseUrl` of the instance does not apply to it.
  return fetchTransport((input, init) => ky(new Request(input, init), { throwHttpErrors: false, retry: 0, timeout: false, context: { [TOKEN_REQUEST]: true } }));
}
