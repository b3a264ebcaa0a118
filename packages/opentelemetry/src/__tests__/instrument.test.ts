import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { auto, clientCredentials, createTokenSource, fetchTransport, type TokenEvent, type TokenStore } from '@tok/core';
import { measureTokenRequests } from '@tok/core/adapter';
import { freePort, startTokenServer, type TokenServer } from '@tok/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Attr, instrument, Metric } from '../index.js';
import { pointValue, startTelemetry, type Telemetry } from './helpers.js';

const SECRET = 'otel-secret-3f9c1d';
let server: TokenServer;
let telemetry: Telemetry;

beforeEach(async () => {
  // A client that may send its secret only in the form body: auto() tries basic first, then form.
  server = await startTokenServer({ clients: [{ clientId: 'billing', clientSecret: SECRET, accept: ['form'] }] });
  telemetry = startTelemetry();
});

afterEach(async () => {
  await telemetry.shutdown();
  await server.close();
});

const grant = (overrides: Partial<Parameters<typeof clientCredentials>[0]> = {}) =>
  clientCredentials({ tokenUrl: `${server.url}?tenant=acme`, clientId: 'billing', clientSecret: SECRET, placement: auto(), ...overrides });

describe('instrument()', () => {
  it('reports each token request as a client span: endpoint without query, placement, attempt, outcome, error', async () => {
    const source = createTokenSource(grant(), { transport: fetchTransport(fetch) });
    const stop = instrument(source, telemetry);
    await source.getToken();

    const spans = telemetry.spans();
    expect(spans.map((span) => [span.name, span.kind, span.attributes[Attr.Placement], span.attributes[Attr.Outcome], span.status.code])).toEqual([
      ['POST /token', SpanKind.CLIENT, 'basic', 'failure', SpanStatusCode.ERROR],
      ['POST /token', SpanKind.CLIENT, 'form', 'success', SpanStatusCode.UNSET],
    ]);
    const [refused, accepted] = spans;
    const port = Number(new URL(server.url).port);
    expect(refused?.attributes).toMatchObject({
      [Attr.HttpMethod]: 'POST',
      [Attr.ServerAddress]: '127.0.0.1',
      [Attr.ServerPort]: port,
      [Attr.UrlFull]: server.url,
      [Attr.HttpStatus]: 401,
      [Attr.ErrorType]: '401',
      [Attr.Attempt]: 1,
    });
    expect(accepted?.attributes).toMatchObject({ [Attr.HttpStatus]: 200, [Attr.Attempt]: 1 });
    expect(accepted?.attributes[Attr.ErrorType]).toBeUndefined();
    // Times are the request's own: the span covers the request, not when it was reported.
    for (const span of spans) expect(span.duration[0] * 1e3 + span.duration[1] / 1e6).toBeGreaterThanOrEqual(0);
    stop();
    source.dispose();
  });

  it('counts token requests by outcome, their duration, tokens obtained, cache hits, waits and seconds until expiry', async () => {
    const source = createTokenSource(grant(), { transport: fetchTransport(fetch) });
    const stop = instrument(source, { ...telemetry, attributes: { 'tok.source': 'billing' } });
    await Promise.all([source.getToken(), source.getToken()]);
    for (let i = 0; i < 5; i++) await source.getToken();

    const points = await telemetry.collect();
    expect(pointValue(points, Metric.Requests, { [Attr.Outcome]: 'failure', [Attr.Placement]: 'basic', [Attr.ErrorType]: '401' })).toBe(1);
    expect(pointValue(points, Metric.Requests, { [Attr.Outcome]: 'success', [Attr.Placement]: 'form', [Attr.HttpStatus]: 200 })).toBe(1);
    const durations = (points.get(Metric.RequestDuration) ?? []).map((point) => point.value as { count: number; sum: number });
    expect(durations.reduce((count, histogram) => count + histogram.count, 0)).toBe(2);
    expect(durations.every((histogram) => histogram.sum >= 0 && histogram.sum < 30)).toBe(true);
    expect(pointValue(points, Metric.Obtained, { [Attr.TokenFrom]: 'endpoint' })).toBe(1);
    expect(pointValue(points, Metric.CacheHits)).toBe(5);
    expect(pointValue(points, Metric.Waits)).toBe(2);
    const expiresIn = pointValue(points, Metric.ExpiresIn) as number;
    expect(expiresIn).toBeGreaterThan(3000);
    expect(expiresIn).toBeLessThanOrEqual(3600);
    // Every point carries the caller's attributes.
    for (const [name, list] of points) for (const point of list) expect(point.attributes['tok.source'], name).toBe('billing');
    stop();
    source.dispose();
  });

  it('counts failures by error code, and retries as attempts 2 and 3 with http.request.resend_count', async () => {
    server.behave({ status: 503 }, { status: 503 }, { status: 503 });
    const source = createTokenSource(grant({ placement: 'form' }), { transport: fetchTransport(fetch), retry: { retries: 2, baseDelayMs: 1 } });
    const stop = instrument(source, telemetry);
    await expect(source.getToken()).rejects.toMatchObject({ code: 'TOK_HTTP_STATUS' });

    expect(telemetry.spans().map((span) => [span.attributes[Attr.Attempt], span.attributes[Attr.ResendCount], span.attributes[Attr.ErrorType], span.attributes[Attr.HttpStatus]])).toEqual([
      [1, undefined, '503', 503],
      [2, 1, '503', 503],
      [3, 2, '503', 503],
    ]);
    const points = await telemetry.collect();
    expect(pointValue(points, Metric.Failures, { [Attr.ErrorType]: 'TOK_HTTP_STATUS', [Attr.Background]: false })).toBe(1);
    expect(pointValue(points, Metric.Requests, { [Attr.Outcome]: 'failure' })).toBe(3);
    stop();
    source.dispose();
  });

  it('counts a refusal as a failure with its OAuth error', async () => {
    const source = createTokenSource(grant({ placement: 'form', clientSecret: 'not-the-secret' }), { transport: fetchTransport(fetch) });
    const stop = instrument(source, telemetry);
    await expect(source.getToken()).rejects.toMatchObject({ error: 'invalid_client' });
    const points = await telemetry.collect();
    expect(pointValue(points, Metric.Failures, { [Attr.ErrorType]: 'TOK_OAUTH_ERROR', [Attr.OAuthError]: 'invalid_client' })).toBe(1);
    expect(pointValue(points, Metric.Requests, { [Attr.Outcome]: 'failure', [Attr.HttpStatus]: 400, [Attr.ErrorType]: '400' })).toBe(1);
    stop();
    source.dispose();
  });

  it('reports a token request that got no answer with the network error code and no status', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/token`;
    const source = createTokenSource(clientCredentials({ tokenUrl: closed, clientId: 'billing', clientSecret: SECRET }), { transport: fetchTransport(fetch), retry: { retries: 0 } });
    const stop = instrument(source, telemetry);
    await expect(source.getToken()).rejects.toMatchObject({ code: 'TOK_NETWORK' });
    const [span] = telemetry.spans();
    expect(span?.attributes).toMatchObject({ [Attr.ErrorType]: 'TOK_NETWORK', [Attr.Outcome]: 'failure', [Attr.Placement]: 'basic' });
    expect(span?.attributes[Attr.HttpStatus]).toBeUndefined();
    const points = await telemetry.collect();
    expect(pointValue(points, Metric.Failures, { [Attr.ErrorType]: 'TOK_NETWORK' })).toBe(1);
    stop();
    source.dispose();
  });

  it('counts store fallbacks by operation when the shared store fails', async () => {
    // A store whose backend is down: what a TokenStore over an unreachable Redis does.
    const down: TokenStore = {
      get: () => Promise.reject(new Error('connect ECONNREFUSED')),
      set: () => Promise.reject(new Error('connect ECONNREFUSED')),
    };
    const source = createTokenSource(grant({ placement: 'form' }), { transport: fetchTransport(fetch), store: down });
    const stop = instrument(source, telemetry);
    await source.getToken();
    const points = await telemetry.collect();
    expect(pointValue(points, Metric.StoreFallbacks, { [Attr.StoreOperation]: 'get', [Attr.ErrorType]: 'TOK_STORE' })).toBe(1);
    expect(pointValue(points, Metric.StoreFallbacks, { [Attr.StoreOperation]: 'set', [Attr.ErrorType]: 'TOK_STORE' })).toBe(1);
    stop();
    source.dispose();
  });

  it('never exports the token, the secret or the query of the endpoint', async () => {
    const source = createTokenSource(grant(), { transport: fetchTransport(fetch) });
    const stop = instrument(source, telemetry);
    const token = await source.getToken();
    source.invalidate();
    await source.getToken();
    const exported = await telemetry.exported();
    expect(server.issued.length).toBe(2);
    for (const issued of server.issued) expect(exported).not.toContain(issued.accessToken);
    expect(exported).not.toContain(token.accessToken);
    expect(exported).not.toContain(SECRET);
    expect(exported).not.toContain('tenant=acme');
    expect(exported).not.toMatch(/basic [a-z0-9+/=]{8,}/i);
    stop();
    source.dispose();
  });

  it('stops when uninstrumented: no more spans, counts or observations, and the source measures nothing', async () => {
    const source = createTokenSource(grant(), { transport: fetchTransport(fetch) });
    const stop = instrument(source, telemetry);
    await source.getToken();
    stop();
    stop(); // twice is harmless
    const seen: TokenEvent[] = [];
    source.subscribe((event) => seen.push(event));
    source.invalidate();
    await source.getToken();
    expect(telemetry.spans()).toHaveLength(2);
    const points = await telemetry.collect();
    expect(pointValue(points, Metric.Requests, { [Attr.Outcome]: 'success' })).toBe(1);
    expect(points.get(Metric.CacheHits) ?? []).toEqual([]);
    // A listener that did not ask for token requests gets none.
    expect(seen.map((event) => event.type)).toEqual(['token-obtained']);
    source.dispose();
  });
});

describe("core's token-request event", () => {
  it('goes only to listeners that ask for it, and carries no credential', async () => {
    const source = createTokenSource(grant(), { transport: fetchTransport(fetch) });
    const plain: TokenEvent[] = [];
    const requests: TokenEvent[] = [];
    source.subscribe((event) => plain.push(event));
    source.subscribe((event) => requests.push(event), { tokenRequests: measureTokenRequests });
    await source.getToken();
    expect(plain.map((event) => event.type)).toEqual(['token-obtained']);
    expect(requests.map((event) => event.type)).toEqual(['token-request', 'token-request', 'token-obtained']);
    const [first] = requests;
    expect(first).toMatchObject({ type: 'token-request', endpoint: server.url, placement: 'basic', attempt: 1, outcome: 'failure', status: 401, errorCode: undefined });
    const text = JSON.stringify(requests);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(server.issued[0]?.accessToken);
    source.dispose();
  });
});
