import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves a VitePress build: `/x.html` is itself, `/x` is `x.html` too, `/x/` is `x/index.html`, anything
 * else is the site's 404 page.
 */
export function serveStatic(root: string) {
  const file = (path: string) => {
    const full = normalize(join(root, path));
    return full.startsWith(root + sep) && existsSync(full) && statSync(full).isFile() ? full : undefined;
  };
  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const found = file(path) ?? file(`${path}.html`) ?? file(join(path, 'index.html'));
    const status = found ? 200 : 404;
    const served = found ?? join(root, '404.html');
    res.writeHead(status, {
      'content-type': TYPES[extname(served)] ?? 'application/octet-stream',
      'cache-control': path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(served).pipe(res);
  };
}
