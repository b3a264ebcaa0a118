import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fetchTransport, type Grant, parseTokenResponse, prepareTokenRequest } from '@tok/core';

// #region route
/**
 * The route a browser app uses as its token endpoint: `POST /api/token` on the
 * app's own origin. The client secret lives here, in `grant`, on the server.
 * The browser never sends the secret: it proves who it is with the user's
 * session cookie, and cannot choose the scope (whatever it sends, this route
 * asks for the grant's own scope).
 *
 * `userOf` is your app's session lookup: the signed-in user the request's
 * session cookie belongs to, or `undefined`.
 *
 * Every answer is JSON in OAuth's shape, so that tok in the browser caches,
 * refreshes and reports errors as with any token endpoint. The route never
 * throws: a wrong secret or an authorization server that is down is a 502
 * for the browser and a line in this server's log (tok's errors never
 * contain the secret).
 */
export function tokenRoute(
  grant: Grant,
  userOf: (req: IncomingMessage) => unknown,
  { log = console.error, timeoutMs = 10_000 } = {},
) {
  const transport = fetchTransport(fetch);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      if (req.method !== 'POST') {
        return reply(res, 405, {
          error: 'invalid_request',
          error_description: 'use POST',
        });
      }
      // Only the app's own pages: a page on another site cannot make a browser
      // hide where it is.
      if (!fromOwnPage(req)) {
        return reply(res, 403, {
          error: 'access_denied',
          error_description: 'only pages of this site may ask for a token',
        });
      }
      // Only the app's signed-in users. Anyone can send the headers above with
      // curl: the session is the check that keeps this route from handing
      // tokens to the whole internet.
      if ((await userOf(req)) === undefined) {
        return reply(res, 401, {
          error: 'access_denied',
          error_description: 'sign in to the app first',
        });
      }

      // One token request per call: after a 401 the browser asks again and
      // must get a new token, not a copy of the one the API refused.
      const request = await prepareTokenRequest(grant, {
        now: Date.now(),
        jti: randomUUID(),
      });
      const requestedAt = Date.now();
      const answer = await transport(request, {
        signal: AbortSignal.timeout(timeoutMs),
      });
      // Throws OAuthError (e.g. invalid_client: a wrong secret) or
      // ResponseError for anything that is not a usable token.
      const { accessToken, expiresAt, scope } = parseTokenResponse(answer, {
        requestedAt,
      });
      const expiresIn = Math.round(((expiresAt ?? 0) - Date.now()) / 1000);
      return reply(res, 200, {
        access_token: accessToken,
        token_type: 'Bearer',
        ...(expiresAt === undefined ? {} : { expires_in: Math.max(0, expiresIn) }),
        ...(scope === undefined ? {} : { scope }),
      });
    } catch (error) {
      // The browser cannot fix this server's configuration or its
      // authorization server: it gets a 502 (which tok retries with backoff),
      // the operators get the typed error in the log.
      log('token route:', error);
      if (!res.headersSent) {
        return reply(res, 502, {
          error: 'server_error',
          error_description: 'the app could not get a token from its authorization server',
        });
      }
      res.destroy();
    }
  };
}

/** Whether the browser says this request comes from a page of this origin. */
function fromOwnPage(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin';
  // Browsers without Sec-Fetch-Site still send Origin on a POST: it must be
  // this host.
  const origin = req.headers.origin;
  return (
    origin !== undefined &&
    URL.canParse(origin) &&
    new URL(origin).host === req.headers.host
  );
}

function reply(
  res: ServerResponse,
  status: number,
  body: Record<string, string | number>,
): void {
  // no-store: no proxy or browser cache keeps a token (RFC 6749 §5.1).
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    ...(status === 405 ? { allow: 'POST' } : {}),
  });
  res.end(JSON.stringify(body));
}
// #endregion route
