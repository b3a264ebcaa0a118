import type { Agent } from 'node:http';
import { defaultClient } from '@tok/test-utils';
import type { Pair, ServerHost } from './servers.js';
import type { Env } from './wiring/types.js';

/** The token endpoint's latency in every scenario, as in the measurements. */
export const TOKEN_LATENCY_MS = 50;

/** What every scenario needs. */
export interface Context {
  readonly host: ServerHost;
  /** Keep-alive agent with the same socket bound as fetch's dispatcher. */
  readonly httpAgent: Agent;
}

export function envFor(context: Context, pair: Pair, lifetimeS: number): Env {
  return {
    tokenUrl: pair.tokenUrl,
    apiOrigin: pair.apiOrigin,
    clientId: defaultClient.clientId,
    clientSecret: defaultClient.clientSecret,
    lifetimeS,
    httpAgent: context.httpAgent,
  };
}

/** A token fetched by hand, for the fixed-header baselines. */
export async function directToken(pair: Pair): Promise<string> {
  const basic = Buffer.from(`${defaultClient.clientId}:${defaultClient.clientSecret}`).toString('base64');
  const response = await fetch(pair.tokenUrl, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  const body = (await response.json()) as { access_token?: string };
  if (typeof body.access_token !== 'string') throw new Error(`token server answered ${response.status}`);
  return body.access_token;
}

/** Starts a fresh pair of servers, runs `body`, and always closes them. */
export async function withPair<T>(context: Context, options: { expiresIn: number }, body: (pair: Pair) => Promise<T>): Promise<T> {
  const pair = await context.host.start({ latencyMs: TOKEN_LATENCY_MS, expiresIn: options.expiresIn });
  try {
    return await body(pair);
  } finally {
    await pair.close();
  }
}
