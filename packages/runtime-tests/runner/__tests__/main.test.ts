import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../main.ts', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const runner = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [tsx, main, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });

describe('pnpm test:runtimes', { timeout: 60_000 }, () => {
  it('fails loudly, as one failure, when a runtime cannot start', () => {
    const result = runner(['chromium', '--filter=caches'], { CHROMIUM_PATH: '/nonexistent/chromium' });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/\[chromium\] RUNTIME FAILED: /);
    expect(result.stdout).toMatch(/^runtime chromium FAIL \(did not run to the end\)/m);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('0 passed, 1 failed');
  });

  it('stops a runtime at TOK_RUNTIME_TIMEOUT_MS and counts it as one failure, Chromium included', () => {
    // Chromium and the whole suite do not fit in one second: wherever the limit falls (start,
    // page load or the suite itself), the run must end with a timeout, not wait. A runner that
    // waited would be killed by the spawn's 60 s limit (the default runtime limit is 180 s) and
    // print no summary line.
    const result = runner(['chromium'], { TOK_RUNTIME_TIMEOUT_MS: '1000' });
    expect(result.stdout).toMatch(/\[chromium\] RUNTIME FAILED: timed out after 1000 ms/);
    expect(result.stdout).toMatch(/^runtime chromium FAIL \(did not run to the end\)/m);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('0 passed, 1 failed');
    expect(result.status).toBe(1);
  });

  it('refuses a runtime it does not know', () => {
    const result = runner(['node18']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/unknown runtime node18; known: node20, node24, bun, deno, workerd, chromium/);
  });
});
