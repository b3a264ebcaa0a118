import type { Placement } from '@tok/core';
import { type CliConfig, readConfig, requireEndpoint } from '../config.js';
import type { Command } from '../context.js';
import { type DiscoveryReport, discoverIssuer } from '../doctor/discovery.js';
import { type Probe, probe, requestFor } from '../doctor/probe.js';
import { curlSnippet, environmentSnippet, typescriptSnippet, type Working } from '../doctor/snippets.js';
import { type TokenReport, tokenReport } from '../doctor/tokenReport.js';
import { ExitCode } from '../exitCodes.js';
import { printJwt } from './decode.js';
import { duration, localTime } from '../time.js';
import type { Terminal } from '../terminal.js';

// What a person tries by hand, in this order: RFC 6749's must-support, then the body, then JSON,
// then Postman's Basic (not form-encoded), which differs from "basic" only for special characters,
// then Basic with the client id repeated in the body, as a few gateways want.
const PLACEMENTS: readonly Placement[] = ['basic', 'form', 'json', 'basic-raw', 'basic-with-client-id'];
// The documented value, then the one some servers document instead.
const GRANT_TYPES = ['client_credentials', 'client-credentials'];

/**
 * `tok doctor`: discovery (if an issuer is given), every placement with the configured grant type,
 * the other grant type values when none worked, the token that came back, the clock against the
 * server's Date, and the configuration that works as TypeScript, variables and curl.
 */
export const doctor: Command = async ({ sources, terminal }) => {
  const config = await readConfig(sources, terminal);
  requireEndpoint(config);
  const t = terminal;
  const { o } = t;
  const text = !t.json;

  let discovery: DiscoveryReport | undefined;
  let tokenUrl = config.tokenUrl;
  if (config.issuer !== undefined) {
    discovery = await t.progress(`reading ${config.issuer}'s metadata`, discoverIssuer(config, config.issuer));
    if (text) printDiscovery(t, discovery);
    tokenUrl = discovery.metadata?.tokenEndpoint;
    if (tokenUrl === undefined) {
      if (t.json) t.outJson({ ok: false, discovery, attempts: [] });
      else t.out(`\n${o.red('✗')} no token endpoint without the metadata; give --token-url to test it directly\n`);
      return discovery.errorCode === 'TOK_NETWORK' || discovery.errorCode === 'TOK_TIMEOUT' ? ExitCode.Network : ExitCode.OAuth;
    }
  }
  const endpoint = tokenUrl as string;

  const order = placementsToTry(config);
  const grantTypes = [...new Set([config.grantType ?? 'client_credentials', ...GRANT_TYPES])];
  const attempts: Probe[] = [];
  if (text) t.out(`\n${o.bold('Token endpoint')}  ${endpoint}\n`);
  for (const [round, grantType] of grantTypes.entries()) {
    if (round > 0) {
      // Another grant_type value is worth a try only when no placement got a token with the first.
      if (attempts.some((attempt) => attempt.outcome === 'ok')) break;
      // A server that never answered will not answer another grant_type either.
      if (!attempts.some((attempt) => attempt.outcome === 'refused')) break;
      if (text) t.out(`\n${o.bold('Grant type')}  no placement worked with grant_type=${grantTypes[0]}; trying grant_type=${grantType}\n`);
    } else if (text) {
      t.out(`  ${o.dim(`client ${config.clientId ?? '(none)'}, secret from ${config.secretFrom ?? 'nowhere'}, grant_type=${grantType}`)}\n`);
    }
    const sentHeaders = new Map<string, string>();
    for (const placement of order) {
      const duplicate = sameAsEarlier(config, endpoint, placement, grantType, sentHeaders);
      const attempt: Probe = duplicate
        ? { placement, grantType, outcome: 'skipped', message: `sends exactly what "${duplicate}" sent for this id and secret` }
        : await t.progress(`POST ${endpoint} (placement ${placement}, grant_type=${grantType})`, probe(config, endpoint, placement, grantType));
      attempts.push(attempt);
      if (text) printAttempt(t, attempt, discovery);
    }
  }

  const winner = pickWinner(attempts, config);
  const failedOnly = attempts.every((attempt) => attempt.outcome === 'failed' || attempt.outcome === 'skipped');
  if (!winner) {
    if (t.json) t.outJson({ ok: false, tokenUrl: endpoint, discovery, attempts: attempts.map(attemptJson) });
    else t.out(`\n${o.red('✗ No configuration worked.')} ${failedOnly ? 'The server never answered: check the URL, the network and TLS.' : advice(attempts)}\n`);
    return failedOnly ? ExitCode.Network : ExitCode.OAuth;
  }

  const report = tokenReport(winner);
  const working: Working = { tokenUrl: endpoint, issuer: config.issuer, placement: winner.placement, grantType: winner.grantType };
  const typescript = typescriptSnippet(config, working);
  const environment = environmentSnippet(config, working);
  const curl = curlSnippet(config, working);
  if (t.json) {
    t.outJson({
      ok: true,
      tokenUrl: endpoint,
      discovery,
      attempts: attempts.map(attemptJson),
      working: { placement: winner.placement, grantType: winner.grantType },
      token: report,
      snippets: { typescript, environment, curl },
    });
    return ExitCode.Ok;
  }
  printToken(t, report);
  const configured = config.placement === undefined || config.placement === 'auto' || config.placement === winner.placement;
  const changes = [
    ...(configured ? [] : [`placement "${winner.placement}" instead of "${config.placement}"`]),
    ...(winner.grantType === (config.grantType ?? 'client_credentials') ? [] : [`grantType "${winner.grantType}"`]),
  ];
  t.out(`\n${o.green('✓ Works')} with placement "${winner.placement}" and grant_type=${winner.grantType}${changes.length > 0 ? ` ${o.yellow(`(change: ${changes.join(', ')})`)}` : ''}\n`);
  t.out(`\n${o.bold('tok')}\n${typescript}\n`);
  t.out(`\n${o.bold('tok on the command line')}\n${environment}\n`);
  t.out(`\n${o.bold('curl')}\n${curl}\n`);
  return ExitCode.Ok;
};

