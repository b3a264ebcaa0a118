// tok-fetch as wired in its README, with @tok/opentelemetry's instrument() on the source and the
// real OpenTelemetry SDK behind it (a meter provider with a reader, a tracer provider): what a
// cache-hit getToken() costs with instrumentation installed, beside the same source without it.
import { MeterProvider, PeriodicExportingMetricReader, InMemoryMetricExporter, AggregationTemporality } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { clientCredentials, createTokenSource } from '@tok/core';
import { fetchTransport, withToken } from '@tok/fetch';
import { instrument } from '@tok/opentelemetry';
import type { Env, FetchClient } from './types.js';

export function createClient(env: Env): FetchClient {
  const grant = clientCredentials({ tokenUrl: env.tokenUrl, clientId: env.clientId, clientSecret: env.clientSecret });
  const source = createTokenSource(grant, { transport: fetchTransport(fetch) });
  const reader = new PeriodicExportingMetricReader({ exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE), exportIntervalMillis: 60_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const uninstrument = instrument(source, { meterProvider, tracerProvider: new BasicTracerProvider() });
  const api = withToken(fetch, source, { origins: [env.apiOrigin] });
  return {
    fetch: (url) => api(url),
    getToken: () => source.getToken(),
    waits: () => source.stats().waits,
    dispose: () => {
      uninstrument();
      source.dispose();
      void meterProvider.shutdown();
    },
  };
}
