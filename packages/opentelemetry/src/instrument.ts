import { type Attributes, type MeterProvider, metrics, SpanKind, SpanStatusCode, trace, type TracerProvider } from '@opentelemetry/api';
import type { TokenEvent, TokenSource } from '@tok/core';
import { measureTokenRequests } from '@tok/core/adapter';
import { Attr, DURATION_BUCKETS, Metric } from './names.js';

/** Options of {@link instrument}. */
export interface InstrumentOptions {
  /** Where metrics go. Default: the global one (`metrics.getMeterProvider()`). */
  meterProvider?: MeterProvider | undefined;
  /** Where spans go. Default: the global one (`trace.getTracerProvider()`). */
  tracerProvider?: TracerProvider | undefined;
  /** Added to every metric point and span, to tell sources apart: `{ 'tok.source': 'billing' }`. */
  attributes?: Attributes | undefined;
}

type TokenRequestEvent = Extract<TokenEvent, { type: 'token-request' }>;

const SCOPE = '@tok/opentelemetry';

/**
 * Reports a token source's traffic to OpenTelemetry: token requests by outcome and their duration,
 * failures by error code, tokens obtained, cache hits, waits, seconds until the token expires and
 * store fallbacks as metrics, and a client span per token request (endpoint without query,
 * placement, attempt, outcome, error). Never the token, the secret or an assertion: tok's events
 * carry none. Returns the function that stops it. The source measures its token requests only while
 * this (or another listener that asks for them) is installed; cache hits are read from
 * `source.stats()` when a reader collects, so the cache-hit path does no more work than without it.
 *
 * @see https://opentelemetry.io/docs/specs/semconv/http/http-spans/
 * @example
 * ```ts
 * const source = createTokenSource(grant, { transport: fetchTransport(fetch) });
 * const uninstrument = instrument(source, { meterProvider, tracerProvider });
 * // … on shutdown:
 * uninstrument();
 * ```
 */
export function instrument(source: TokenSource, options: InstrumentOptions = {}): () => void {
  const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(SCOPE);
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(SCOPE);
  const common = options.attributes ?? {};

  const requests = meter.createCounter(Metric.Requests, { description: 'Token requests sent to the token endpoint, by outcome', unit: '{request}' });
  const duration = meter.createHistogram(Metric.RequestDuration, {
    description: 'Duration of token requests, from sending to the answer read',
    unit: 's',
    advice: { explicitBucketBoundaries: DURATION_BUCKETS },
  });
  const failures = meter.createCounter(Metric.Failures, { description: 'Times the token source could not get a token, by error code', unit: '{failure}' });
  const obtained = meter.createCounter(Metric.Obtained, { description: 'Tokens obtained, from the endpoint or a shared store', unit: '{token}' });
  const fallbacks = meter.createCounter(Metric.StoreFallbacks, { description: 'Times the shared token store failed and the source went on without it', unit: '{fallback}' });
  const cacheHits = meter.createObservableCounter(Metric.CacheHits, { description: 'getToken() calls answered from the cache', unit: '{call}' });
  const waits = meter.createObservableCounter(Metric.Waits, { description: 'getToken() calls that waited for a token request', unit: '{call}' });
  const expiresIn = meter.createObservableGauge(Metric.ExpiresIn, { description: 'Seconds until the current token expires', unit: 's' });

  // Read when a reader collects, never on the call path.
  const observe: Parameters<typeof meter.addBatchObservableCallback>[0] = (result) => {
    const stats = source.stats();
    result.observe(cacheHits, stats.cacheHits, common);
    result.observe(waits, stats.waits, common);
    const expiresAt = source.peek()?.expiresAt;
    if (expiresAt !== undefined) result.observe(expiresIn, Math.max(0, (expiresAt - Date.now()) / 1000), common);
  };
  meter.addBatchObservableCallback(observe, [cacheHits, waits, expiresIn]);

  const onRequest = (event: TokenRequestEvent) => {
    const server = serverOf(event.endpoint);
    // As OpenTelemetry's HTTP conventions say: the status code for a refusal, else the error's code.
    const errorType = event.errorCode ?? (event.outcome === 'failure' ? String(event.status) : undefined);
    const attributes: Attributes = {
      ...common,
      [Attr.HttpMethod]: 'POST',
      ...server,
      [Attr.Outcome]: event.outcome,
      ...(event.placement !== undefined ? { [Attr.Placement]: event.placement } : {}),
      ...(event.status !== undefined ? { [Attr.HttpStatus]: event.status } : {}),
      ...(errorType !== undefined ? { [Attr.ErrorType]: errorType } : {}),
    };
    requests.add(1, attributes);
    duration.record(event.durationMs / 1000, attributes);
    const span = tracer.startSpan(`POST ${server[Attr.ServerAddress] === undefined ? event.endpoint : pathOf(event.endpoint)}`, {
      kind: SpanKind.CLIENT,
      startTime: event.startedAt,
      attributes: {
        ...attributes,
        [Attr.UrlFull]: event.endpoint,
        [Attr.Attempt]: event.attempt,
        ...(event.attempt > 1 ? { [Attr.ResendCount]: event.attempt - 1 } : {}),
      },
    });
    if (event.outcome === 'failure') span.setStatus({ code: SpanStatusCode.ERROR });
    span.end(event.startedAt + event.durationMs);
  };

  const unsubscribe = source.subscribe(
    (event) => {
      switch (event.type) {
        case 'token-request':
          return onRequest(event);
        case 'token-obtained':
          return obtained.add(1, { ...common, [Attr.TokenFrom]: event.from });
        case 'refresh-failed': {
          const oauth = (event.error as { error?: unknown }).error;
          return failures.add(1, { ...common, [Attr.ErrorType]: event.error.code, [Attr.Background]: event.background, ...(typeof oauth === 'string' ? { [Attr.OAuthError]: oauth } : {}) });
        }
        case 'store-failed':
          return fallbacks.add(1, { ...common, [Attr.StoreOperation]: event.operation, [Attr.ErrorType]: event.error.code });
      }
    },
    { tokenRequests: measureTokenRequests },
  );

  let installed = true;
  return () => {
    if (!installed) return;
    installed = false;
    unsubscribe();
    meter.removeBatchObservableCallback(observe, [cacheHits, waits, expiresIn]);
  };
}

// server.address and server.port (the port also when it is the scheme's default, as semconv asks).
function serverOf(endpoint: string): Attributes {
  try {
    const url = new URL(endpoint);
    const port = url.port === '' ? (url.protocol === 'https:' ? 443 : url.protocol === 'http:' ? 80 : undefined) : Number(url.port);
    return { [Attr.ServerAddress]: url.hostname.replace(/^\[|\]$/g, ''), ...(port !== undefined ? { [Attr.ServerPort]: port } : {}) };
  } catch {
    // A same-origin path (a browser's token route): no server to name.
    return {};
  }
}

function pathOf(endpoint: string): string {
  return new URL(endpoint).pathname;
}
