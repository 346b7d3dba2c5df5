import type { Counter, Histogram, Meter } from '@opentelemetry/api';

/** The conventions' buckets for `gen_ai.client.token.usage` ({token}). */
export const TOKEN_USAGE_BUCKETS = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];

/** The conventions' buckets for the client duration histograms (seconds), time to first chunk included. */
export const DURATION_BUCKETS = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];

/** The instruments the router records to. */
export interface GenAiInstruments {
  /** `gen_ai.client.token.usage`: input and output tokens of each attempt. */
  tokenUsage: Histogram;
  /** `gen_ai.client.operation.duration`: each attempt's duration, failures included. */
  operationDuration: Histogram;
  /** `gen_ai.client.operation.time_to_first_chunk`: streams only, from the answering attempt's start. */
  timeToFirstChunk: Histogram;
  /** `routewise.cost`: USD charged, per attempt. */
  cost: Counter;
}

/** Creates the instruments on a meter, with the conventions' names, units and bucket advice. */
export function createGenAiInstruments(meter: Meter): GenAiInstruments {
  return {
    tokenUsage: meter.createHistogram('gen_ai.client.token.usage', {
      description: 'Number of input and output tokens used',
      unit: '{token}',
      advice: { explicitBucketBoundaries: TOKEN_USAGE_BUCKETS },
    }),
    operationDuration: meter.createHistogram('gen_ai.client.operation.duration', {
      description: 'GenAI operation duration',
      unit: 's',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    }),
    timeToFirstChunk: meter.createHistogram('gen_ai.client.operation.time_to_first_chunk', {
      description: 'Time to receive the first chunk of a streamed answer',
      unit: 's',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    }),
    cost: meter.createCounter('routewise.cost', { description: 'USD charged by providers', unit: 'USD' }),
  };
}
