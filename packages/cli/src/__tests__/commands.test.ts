// Every command of the built `tok`, as a user runs it: the output, the exit codes of the table in
// --help, where the configuration comes from, and that the secret never shows.
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { type ApiServer, startApiServer, startEchoServer, startTokenServer, type TokenServer } from '@tok/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin, dirWithEnvFile, runs, tok, transcript } from './helpers.js';

const SECRET = 'cli-s3cret-4b2a';
let tokens: TokenServer;
let api: ApiServer;
let env: Record<string, string>;

beforeAll(async () => {
  tokens = await startTokenServer({ clients: [{ clientId: 'reports', clientSecret: SECRET }], expiresIn: 3600 });
  api = await startApiServer({ tokenServer: tokens });
  env = { TOK_TOKEN_URL: tokens.url, TOK_CLIENT_ID: 'reports', TOK_CLIENT_SECRET: SECRET };
});

afterAll(async () => {
  await Promise.all([tokens?.close(), api?.close()]);
  for (const run of runs) expect(run.stdout + run.stderr, `tok ${run.args.join(' ')}`).not.toContain(SECRET);
});

function keep(name: string, text: string): void {
  if (!process.env.TOK_WRITE_TRANSCRIPTS) return;
  const dir = new URL('../../transcripts/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  writeFileSync(new URL(`${name}.txt`, dir), text);
}

// A JWT as a server would issue it (the CLI never checks signatures), with times around now.
function jwt(claims: Record<string, unknown>): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'at+jwt', kid: 'key-1' })}.${part(claims)}.c2lnbmF0dXJl`;
}

describe('tok token and tok header', () => {
  it('tok token prints the access token and nothing else', async () => {
    const run = await tok(['token'], { env });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^[\w-]+\n$/);
    expect(tokens.find(run.stdout.trim())).toBeDefined();
  });

  it('tok token --json gives the token with its type, expiry and scope', async () => {
    const run = await tok(['token', '--json', '--scope', 'reports:read'], { env });
    expect(run.code).toBe(0);
    const body = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'Bearer', scope: 'reports:read' });
    expect(tokens.find(body.access_token as string)).toBeDefined();
    expect(body.expires_in).toBeGreaterThan(3500);
  });

  it('tok header prints the Authorization header, for curl -H "$(tok header)"', async () => {
    const run = await tok(['header'], { env });
    expect(run.code).toBe(0);
    const match = /^Authorization: Bearer ([\w-]+)\n$/.exec(run.stdout);
    expect(match).not.toBeNull();
    expect(tokens.find(match?.[1] as string)).toBeDefined();
    const json = JSON.parse((await tok(['header', '--json'], { env })).stdout) as { name: string; value: string };
    expect(json.name).toBe('Authorization');
    expect(json.value).toMatch(/^Bearer [\w-]+$/);
  });
});

describe('tok request', () => {
  it('calls the API with the token and prints status, headers and body', async () => {
    const run = await tok(['request', `${api.origin}/v1/items?limit=2`], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^200 OK\n/);
    expect(run.stdout).toMatch(/\ncontent-type: application\/json/);
    expect(run.stdout).toMatch(/\n\n\{"ok":true,"path":"\/v1\/items\?limit=2","method":"GET"/);
    const sent = api.requests.at(-1);
    expect(sent?.path).toBe('/v1/items?limit=2');
    expect(tokens.find(sent?.token ?? '')).toBeDefined();
    expect(run.stdout).not.toContain(sent?.token);
    keep('request', transcript(`tok request ${api.origin}/v1/items?limit=2`, run));
  });

  it('shows a token that the API echoes back as [redacted]', async () => {
    const echo = await startEchoServer();
    try {
      const run = await tok(['request', `${echo.origin}/whoami`], { env });
      expect(run.code, run.stderr).toBe(0);
      const sent = echo.requests.at(-1)?.headers.authorization ?? '';
      expect(sent).toMatch(/^Bearer [\w-]{16,}$/);
      expect(run.stdout).toContain('"authorization":"Bearer [redacted]"');
      expect(run.stdout).not.toContain(sent.slice('Bearer '.length));
    } finally {
      await echo.close();
    }
  });

  it('sends -X, -d and -H, and --json gives status, headers and the parsed body', async () => {
    const run = await tok(['request', '--json', '-X', 'PUT', '-d', '{"name":"q3"}', '-H', 'Content-Type: application/json', '-H', 'X-Trace: 42', `${api.origin}/v1/reports/7`], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 200, body: { ok: true, method: 'PUT', path: '/v1/reports/7', body: '{"name":"q3"}' } });
    const sent = api.requests.at(-1);
    expect(sent?.headers).toMatchObject({ 'content-type': 'application/json', 'x-trace': '42' });
  });

  it('gets a fresh token once when the API refuses the first (401), as @tok/fetch does', async () => {
    tokens.behave({ accessToken: 'revoked-before-use-0123456789' });
    api.revoke('revoked-before-use-0123456789');
    const before = tokens.count;
    const run = await tok(['request', `${api.origin}/v1/items`], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^200 OK/);
    expect(tokens.count - before).toBe(2);
    expect(api.requests.slice(-2).map((request) => request.status)).toEqual([401, 200]);
  });

  it('exits 5 when the API answers with an error status', async () => {
    // The API refuses a token for ever: one retry, then its 401 is the answer.
    tokens.setDefault({ accessToken: 'always-revoked-token-0123456789' });
    api.revoke('always-revoked-token-0123456789');
    try {
      const run = await tok(['request', `${api.origin}/v1/items`], { env });
      expect(run.code).toBe(5);
      expect(run.stdout).toMatch(/^401 Unauthorized\n/);
      expect(run.stdout).toMatch(/www-authenticate: Bearer error="invalid_token"/);
    } finally {
      tokens.setDefault({});
    }
  });
});

describe('tok decode', () => {
  const now = Math.floor(Date.now() / 1000);
  const token = jwt({ iss: 'https://auth.example.com/', sub: 'reports', aud: 'https://api.example.com', scope: 'reports:read', iat: now - 60, exp: now + 3540 });

  it('shows the header and claims, with times in local time and "expires in"', async () => {
    const run = await tok(['decode', token], { env: { TZ: 'Asia/Tokyo' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^header\n +alg +RS256\n +typ +at\+jwt\n +kid +key-1\nclaims\n/);
    expect(run.stdout).toMatch(/\n +exp +\d+ +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+09:00 \(expires in 5\d min \d+ s\)\n/);
    expect(run.stdout).toMatch(/\n +iat +\d+ +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+09:00 \(1 min \d+ s ago\)\n/);
    expect(run.stdout).toContain('signature not verified');
    keep('decode', transcript('tok decode eyJhbGciOiJSUzI1NiIs…', await tok(['decode', token])));
  });

  it('reads the token from stdin, also as a pasted Authorization header, and --json gives the claims', async () => {
    const run = await tok(['decode', '--json'], { stdin: `Authorization: Bearer ${token}\n` });
    expect(run.code).toBe(0);
    const body = JSON.parse(run.stdout) as { claims: Record<string, unknown>; times: Record<string, { relative: string }> };
    expect(body.claims).toMatchObject({ sub: 'reports', exp: now + 3540 });
    expect(body.times.exp?.relative).toMatch(/^in 5\d min/);
  });

  it('exits 2 for what is not a JWT', async () => {
    const run = await tok(['decode', 'an-opaque-token']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/not a JWT/);
  });
});

describe('configuration: flags, then environment, then .env; the secret from the environment or stdin', () => {
  it('reads a .env file in the working directory, and the environment wins over it', async () => {
    const dir = dirWithEnvFile(`TOK_TOKEN_URL=${tokens.url}\nTOK_CLIENT_ID=reports\nTOK_CLIENT_SECRET=${SECRET}\n`);
    expect((await tok(['token'], { cwd: dir })).code).toBe(0);
    const refused = await tok(['token'], { cwd: dir, env: { TOK_CLIENT_ID: 'someone-else' } });
    expect(refused.code).toBe(3);
    // A flag wins over both.
    expect((await tok(['token', '--client-id', 'reports'], { cwd: dir, env: { TOK_CLIENT_ID: 'someone-else' } })).code).toBe(0);
    expect((await tok(['token', '--no-env-file'], { cwd: dir })).code).toBe(2);
  });

  it('reads the secret from stdin with --client-secret-stdin, and it wins over the environment', async () => {
    const run = await tok(['token', '--client-secret-stdin'], { env: { ...env, TOK_CLIENT_SECRET: 'wrong-secret' }, stdin: `${SECRET}\n` });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
  });

  it('takes the secret on the command line, with a warning that ps can see it', async () => {
    const { TOK_CLIENT_SECRET: _, ...rest } = env;
    const run = await tok(['token', '--client-secret', SECRET], { env: rest });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^tok: warning: --client-secret puts the secret where ps and your shell history can see it/);
  });

  it('exits 2 with the fix when something is missing or unknown', async () => {
    const noId = await tok(['token'], { env: { TOK_TOKEN_URL: tokens.url, TOK_CLIENT_SECRET: SECRET } });
    expect([noId.code, noId.stderr]).toEqual([2, 'tok: error: no client id: set TOK_CLIENT_ID or --client-id\n']);
    const noUrl = await tok(['doctor'], { env: { TOK_CLIENT_ID: 'reports', TOK_CLIENT_SECRET: SECRET } });
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toMatch(/no token endpoint: set TOK_TOKEN_URL/);
    const unknown = await tok(['token', '--client-scret', 'x'], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--client-scret'/);
    expect((await tok(['tokne'], { env })).stderr).toMatch(/unknown command "tokne"/);
    const badPlacement = await tok(['token', '--placement', 'body'], { env });
    expect([badPlacement.code, badPlacement.stderr]).toEqual([2, expect.stringMatching(/"body" is not one of basic, .*form/)]);
  });

  it('--json reports an error as JSON on stdout, with its exit code', async () => {
    const run = await tok(['token', '--json'], { env: { ...env, TOK_CLIENT_SECRET: 'wrong-secret' } });
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { exitCode: 3, code: 'TOK_OAUTH_ERROR', error: 'invalid_client', status: 401 } });
  });

  it('exits 3 for an OAuth error and 4 when the endpoint does not answer', async () => {
    expect((await tok(['token'], { env: { ...env, TOK_CLIENT_SECRET: 'wrong-secret' } })).code).toBe(3);
    const down = await startTokenServer();
    const url = down.url;
    await down.close();
    const run = await tok(['token', '--timeout', '2'], { env: { ...env, TOK_TOKEN_URL: url } });
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/ECONNREFUSED/);
  });
});

describe('the terminal', () => {
  // `script` gives tok a pseudo-terminal, as a person's shell does.
  const inTerminal = async (args: readonly string[], extra: Record<string, string>) => {
    const command = [process.execPath, bin, ...args].map((word) => `'${word}'`).join(' ');
    const { stdout } = await promisify(execFile)('script', ['-qec', command, '/dev/null'], { env: { PATH: process.env.PATH ?? '', TERM: 'xterm', ...env, ...extra } });
    expect(stdout).not.toContain(SECRET);
    return stdout;
  };

  it('colours and a progress line on a terminal; neither with NO_COLOR or in a pipe', async () => {
    const slow = await startTokenServer({ clients: [{ clientId: 'reports', clientSecret: SECRET }], latencyMs: 400 });
    try {
      const shown = await inTerminal(['doctor'], { TOK_TOKEN_URL: slow.url });
      expect(shown).toContain('\x1b[32m✓\x1b[39m');
      expect(shown).toMatch(/⠋ POST http:\/\/127\.0\.0\.1:\d+\/token \(placement basic/);
      const plain = await inTerminal(['doctor'], { TOK_TOKEN_URL: slow.url, NO_COLOR: '1' });
      expect(plain).not.toMatch(/\x1b\[3\dm/);
      const piped = await tok(['doctor'], { env: { ...env, TOK_TOKEN_URL: slow.url } });
      expect(piped.stdout + piped.stderr).not.toContain('\x1b');
    } finally {
      await slow.close();
    }
  });
});

describe('the secret typed at a terminal', () => {
  it('--client-secret-stdin prompts on a terminal and does not echo what is typed', async () => {
    const command = `'${process.execPath}' '${bin}' token --client-secret-stdin`;
    const { TOK_CLIENT_SECRET: _, ...rest } = env;
    const child = spawn('script', ['-qec', command, '/dev/null'], { env: { PATH: process.env.PATH ?? '', TERM: 'xterm', ...rest } });
    let screen = '';
    let typed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk;
      // Typed once the prompt is there, as a person would.
      if (!typed && screen.includes('client secret (not shown): ')) {
        typed = true;
        child.stdin.write(`${SECRET}\r`);
      }
    });
    // A prompt that never comes must not leave the child behind.
    const guard = setTimeout(() => child.kill(), 30_000);
    const code = await new Promise((resolve) => child.once('close', resolve));
    clearTimeout(guard);
    expect(code).toBe(0);
    expect(screen).not.toContain(SECRET);
    // What the terminal shows, line by line: a slow token request adds a progress line that is
    // cleared (`\r`, erase) before the token is printed.
    const lines = screen.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').split(/\r\n|\r|\n/);
    const token = lines.find((line) => /^[\w-]{16,}$/.test(line));
    expect(token, JSON.stringify(screen)).toBeDefined();
    expect(tokens.find(token ?? '')).toBeDefined();
  });
});

describe('tok --help and --version', () => {
  it('lists the commands, the variables, their precedence and the exit codes', async () => {
    const run = await tok(['--help']);
    expect(run.code).toBe(0);
    for (const text of ['token', 'header', 'request <url>', 'doctor', 'decode [token]', 'TOK_TOKEN_URL', 'TOK_CLIENT_SECRET', '--client-secret-stdin', 'Precedence: a flag wins over an environment variable, which wins over the .env file', 'Exit codes:', '5  API error']) {
      expect(run.stdout).toContain(text);
    }
    keep('help', transcript('tok --help', run));
  });

  it('tok with no command prints the help and exits 2; --version prints the version', async () => {
    expect((await tok([])).code).toBe(2);
    expect((await tok(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+/);
  });
});
