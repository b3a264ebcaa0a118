import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildTokenRequest, type Grant } from '@tok/core';

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
 */
export function tokenRoute(
  grant: Grant,
  userOf: (req: IncomingMessage) => string | undefined,
) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    // Only the app's own pages: a page on another site cannot make a browser
    // hide where it is.
    if (!fromOwnPage(req)) {
      return refuse(res, 403, 'only pages of this site may ask for a token');
    }
    // Only the app's signed-in users. Anyone can send the headers above with
    // curl: the session is the check that keeps this route from handing
    // tokens to the whole internet.
    if (userOf(req) === undefined) {
      return refuse(res, 401, 'sign in to the app first');
    }

    const { url, method, headers, body } = buildTokenRequest(grant);
    const upstream = await fetch(url, { method, headers, body, redirect: 'error' });
    // Pass the answer through: tok in the browser reads expires_in and OAuth
    // errors from it.
    res.writeHead(upstream.status, {
      'content-type': upstream.headers.get('content-type') ?? 'application/json',
      'cache-control': 'no-store',
    });
    res.end(await upstream.text());
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

function refuse(res: ServerResponse, status: 401 | 403, description: string) {
  // An OAuth error body, so that tok in the browser reports an OAuthError.
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
  });
  res.end(
    JSON.stringify({ error: 'access_denied', error_description: description }),
  );
}
// #endregion route
