// The README's shell example, run as written: `tok` on the PATH (the built binary), against a
// local token server and API, with exactly the variables its marker names.
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startApiServer, startTokenServer } from '@tok/test-utils';
import { expect, it } from 'vitest';
import { bin } from './helpers.js';

const MARKER = /<!-- runnable shell example: ([\w ]*)-->\s*```sh\n([^]*?)\n```/;

it("the README's shell example runs against a local token server and API", async () => {
  const match = MARKER.exec(readFileSync(new URL('../../README.md', import.meta.url), 'utf8'));
  expect(match).not.toBeNull();
  const [, names = '', script = ''] = match as RegExpExecArray;
  const tokens = await startTokenServer({ clients: [{ clientId: 'readme', clientSecret: 'readme-secret-91' }] });
  const api = await startApiServer({ tokenServer: tokens });
  try {
    const env: Record<string, string> = { TOK_TOKEN_URL: tokens.url, TOK_CLIENT_ID: 'readme', TOK_CLIENT_SECRET: 'readme-secret-91', API_URL: `${api.origin}/v1/items` };
    expect(names.trim().split(' ').sort()).toEqual(Object.keys(env).sort());
    const dir = mkdtempSync(join(tmpdir(), 'tok-path-'));
    chmodSync(bin, 0o755);
    symlinkSync(bin, join(dir, 'tok'));
    const { stdout } = await promisify(execFile)('sh', ['-ec', script], { env: { ...env, PATH: `${dir}:${process.env.PATH ?? ''}` }, cwd: dir });
    expect(stdout).toBe("the configuration works\ncurl got through with tok's token\n200 OK\n");
    expect(api.requests.map((request) => request.status)).toEqual([200, 200]);
  } finally {
    await Promise.all([tokens.close(), api.close()]);
  }
});
