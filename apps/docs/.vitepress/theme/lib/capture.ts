import type { HttpRequest, TokenGrant } from '@tok/core';

/**
 * The first request `grant` sends for a token, as tok builds it, captured before it goes out: what
 * the Run panel shows. Works for any grant (clientCredentials, tokenRoute, one of your own).
 */
export async function firstTokenRequest(grant: TokenGrant): Promise<HttpRequest | undefined> {
  let captured: HttpRequest | undefined;
  const stop = new Error('captured, not sent');
  await grant
    .requestToken({
      send: async (request) => {
        captured = request;
        throw stop;
      },
      now: Date.now,
      jti: () => crypto.randomUUID(),
      parse: undefined,
    })
    .catch((error: unknown) => {
      if (error !== stop && captured === undefined) throw error;
    });
  return captured;
}
