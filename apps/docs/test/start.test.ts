// `pnpm start` from the repository root, as a person runs it in a terminal: it says what it is doing
// and where the site is, without replaying build logs, and Ctrl+C (SIGINT to the terminal's whole
// process group) stops everything and exits 0, without pnpm reporting a failure. The packages are
// built already (turbo's test task depends on the build), so it skips building them again while
// other tests read them.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { repoDir } from './helpers/paths';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('pnpm start', () => {
  it('prints a few lines and the URL, serves the site, and stops cleanly on Ctrl+C', async () => {
    // A process group of its own, as a terminal gives a command: Ctrl+C signals the whole group.
    const port = await freePort();
    const child = spawn('pnpm', ['start', '--port', String(port)], { cwd: repoDir, detached: true, env: { ...process.env, FORCE_COLOR: '0', TOK_START_PACKAGES_BUILT: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    try {
      await expect.poll(() => output, { timeout: 200_000, interval: 500 }).toMatch(/live examples: (http:\/\/127\.0\.0\.1:\d+\/)/);
      const url = /live examples: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)![1]!;
      const lines = output.slice(0, output.indexOf('live examples:')).split('\n').filter((line) => line.trim() !== '');
      expect(lines.length, `what it printed before the URL:\n${output}`).toBeLessThanOrEqual(8);
      expect(output).not.toMatch(/cache (hit|miss)|tsup|DTS|ESM Build|Failed to resolve dependency/i);
      expect((await fetch(new URL('getting-started', url))).status).toBe(200);
    } finally {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGINT');
    }
    const { code } = await Promise.race([exited, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still running 20 s after Ctrl+C:\n${output}`)), 20_000))]);
    expect(code, output).toBe(0);
    expect(output).not.toMatch(/ERR_PNPM|ELIFECYCLE|Command failed/);
    expect(output).toContain('tok docs stopped.');
  }, 240_000);
});
