// The CLI's configuration as tok's own objects: a grant and a token source, exactly as a program
// would write them, so that what works here works in code.
import { auto, clientCredentials, createTokenSource, discover, fetchTransport, type Grant, type GrantPlacement, placements, type TokenSource } from '@tok/core';
import type { CliConfig } from './config.js';
import { CliError } from './terminal.js';

/** The grant for `config`, with `placement` and `grantType` overriding it (doctor tries several). */
export function grantOf(config: CliConfig, override: { placement?: string; grantType?: string } = {}): Grant {
  const placement = placementOf(override.placement ?? config.placement);
  return clientCredentials({
    ...(config.issuer !== undefined ? { issuer: discover(config.issuer, { allowInsecure: config.allowInsecure }) } : { tokenUrl: config.tokenUrl }),
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    ...(placement !== undefined ? { placement } : {}),
    grantType: override.grantType ?? config.grantType,
    scope: config.scope,
    audience: config.audience,
    resource: config.resource,
    params: config.params,
    allowInsecure: config.allowInsecure,
  });
}

/** A token source for one command: one attempt per failure class, bounded by --timeout. */
export function sourceOf(config: CliConfig, grant: Grant = grantOf(config)): TokenSource {
  return createTokenSource(grant, {
    transport: fetchTransport(fetch),
    timeoutMs: config.timeoutMs,
    // Two passing failures (a dropped connection, a 503) are retried; a person is waiting.
    deadlineMs: config.timeoutMs * 3,
  });
}

function placementOf(name: string | undefined): GrantPlacement | undefined {
  if (name === undefined) return undefined;
  if (name === 'auto') return auto();
  if ((placements as readonly string[]).includes(name)) return name as GrantPlacement;
  throw new CliError(`--placement / TOK_PLACEMENT "${name}" is not one of ${placements.join(', ')}, auto`);
}