function placementsToTry(config: CliConfig): Placement[] {
  const configured = config.placement === undefined || config.placement === 'auto' ? [] : [config.placement as Placement];
  return [...new Set([...configured, ...PLACEMENTS])];
}

// basic-raw is basic without form-encoding: the same bytes unless the id or secret has special characters.
function sameAsEarlier(config: CliConfig, endpoint: string, placement: Placement, grantType: string, sent: Map<string, string>): string | undefined {
  let key: string;
  try {
    const request = requestFor(config, endpoint, placement, grantType);
    key = JSON.stringify([request.headers, request.body]);
  } catch {
    return undefined;
  }
  const earlier = sent.get(key);
  if (earlier === undefined) sent.set(key, placement);
  return earlier;
}

// The configured placement when it works, else the first that did, in the order tried.
function pickWinner(attempts: readonly Probe[], config: CliConfig): Probe | undefined {
  const ok = attempts.filter((attempt) => attempt.outcome === 'ok');
  return ok.find((attempt) => attempt.placement === config.placement) ?? ok[0];
}

function advice(attempts: readonly Probe[]): string {
  const errors = new Set(attempts.map((attempt) => attempt.error).filter(Boolean));
  if (errors.has('invalid_client') && errors.size === 1) return 'Every placement got invalid_client: check the client id and secret.';
  if (errors.has('invalid_scope')) return 'The server refused the scope: ask only for scopes this client may have.';
  if (errors.has('unauthorized_client')) return 'The client may not use the client-credentials grant: enable it on the server.';
  if (errors.has('invalid_target')) return 'The server refused the resource or audience.';
  return 'Read what the server answered to each attempt above.';
}

function attemptJson(attempt: Probe) {
  const { token, ...rest } = attempt;
  return rest;
}

function printDiscovery(t: Terminal, discovery: DiscoveryReport): void {
  const { o } = t;
  t.out(`${o.bold('Discovery')}  ${discovery.issuer}\n`);
  for (const lookup of discovery.lookups) {
    const ok = lookup.status !== undefined && lookup.status < 300;
    t.out(`  ${ok ? o.green('✓') : o.dim('·')} GET ${lookup.url} → ${lookup.status ?? 'no answer'}\n`);
  }
  if (discovery.error !== undefined) {
    t.out(`  ${o.red('✗')} ${discovery.error}\n`);
    return;
  }
  const metadata = discovery.metadata;
  if (!metadata) return;
  t.out(`  token endpoint      ${metadata.tokenEndpoint}\n`);
  t.out(`  auth methods        ${metadata.tokenEndpointAuthMethods.join(', ') || '(none listed)'}\n`);
  t.out(`  grant types         ${discovery.grantTypes?.join(', ') ?? '(not listed)'}\n`);
}

const SPEC_METHOD: Partial<Record<Placement, string>> = { basic: 'client_secret_basic', 'basic-raw': 'client_secret_basic', 'basic-with-client-id': 'client_secret_basic', form: 'client_secret_post' };

function printAttempt(t: Terminal, attempt: Probe, discovery: DiscoveryReport | undefined): void {
  const { o } = t;
  const mark = attempt.outcome === 'ok' ? o.green('✓') : attempt.outcome === 'skipped' ? o.dim('-') : o.red('✗');
  const method = SPEC_METHOD[attempt.placement];
  const listed = discovery?.metadata && method !== undefined && !discovery.metadata.tokenEndpointAuthMethods.includes(method) ? o.dim(` (metadata does not list ${method})`) : '';
  const took = attempt.durationMs === undefined ? '' : o.dim(` ${attempt.durationMs} ms`);
  const what = attempt.outcome === 'skipped' ? o.dim(`skipped: ${attempt.message}`) : attempt.message;
  t.out(`  ${mark} ${attempt.placement.padEnd(20)} ${what}${took}${listed}\n`);
}

function printToken(t: Terminal, report: TokenReport): void {
  const { o } = t;
  t.out(`\n${o.bold('Token')}\n`);
  t.out(`  type        ${report.tokenType}\n`);
  const lifetime =
    report.lifetimeSeconds === undefined ? 'none (never expires?)' : `${duration(report.lifetimeSeconds * 1000)} (${report.lifetimeFrom}), expires ${localTime(report.expiresAt as number)}`;
  t.out(`  lifetime    ${lifetime}\n`);
  t.out(`  scope       ${report.scope ?? o.dim('(the server named none)')}\n`);
  t.out(`  format      ${report.jwt ? 'JWT (signature not verified)' : 'opaque (not a JWT)'}\n`);
  t.out(`  clock       ${report.clock.summary}\n`);
  for (const warning of report.warnings) t.out(`  ${o.yellow('!')} ${warning}\n`);
  if (report.jwt) printJwt(t, report.jwt.header, report.jwt.claims, Date.now(), '  ');
}
