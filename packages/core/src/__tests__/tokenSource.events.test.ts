import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { TokenEvent } from '../source/events.js';
import { flush } from './helpers/fakeTime.js';
import { failAnswer, tokenAnswer } from './helpers/fakeTransport.js';
import { HOUR_REFRESH_AT, rejection, SECRET, setup, testGrant } from './helpers/fixtures.js';

describe('stats()', () => {
  it('counts token requests (each retry), failed requests, cache hits and waits', async () => {
    const { time, endpoint, source } = setup({ retry: { retries: 2 } });
    expect(source.stats()).toEqual({ tokenRequests: 0, failures: 0, cacheHits: 0, waits: 0 });
    endpoint.queue(failAnswer(503), failAnswer(500));
    const first = source.getToken();
    const second = source.getToken();
    await time.advance(1_000);
    await Promise.all([first, second]);
    expect(source.stats()).toEqual({ tokenRequests: 3, failures: 2, cacheHits: 0, waits: 2 });

    for (let i = 0; i < 5; i++) await source.getToken();
    expect(source.stats()).toEqual({ tokenRequests: 3, failures: 2, cacheHits: 5, waits: 2 });

    endpoint.queue(failAnswer(400, { error: 'invalid_scope' }));
    source.invalidate();
    await expect(source.getToken()).rejects.toMatchObject({ error: 'invalid_scope' });
    expect(source.stats()).toEqual({ tokenRequests: 4, failures: 3, cacheHits: 5, waits: 3 });
  });

  it('counts a background refresh as a token request, and its callers as cache hits', async () => {
    const { time, source } = setup();
    await source.getToken();
    await time.advance(HOUR_REFRESH_AT);
    await source.getToken();
    await flush();
    expect(source.stats()).toEqual({ tokenRequests: 2, failures: 0, cacheHits: 1, waits: 1 });
  });

  it('returns a snapshot', async () => {
    const { source } = setup();
    const before = source.stats();
    await source.getToken();
    expect(before.tokenRequests).toBe(0);
    expect(source.stats().tokenRequests).toBe(1);
  });
});

describe('subscribe()', () => {
  it('tells of each token obtained, with its times and scope', async () => {
    const { time, source, events, endpoint } = setup();
    endpoint.queue(tokenAnswer({ scope: 'read' }));
    const start = time.now;
    await source.getToken();
    expect(events).toEqual([
      {
        type: 'token-obtained',
        from: 'endpoint',
        tokenType: 'Bearer',
        scope: 'read',
        issuedAt: start,
        expiresAt: start + 3_600_000,
        refreshAt: start + HOUR_REFRESH_AT,
      },
    ]);
  });

  it('tells of failed refreshes, in the foreground and in the background', async () => {
    const { time, endpoint, source, events } = setup({ retry: { retries: 0, baseDelayMs: 0 } });
    endpoint.queue(failAnswer(503));
    await expect(source.getToken()).rejects.toBeDefined();
    await source.getToken();
    await time.advance(HOUR_REFRESH_AT);
    endpoint.queue(new TypeError('fetch failed'));
    await source.getToken();
    await flush();
    expect(events.map((event) => [event.type, event.type === 'refresh-failed' ? event.background : undefined])).toEqual([
      ['refresh-failed', false],
      ['token-obtained', undefined],
      ['refresh-failed', true],
    ]);
    expect(events[2]).toMatchObject({ error: { code: 'TOK_NETWORK' } });
  });

  it('stops calling a listener once it unsubscribes; other listeners go on', async () => {
    const { source } = setup();
    const a: TokenEvent[] = [];
    const b: TokenEvent[] = [];
    const stopA = source.subscribe((event) => a.push(event));
    source.subscribe((event) => b.push(event));
    await source.getToken();
    stopA();
    source.invalidate();
    await source.getToken();
    expect(a).toHaveLength(1);
    expect(b).toHaveLength(2);
  });

  it('never puts an access token or the client secret in an event', async () => {
    const grants = [testGrant(), testGrant({ placement: 'form' }), testGrant({ placement: 'json' })];
    for (const grant of grants) {
      const { time, endpoint, source, events } = setup({ retry: { retries: 0, baseDelayMs: 0 }, timeoutMs: 1_000 }, grant);
      endpoint.queue(new TypeError('fetch failed'), failAnswer(401, { error: 'invalid_client' }));
      await rejection(source.getToken());
      await rejection(source.getToken());
      await source.getToken();
      source.invalidate();
      await source.getToken();
      await time.advance(HOUR_REFRESH_AT);
      endpoint.queue(failAnswer(503, { headers: { 'retry-after': '1' } }));
      await source.getToken();
      endpoint.queue('hang'); // what the re-armed refresh timer gets, 30 s later
      await time.advance(60_000);
      await source.getToken();
      await time.advance(1_000);
      await time.advance(60_000);
      await source.getToken();
      await flush();

      expect(events.map((event) => (event.type === 'refresh-failed' ? `${event.error.code} ${event.background}` : event.type === 'token-obtained' ? event.from : event.type))).toEqual([
        'TOK_NETWORK false',
        'TOK_OAUTH_ERROR false',
        'endpoint',
        'endpoint',
        'TOK_HTTP_STATUS true',
        'TOK_TIMEOUT true',
        'endpoint',
      ]);
      const accessTokens = endpoint.issued;
      expect(accessTokens).toHaveLength(3);
      for (const event of events) {
        for (const view of [JSON.stringify(event), inspect(event, { depth: Infinity })]) {
          expect(view).not.toContain(SECRET);
          expect(view).not.toContain(encodeURIComponent(SECRET));
          expect(view).not.toContain(btoa(`app:${SECRET}`));
          for (const token of accessTokens) expect(view).not.toContain(token);
        }
      }
    }
  });

  it('never puts the tokens of a refused answer in a refresh-failed event', async () => {
    const tokens = { access_token: 'at-refused', refresh_token: 'rt-refused', id_token: 'idt-refused' };
    const { endpoint, source, events } = setup({ retry: { retries: 0, baseDelayMs: 0 } });
    endpoint.queue(
      { status: 200, headers: { 'content-type': 'text/plain' }, body: new URLSearchParams(tokens).toString() },
      { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: 'invalid_scope', ...tokens }) },
      { status: 401, headers: { 'content-type': 'text/html' }, body: `<p>${JSON.stringify(tokens)}</p>` },
    );
    for (let i = 0; i < 3; i++) await rejection(source.getToken());
    expect(events.map((event) => (event.type === 'refresh-failed' ? event.error.code : event.type))).toEqual(['TOK_INVALID_RESPONSE', 'TOK_OAUTH_ERROR', 'TOK_HTTP_STATUS']);
    for (const event of events) {
      const view = [JSON.stringify(event), inspect(event, { depth: Infinity })].join('\n');
      for (const token of Object.values(tokens)) expect(view).not.toContain(token);
    }
  });
});
