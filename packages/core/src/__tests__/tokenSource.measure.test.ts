// token-request events come only to listeners that bring the measuring (measureTokenRequests):
// a source nobody instruments measures nothing, and unsubscribing the last such listener stops it.
import { describe, expect, it } from 'vitest';
import { measureTokenRequests } from '../source/measure.js';
import type { TokenEvent } from '../source/events.js';
import { ConfigError } from '../errors/ConfigError.js';
import { flush } from './helpers/fakeTime.js';
import { failAnswer } from './helpers/fakeTransport.js';
import { SECRET, setup } from './helpers/fixtures.js';

type Request = Extract<TokenEvent, { type: 'token-request' }>;
const requestsOf = (events: TokenEvent[]) => events.filter((event): event is Request => event.type === 'token-request');

describe('token-request events', () => {
  it('report each attempt (endpoint without query, placement, attempt, duration, status or code) to a listener that measures', async () => {
    const { time, endpoint, source } = setup({ retry: { retries: 1 } });
    const measured: TokenEvent[] = [];
    const plain: TokenEvent[] = [];
    source.subscribe((event) => measured.push(event), { tokenRequests: measureTokenRequests });
    source.subscribe((event) => plain.push(event));
    endpoint.queue(failAnswer(503));
    const token = source.getToken();
    await time.advance(1_000);
    await token;
    const requests = requestsOf(measured);
    expect(requests.map(({ attempt, outcome, status, placement }) => ({ attempt, outcome, status, placement }))).toEqual([
      { attempt: 1, outcome: 'failure', status: 503, placement: 'basic' },
      { attempt: 2, outcome: 'success', status: 200, placement: 'basic' },
    ]);
    expect(requests[0]?.endpoint).not.toMatch(/[?#]/);
    expect(requests.every((event) => event.durationMs >= 0 && event.errorCode === undefined)).toBe(true);
    // Other listeners get no new events, and no event carries the secret or the token.
    expect(requestsOf(plain)).toEqual([]);
    expect(JSON.stringify(measured)).not.toContain(SECRET);
    expect(JSON.stringify(measured)).not.toContain((await source.getToken()).accessToken);
  });

  it('stop when the last measuring listener unsubscribes', async () => {
    const { endpoint, source } = setup();
    const events: TokenEvent[] = [];
    const unsubscribe = source.subscribe((event) => events.push(event), { tokenRequests: measureTokenRequests });
    await source.getToken();
    unsubscribe();
    const listener: TokenEvent[] = [];
    source.subscribe((event) => listener.push(event));
    source.invalidate();
    await source.getToken();
    await flush();
    expect(requestsOf(events)).toHaveLength(1);
    expect(requestsOf(listener)).toEqual([]);
    expect(endpoint.count).toBe(2);
  });

  it('are refused with a ConfigError when tokenRequests is not the measuring function', () => {
    const { source } = setup();
    expect(() => source.subscribe(() => {}, { tokenRequests: true as never })).toThrow(ConfigError);
    expect(() => source.subscribe(() => {}, { tokenRequests: true as never })).toThrow("tokenRequests: expected measureTokenRequests from '@tok/core/adapter'");
  });
});
