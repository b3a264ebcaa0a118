// The real OpenTelemetry SDK, collected on demand: a MeterProvider with a reader whose collect()
// a test calls, and a BasicTracerProvider that keeps finished spans in memory.
import { type DataPoint, type Histogram, MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

/** A reader that exports nothing by itself: the test collects when it wants to look. */
class CollectingReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

export interface Telemetry {
  readonly meterProvider: MeterProvider;
  readonly tracerProvider: BasicTracerProvider;
  /** Every metric point collected now, by metric name. */
  collect(): Promise<Map<string, DataPoint<number | Histogram>[]>>;
  spans(): ReadableSpan[];
  /** Everything exported so far, as text: for checking that no secret or token is in it. */
  exported(): Promise<string>;
  shutdown(): Promise<void>;
}

export function startTelemetry(): Telemetry {
  const reader = new CollectingReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const raw = async (): Promise<ResourceMetrics> => {
    const { resourceMetrics, errors } = await reader.collect();
    if (errors.length > 0) throw errors[0];
    return resourceMetrics;
  };
  return {
    meterProvider,
    tracerProvider,
    async collect() {
      const byName = new Map<string, DataPoint<number | Histogram>[]>();
      for (const scope of (await raw()).scopeMetrics) {
        for (const metric of scope.metrics) byName.set(metric.descriptor.name, [...(byName.get(metric.descriptor.name) ?? []), ...(metric.dataPoints as DataPoint<number | Histogram>[])]);
      }
      return byName;
    },
    spans: () => exporter.getFinishedSpans(),
    async exported() {
      const spans = exporter.getFinishedSpans().map((span) => ({ name: span.name, attributes: span.attributes, events: span.events, status: span.status }));
      return JSON.stringify({ metrics: (await raw()).scopeMetrics, spans });
    },
    async shutdown() {
      await meterProvider.shutdown();
      await tracerProvider.shutdown();
    },
  };
}

/** The value of the one point of `name` whose attributes include `match`. */
export function pointValue(points: Map<string, DataPoint<number | Histogram>[]>, name: string, match: Record<string, unknown> = {}): number | Histogram | undefined {
  const found = (points.get(name) ?? []).filter((point) => Object.entries(match).every(([key, value]) => point.attributes[key] === value));
  if (found.length > 1) throw new Error(`${found.length} points of ${name} match ${JSON.stringify(match)}`);
  return found[0]?.value;
}
