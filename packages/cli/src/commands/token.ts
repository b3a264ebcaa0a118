import type { Token } from '@tok/core';
import { readConfig, requireEndpoint } from '../config.js';
import type { Command, CommandContext } from '../context.js';
import { ExitCode } from '../exitCodes.js';
import { sourceOf } from '../grant.js';

/** `tok token`: the access token and nothing else, for `$(tok token)`. */
export const token: Command = async (context) => {
  const found = await getToken(context);
  if (context.terminal.json) context.terminal.result(`${JSON.stringify(tokenJson(found), null, 2)}\n`);
  else context.terminal.result(`${found.accessToken}\n`);
  return ExitCode.Ok;
};

/** `tok header`: `Authorization: Bearer …`, for `curl -H "$(tok header)"`. */
export const header: Command = async (context) => {
  const found = await getToken(context);
  const value = `${found.tokenType} ${found.accessToken}`;
  if (context.terminal.json) context.terminal.result(`${JSON.stringify({ name: 'Authorization', value }, null, 2)}\n`);
  else context.terminal.result(`Authorization: ${value}\n`);
  return ExitCode.Ok;
};

async function getToken(context: CommandContext): Promise<Token> {
  const config = await readConfig(context.sources, context.terminal);
  requireEndpoint(config);
  const source = sourceOf(config);
  try {
    return await context.terminal.progress(`requesting a token from ${config.tokenUrl ?? config.issuer}`, source.getToken());
  } finally {
    source.dispose();
  }
}

function tokenJson(token: Token) {
  return {
    access_token: token.accessToken,
    token_type: token.tokenType,
    expires_at: token.expiresAt === undefined ? null : new Date(token.expiresAt).toISOString(),
    expires_in: token.expiresAt === undefined ? null : Math.max(0, Math.round((token.expiresAt - Date.now()) / 1000)),
    scope: token.scope ?? null,
  };
}
