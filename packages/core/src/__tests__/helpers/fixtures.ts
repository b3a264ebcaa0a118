import { onTestFinished } from 'vitest';
import type { TokenEvent } from '../../source/events.js';
import { type ClientCredentialsOptions, clientCredentials, type Grant } from '../../request/grant.js';
import { createTokenSource, type TokenSource } from '../../source/tokenSource.js';
import type { TokenSourceOptions } from '../../source/options.js';
import { type FakeTime, fakeTime } from './fakeTime.js';
import { type FakeTransport, fakeTransport } from './fakeTransport.js';

/** A client secret that must never show up in an error, an event, a key or a log line. */
export const SECRET = 'sEcReT-9f3b-never-print-me';

export const TOKEN_URL = 'https://auth.example.com/oauth/token';

export function testGrant(options: Partial<ClientCredentialsOptions> = {}): Grant {
  return clientCredentials({ tokenUrl: TOKEN_URL, clientId: 'app', clientSecret: SECRET, scope: 'read', ...options });
}

export interface Setup {
  readonly time: FakeTime;
  readonly endpoint: FakeTransport;
  readonly source: TokenSource;
  readonly events: TokenEvent[];
}

/**
 * A token source on a fake clock, fake timers and a fake endpoint, with `random` fixed at 0 (no
 * jitter: refresh at the latest point, no backoff delay) unless `options` says otherwise. It is
 * disposed when the test ends.
 */
export function setup(options: Partial<TokenSourceOptions> = {}, grant: Grant = testGrant()): Setup {
  const time = fakeTime();
  const endpoint = fakeTransport();
  const source = createTokenSource(grant, { transport: endpoint.transport, clock: time.clock, timers: time.timers, random: () => 0, ...options });
  const events: TokenEvent[] = [];
  source.subscribe((event) => events.push(event));
  onTestFinished(() => source.dispose());
  return { time, endpoint, source, events };
}

/** What `promise` rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, the promise resolved');
}

/** Marks `promise` as handled now and tells later whether it has settled. */
export function track<T>(promise: Promise<T>): { readonly settled: boolean; readonly promise: Promise<T> } {
  let settled = false;
  promise.then(
    () => void (settled = true),
    () => void (settled = true),
  );
  return {
    promise,
    get settled() {
      return settled;
    },
  };
}

// A 3600 s token obtained at t0 with random 0: refresh from t0 + 80 % of the hour, no longer sent
// from t0 + 3600 s - 1 s of leeway.
export const HOUR_REFRESH_AT = 2_880_000;
export const HOUR_EXPIRED_AT = 3_599_000;

/**
 * Collects the promise rejections nobody handles while the test runs, so that a test can say
 * "none" itself (Vitest would otherwise only fail the whole run).
 */
export function unhandledRejections(): unknown[] {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => void seen.push(reason);
  process.on('unhandledRejection', listener);
  onTestFinished(() => void process.off('unhandledRejection', listener));
  return seen;
}
