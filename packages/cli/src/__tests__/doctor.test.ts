// `tok doctor` against servers that each want something else: any placement, only the form body
// with grant_type=client-credentials, only Postman's raw Basic, and oidc-provider found through
// discovery. For each, doctor must end with a configuration that works: the test then gets a
// token with `tok token` configured as doctor says, and with the curl command it prints.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { startTokenServer, type TokenServer } from '@tok/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runs, tok, transcript } from './helpers.js';
import { type Oidc, RESOURCE, startOidc } from './servers.js';

const SECRET = 'doctor-s3cret-7d1e';
// What Postman's "Basic Auth" sends as typed; RFC 6749 form-encoding changes it.
const TRICKY = 'p0stman:s3c+r/t';

let anyPlacement: TokenServer;
let formOnly: TokenServer;
let rawBasicOnly: TokenServer;
let oidc: Oidc;

beforeAll(async () => {
  [anyPlacement, formOnly, rawBasicOnly, oidc] = await Promise.all([
    startTokenServer({ clients: [{ clientId: 'reports', clientSecret: SECRET }] }),
    startTokenServer({ clients: [{ clientId: 'reports', clientSecret: SECRET, accept: ['form'] }], grantType: 'client-credentials' }),
    startTokenServer({ clients: [{ clientId: 'legacy', clientSecret: TRICKY, accept: ['basic-raw'] }] }),
    startOidc([{ client_id: 'billing', client_secret: SECRET, token_endpoint_auth_method: 'client_secret_basic', scope: 'api:read' }]),
  ]);
});

afterAll(async () => {
  await Promise.all([anyPlacement?.close(), formOnly?.close(), rawBasicOnly?.close(), oidc?.close()]);
  for (const run of runs) {
    expect(run.stdout + run.stderr, `tok ${run.args.join(' ')}`).not.toContain(SECRET);
    expect(run.stdout + run.stderr, `tok ${run.args.join(' ')}`).not.toContain(TRICKY);
  }
});

interface DoctorJson {
  ok: boolean;
  tokenUrl: string;
  attempts: { placement: string; grantType: string; outcome: string; status?: number; error?: string }[];
  working?: { placement: string; grantType: string };
  token?: { tokenType: string; lifetimeSeconds: number; scope?: string; jwt?: { header: Record<string, unknown>; claims: Record<string, unknown> }; clock: { skewSeconds?: number } };
  snippets?: { typescript: string; environment: string; curl: string };
}

async function doctorJson(env: Record<string, string>, ...args: string[]): Promise<DoctorJson> {
  const run = await tok(['doctor', '--json', ...args], { env });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as DoctorJson;
}

// The configuration doctor printed, as `export NAME=value` lines, back into an environment.
function environmentOf(snippet: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of snippet.split('\n')) {
    const match = /^export (\w+)=(.*)$/.exec(line);
    if (match) env[match[1] as string] = (match[2] as string).replace(/^'(.*)'$/, '$1');
  }
  return env;
}

// doctor's configuration works: tok token gets a token the server issued, and so does its curl.
async function expectWorks(report: DoctorJson, secret: string, server?: TokenServer): Promise<void> {
  const env = { ...environmentOf(report.snippets?.environment ?? ''), TOK_CLIENT_SECRET: secret };
  const run = await tok(['token'], { env });
  expect(run.code, run.stderr).toBe(0);
  const token = run.stdout.trim();
  if (server) expect(server.find(token)).toBeDefined();
  const { stdout } = await promisify(execFile)('sh', ['-c', report.snippets?.curl ?? 'false'], { env: { PATH: process.env.PATH ?? '', TOK_CLIENT_SECRET: secret } });
  const answer = JSON.parse(stdout) as { access_token?: string };
  expect(answer.access_token).toEqual(expect.any(String));
  if (server) expect(server.find(answer.access_token as string)).toBeDefined();
}

