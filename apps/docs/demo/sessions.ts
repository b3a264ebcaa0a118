import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The demo's session cookie: sent back on the /api routes only, never readable by scripts. */
export const SESSION_COOKIE = 'tok_demo_session';

export interface DemoSessions {
  /** Signs the visitor in as a new demo user, unless the request already has a session. */
  signIn(req: IncomingMessage, res: ServerResponse): void;
  /** The demo user the request's session cookie belongs to, or `undefined`. */
  userOf(req: IncomingMessage): string | undefined;
}

/**
 * The demo's stand-in for an app's login. The docs site has no accounts, so every visitor is
 * signed in as a demo user when a page asks `/api/status.json`; the token route then serves
 * signed-in users only, as a real app's route does. In a real app the session comes from your
 * login and `userOf` from your framework's session middleware.
 */
export function demoSessions(): DemoSessions {
  const users = new Map<string, string>();
  const userOf = (req: IncomingMessage) => {
    const id = cookie(req, SESSION_COOKIE);
    return id === undefined ? undefined : users.get(id);
  };
  return {
    userOf,
    signIn(req, res) {
      if (userOf(req) !== undefined) return;
      const id = randomBytes(18).toString('base64url');
      users.set(id, `demo-user-${users.size + 1}`);
      // HttpOnly: page scripts cannot read it; SameSite=Strict: other sites' pages cannot use it.
      // (A real app on https adds Secure.)
      res.setHeader('set-cookie', `${SESSION_COOKIE}=${id}; Path=/api; HttpOnly; SameSite=Strict`);
    },
  };
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = pair.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
