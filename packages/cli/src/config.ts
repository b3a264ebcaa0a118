// Where the configuration comes from: flags, then environment variables, then a .env file. The
// secret also from stdin. What comes out is the options of clientCredentials, plus how to send.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import type { Flags } from './args.js';
import { CliError, type Terminal } from './terminal.js';

/** What every command that gets a token needs: clientCredentials' options as the user gave them. */
export interface CliConfig {
  readonly tokenUrl: string | undefined;
  readonly issuer: string | undefined;
  readonly clientId: string | undefined;
  readonly clientSecret: string | undefined;
  /** Where the secret came from, for messages: never the secret itself. */
  readonly secretFrom: string | undefined;
  readonly scope: string | undefined;
  readonly audience: string | undefined;
  readonly resource: readonly string[];
  readonly placement: string | undefined;
  readonly grantType: string | undefined;
  readonly params: Readonly<Record<string, string>>;
  readonly allowInsecure: boolean;
  readonly timeoutMs: number;
}

export interface ConfigSources {
  readonly flags: Flags;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Reads all of stdin (a token for tok decode). */
  readonly readStdin: () => Promise<string>;
  /** Reads the secret from stdin (--client-secret-stdin): piped, or typed at a prompt without echo. */
  readonly readSecret: () => Promise<string>;
}

/** Reads the configuration; warns about a secret on the command line; hides the secret from all output. */
export async function readConfig(sources: ConfigSources, terminal: Terminal): Promise<CliConfig> {
  const { flags, env } = sources;
  const file = envFile(flags, sources.cwd);
  // A flag, else the process environment, else the .env file.
  const pick = (flag: string | undefined, name: string) => flag ?? nonEmpty(env[name]) ?? nonEmpty(file[name]);

  let clientSecret: string | undefined;
  let secretFrom: string | undefined;
  if (flags['client-secret-stdin']) {
    clientSecret = (await sources.readSecret()).replace(/\r?\n$/, '');
    secretFrom = 'stdin';
    if (clientSecret === '') throw new CliError('--client-secret-stdin read an empty secret from stdin; pipe it in, e.g. tok token --client-secret-stdin < secret.txt');
  } else if (flags['client-secret'] !== undefined) {
    clientSecret = flags['client-secret'];
    secretFrom = '--client-secret';
    terminal.warn('--client-secret puts the secret where ps and your shell history can see it; prefer TOK_CLIENT_SECRET or --client-secret-stdin');
  } else if (nonEmpty(env.TOK_CLIENT_SECRET) !== undefined) {
    clientSecret = env.TOK_CLIENT_SECRET;
    secretFrom = 'TOK_CLIENT_SECRET';
  } else if (nonEmpty(file.TOK_CLIENT_SECRET) !== undefined) {
    clientSecret = file.TOK_CLIENT_SECRET;
    secretFrom = 'TOK_CLIENT_SECRET in the .env file';
  }
  terminal.hide(clientSecret);

  const resources = flags.resource ?? words(pick(undefined, 'TOK_RESOURCE'));
  const params = flags.param ?? splitParams(pick(undefined, 'TOK_PARAMS'));
  const timeout = pick(flags.timeout, 'TOK_TIMEOUT');
  const timeoutSeconds = timeout === undefined ? 10 : Number(timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new CliError(`--timeout / TOK_TIMEOUT must be a positive number of seconds, got "${timeout}"`);
  const allowInsecure = flags['allow-insecure'] === true || ['1', 'true', 'yes'].includes((pick(undefined, 'TOK_ALLOW_INSECURE') ?? '').toLowerCase());

  return {
    tokenUrl: pick(flags['token-url'], 'TOK_TOKEN_URL'),
    issuer: pick(flags.issuer, 'TOK_ISSUER'),
    clientId: pick(flags['client-id'], 'TOK_CLIENT_ID'),
    clientSecret,
    secretFrom,
    scope: pick(flags.scope, 'TOK_SCOPE'),
    audience: pick(flags.audience, 'TOK_AUDIENCE'),
    resource: resources,
    placement: pick(flags.placement, 'TOK_PLACEMENT'),
    grantType: pick(flags['grant-type'], 'TOK_GRANT_TYPE'),
    params: paramsRecord(params),
    allowInsecure,
    timeoutMs: timeoutSeconds * 1000,
  };
}

/** Checks what every token command needs, with the fix in the message. */
export function requireEndpoint(config: CliConfig): void {
  if (config.tokenUrl === undefined && config.issuer === undefined) {
    throw new CliError('no token endpoint: set TOK_TOKEN_URL (or --token-url), or TOK_ISSUER (or --issuer) to discover it');
  }
  if (config.tokenUrl !== undefined && config.issuer !== undefined) {
    throw new CliError('give either a token URL or an issuer, not both: with an issuer, tok reads the token endpoint from its metadata');
  }
  if (config.clientId === undefined) throw new CliError('no client id: set TOK_CLIENT_ID or --client-id');
  if (config.clientSecret === undefined && config.placement !== 'none') {
    throw new CliError('no client secret: set TOK_CLIENT_SECRET, or pipe it in with --client-secret-stdin');
  }
}

function envFile(flags: Flags, cwd: string): Record<string, string> {
  if (flags['no-env-file']) return {};
  const given = flags['env-file'];
  const path = resolve(cwd, given ?? '.env');
  if (!existsSync(path)) {
    if (given !== undefined) throw new CliError(`--env-file ${given}: no such file`);
    return {};
  }
  return parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function words(value: string | undefined): string[] {
  return value === undefined ? [] : value.split(/\s+/).filter(Boolean);
}

function splitParams(value: string | undefined): string[] {
  return value === undefined ? [] : value.split('&').filter(Boolean);
}

function paramsRecord(pairs: readonly string[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new CliError(`--param / TOK_PARAMS takes name=value, got "${pair.length > 40 ? `${pair.slice(0, 40)}…` : pair}"`);
    record[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return record;
}
