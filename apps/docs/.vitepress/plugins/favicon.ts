import { readFileSync } from 'node:fs';
import type { VitePlugin as Plugin } from './types';

/**
 * The dev server renders `<head>` in the browser, after Chromium has already asked for
 * /favicon.ico; answer that with the logo instead of a 404 in every page's console.
 */
export function faviconFallback(svgFile: string): Plugin {
  return {
    name: 'tok-favicon-fallback',
    configureServer(server) {
      server.middlewares.use('/favicon.ico', (_req, res) => {
        res.writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'no-cache' });
        res.end(readFileSync(svgFile));
      });
    },
  };
}
