// Compact JSON for learned models: per head, the non-zero weights as 8- or 16-bit integers (multiples of the head's
// quantization step; 8 bits when every multiple fits) and their indices as delta-encoded varints, both base64.
import { Buffer } from 'node:buffer';
import { featureDimension, type HashedFeatureOptions } from './hashed-features.js';
import type { LearnedHead, LearnedModel } from './learned-model.js';

/** The format tag written into every serialized model. */
export const LEARNED_MODEL_FORMAT = 'routewise-learned-v1';

/** A serialized head. */
export interface SerializedLearnedHead {
  name: string;
  bias: number;
  /** Quantization step: weight = value × step. */
  step: number;
  /** Number of non-zero weights. */
  count: number;
  /** base64 of the gaps between successive non-zero indices (the first from 0), as unsigned LEB128 varints. */
  indices: string;
  /** Bytes per value: 1 (int8) or 2 (little-endian int16). */
  width: 1 | 2;
  /** base64 of the weights divided by `step`, as int8 or little-endian int16 (see `width`). */
  values: string;
}

/** A serialized model: plain JSON. */
export interface SerializedLearnedModel {
  format: typeof LEARNED_MODEL_FORMAT;
  features: HashedFeatureOptions;
  heads: SerializedLearnedHead[];
  meta?: Record<string, unknown>;
}

/** Serializes one head; a head without `step` is quantized here (lossy, to 1/32767 of its largest weight). */
function serializeHead(head: LearnedHead): SerializedLearnedHead {
  let maxAbs = 0;
  for (const w of head.weights) if (Math.abs(w) > maxAbs) maxAbs = Math.abs(w);
  const step = head.step ?? (maxAbs > 0 ? maxAbs / 32767 : 1);
  const indexBytes: number[] = [];
  const values: number[] = [];
  let previous = 0;
  for (let i = 0; i < head.weights.length; i++) {
    const q = Math.round(head.weights[i]! / step);
    if (q === 0) continue;
    if (q > 32767 || q < -32768) throw new RangeError(`weight ${i} of head "${head.name}" does not fit 16 bits`);
    let gap = i - previous;
    previous = i;
    while (gap >= 0x80) {
      indexBytes.push((gap & 0x7f) | 0x80);
      gap >>>= 7;
    }
    indexBytes.push(gap);
    values.push(q);
  }
  const width = values.every((q) => q >= -128 && q <= 127) ? 1 : 2;
  const valueBuffer = Buffer.alloc(values.length * width);
  for (let k = 0; k < values.length; k++) {
    if (width === 1) valueBuffer.writeInt8(values[k]!, k);
    else valueBuffer.writeInt16LE(values[k]!, k * 2);
  }
  return {
    name: head.name,
    bias: head.bias,
    step,
    count: values.length,
    width,
    indices: Buffer.from(indexBytes).toString('base64'),
    values: valueBuffer.toString('base64'),
  };
}

/** Turns a learned model into compact JSON-ready data (`JSON.stringify` it to save). */
export function serializeLearnedModel(model: LearnedModel): SerializedLearnedModel {
  return {
    format: LEARNED_MODEL_FORMAT,
    features: { ...model.features },
    heads: model.heads.map(serializeHead),
    ...(model.meta ? { meta: model.meta } : {}),
  };
}

/** Rebuilds one head's dense weights. */
function loadHead(head: SerializedLearnedHead, dimension: number): LearnedHead {
  const weights = new Float32Array(dimension);
  const indexBytes = Buffer.from(head.indices, 'base64');
  const values = Buffer.from(head.values, 'base64');
  const width = head.width ?? 2;
  if (values.length !== head.count * width) throw new Error(`head "${head.name}": ${head.count} weights declared`);
  let position = 0;
  let index = 0;
  for (let k = 0; k < head.count; k++) {
    let gap = 0;
    let shift = 0;
    let byte: number;
    do {
      if (position >= indexBytes.length) throw new Error(`head "${head.name}": index data ends early`);
      byte = indexBytes[position++]!;
      gap += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    index += gap;
    if (index >= dimension) throw new Error(`head "${head.name}": index ${index} outside ${dimension} features`);
    weights[index] = (width === 1 ? values.readInt8(k) : values.readInt16LE(k * 2)) * head.step;
  }
  return { name: head.name, bias: head.bias, weights, step: head.step };
}

/** Loads a model from `serializeLearnedModel`'s output (or that output parsed back from JSON text). */
export function loadLearnedModel(data: SerializedLearnedModel | string): LearnedModel {
  const parsed = (typeof data === 'string' ? JSON.parse(data) : data) as SerializedLearnedModel;
  if (parsed?.format !== LEARNED_MODEL_FORMAT) {
    throw new Error(
      `loadLearnedModel: expected format "${LEARNED_MODEL_FORMAT}", got ${JSON.stringify(parsed?.format)}`,
    );
  }
  const dimension = featureDimension(parsed.features);
  return {
    features: { ...parsed.features },
    heads: parsed.heads.map((head) => loadHead(head, dimension)),
    ...(parsed.meta ? { meta: parsed.meta } : {}),
  };
}