// Real output for docs/cli.md: written when TOK_WRITE_TRANSCRIPTS is set.
function keep(name: string, text: string): void {
  if (!process.env.TOK_WRITE_TRANSCRIPTS) return;
  const dir = new URL('../../transcripts/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  writeFileSync(new URL(`${name}.txt`, dir), text);
}

describe('tok doctor finds the working configuration', () => {
  it('of a server that takes any placement: basic, the default', async () => {
    const env = { TOK_TOKEN_URL: anyPlacement.url, TOK_CLIENT_ID: 'reports', TOK_CLIENT_SECRET: SECRET };
    const report = await doctorJson(env);
    expect(report.working).toEqual({ placement: 'basic', grantType: 'client_credentials' });
    expect(report.token).toMatchObject({ tokenType: 'Bearer', lifetimeSeconds: 3600 });
    expect(report.token?.clock.skewSeconds).toEqual(expect.any(Number));
    expect(report.snippets?.typescript).toContain("placement: 'basic'");
    await expectWorks(report, SECRET, anyPlacement);
  });

  it("of a server that takes only the form body and grant_type=client-credentials", async () => {
    const env = { TOK_TOKEN_URL: formOnly.url, TOK_CLIENT_ID: 'reports', TOK_CLIENT_SECRET: SECRET };
    const report = await doctorJson(env);
    expect(report.working).toEqual({ placement: 'form', grantType: 'client-credentials' });
    // It tried each placement with the documented value first, and said what the server answered.
    const first = report.attempts.filter((attempt) => attempt.grantType === 'client_credentials');
    expect(first.map((attempt) => [attempt.placement, attempt.status, attempt.error])).toEqual([
      ['basic', 401, 'invalid_client'],
      ['form', 400, 'unsupported_grant_type'],
      ['json', 400, 'invalid_client'],
      ['basic-raw', undefined, undefined],
      ['basic-with-client-id', 401, 'invalid_client'],
    ]);
    expect(report.snippets?.typescript).toContain("placement: 'form',\n  grantType: 'client-credentials',");
    expect(report.snippets?.curl).toContain('"client_secret=$TOK_CLIENT_SECRET"');
    await expectWorks(report, SECRET, formOnly);

    const text = await tok(['doctor'], { env });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/✗ form +400 unsupported_grant_type/);
    expect(text.stdout).toMatch(/trying grant_type=client-credentials/);
    expect(text.stdout).toMatch(/✓ Works with placement "form" and grant_type=client-credentials/);
    keep('doctor-form-client-credentials', transcript('tok doctor', text));
  });

  it("of a server that takes only Postman's raw Basic for a secret with special characters", async () => {
    const env = { TOK_TOKEN_URL: rawBasicOnly.url, TOK_CLIENT_ID: 'legacy', TOK_CLIENT_SECRET: TRICKY };
    const report = await doctorJson(env);
    expect(report.working).toEqual({ placement: 'basic-raw', grantType: 'client_credentials' });
    await expectWorks(report, TRICKY, rawBasicOnly);
  });

  it('of oidc-provider, found through discovery, with a JWT for a resource: its claims and the clock', async () => {
    const env = { TOK_ISSUER: oidc.issuer, TOK_CLIENT_ID: 'billing', TOK_CLIENT_SECRET: SECRET, TOK_RESOURCE: RESOURCE, TOK_SCOPE: 'api:read' };
    const report = await doctorJson(env);
    // oidc-provider takes the secret in either place, and refuses a JSON body.
    expect(report.working).toEqual({ placement: 'basic', grantType: 'client_credentials' });
    expect(report.attempts.map((attempt) => [attempt.placement, attempt.outcome, attempt.error])).toEqual([
      ['basic', 'ok', undefined],
      ['form', 'ok', undefined],
      ['json', 'refused', 'invalid_request'],
      ['basic-raw', 'skipped', undefined],
      ['basic-with-client-id', 'ok', undefined],
    ]);
    expect(report.token?.jwt?.header).toMatchObject({ alg: 'ES256', kid: 'as-1' });
    expect(report.token?.jwt?.claims).toMatchObject({ iss: oidc.issuer, aud: RESOURCE, client_id: 'billing', scope: 'api:read' });
    expect(report.token?.scope).toBe('api:read');
    expect(report.snippets?.typescript).toContain(`issuer: discover('${oidc.issuer}')`);
    await expectWorks(report, SECRET);

    const text = await tok(['doctor'], { env });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`token endpoint      ${oidc.issuer}/token`);
    expect(text.stdout).toMatch(/auth methods +client_secret_basic, .*client_secret_post/);
    expect(text.stdout).toMatch(/exp +\d+ +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+00:00 \(expires in \d+ min/);
    expect(text.stdout).toMatch(/clock +in sync|clock +the server's clock/);
    keep('doctor-oidc-provider', transcript('tok doctor', text));
  });
});

describe('tok doctor when nothing works', () => {
  it('exits 3 with what each placement got when the secret is wrong', async () => {
    const run = await tok(['doctor'], { env: { TOK_TOKEN_URL: anyPlacement.url, TOK_CLIENT_ID: 'reports', TOK_CLIENT_SECRET: 'not-the-secret' } });
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('Every placement got invalid_client: check the client id and secret.');
  });

  it('exits 4 when the server never answers', async () => {
    const closed = await startTokenServer();
    const url = closed.url;
    await closed.close();
    const run = await tok(['doctor', '--json'], { env: { TOK_TOKEN_URL: url, TOK_CLIENT_ID: 'reports', TOK_CLIENT_SECRET: SECRET } });
    expect(run.code).toBe(4);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false });
  });
});
