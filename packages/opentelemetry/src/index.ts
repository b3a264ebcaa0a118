/**
 * OpenTelemetry metrics and spans for a tok token source: `instrument(source, { meterProvider, tracerProvider })`.
 *
 * @packageDocumentation
 */
export { instrument } from './instrument.js';
export { Attr, Metric } from './names.js';

export type { InstrumentOptions } from './instrument.js';
