import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildTokenRequest, type Grant } from '@tok/core';

// #region route
/**
 * The route a browser app uses as its token endpoint: `POST /api/token` on the app's own origin.
 * The client secret lives here, in `grant`, on the server. The browser authenticates as the
 * signed-in user (a session cookie), never with the client secret, and cannot choose the scope:
 * whatever it sends, this route asks for the grant's own scope.
 */
export function tokenRoute(grant: Grant) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    // In a real app: check the user's session here and answer 401 without one.
    const { url, method, headers, body } = buildTokenRequest(grant);
    const upstream = await fetch(url, { method, headers, body, redirect: 'error' });
    // Pass the answer through: tok in the browser reads expires_in and OAuth errors from it.
    res.writeHead(upstream.status, {
      'content-type': upstream.headers.get('content-type') ?? 'application/json',
      'cache-control': 'no-store',
    });
    res.end(await upstream.text());
  };
}
// #endregion route
