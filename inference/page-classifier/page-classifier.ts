import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DOCUMENT_TYPES, type DocumentType } from '../../core/document-types.js';
import type { PageText } from '../../core/page.js';
import { ModelError } from '../../platform/errors.js';
import { FEATURES_VERSION, pageFeatures, tokenize, type SparseVector } from './features.js';
import type { PageLabel, PagePrediction } from '../../understanding/split-pages.js';

export { splitPages, type PageLabel, type PagePrediction, type Segment } from '../../understanding/split-pages.js';

/**
 * Docket's own page classifier: a softmax over (document type, starts-a-document) labels on hashed page features,
 * trained by `docket train` on the generated corpus. One page at a time it says what the page is; `splitPages` then
 * reads the sequence with a small transition model, so a packet PDF becomes documents with first and last pages.
 */

/** Fewer words than this (a blank or unreadable page) and the page gets no opinion of its own. */
const MIN_TOKENS = 5;

export const DEFAULT_MODEL_PATH = fileURLToPath(new URL('./models/page-classifier-v1.json', import.meta.url));


export const labelName = (l: PageLabel): string => `${l.type}:${l.start ? 'start' : 'cont'}`;

export function parseLabel(name: string): PageLabel {
  const [type, part] = name.split(':');
  if (!DOCUMENT_TYPES.includes(type as DocumentType) || (part !== 'start' && part !== 'cont')) throw new ModelError(`bad page label ${name}`);
  return { type: type as DocumentType, start: part === 'start' };
}

/** The JSON file a model is stored in: weights plus the manifest of how they were trained. */
export const PageClassifierFile = z.object({
  version: z.string(),
  features: z.string(),
  dim: z.number().int().positive(),
  labels: z.array(z.string()).min(2),
  /** Row-major [dim x labels] float32, base64: the layout the native dense kernel takes. */
  weights: z.string(),
  bias: z.array(z.number()),
  training: z.record(z.string(), z.unknown()),
});
export type PageClassifierFile = z.infer<typeof PageClassifierFile>;



/** Batched dense layer, as the native addon provides it; the classifier falls back to sparse scoring without one. */
export type DenseFn = (input: Float32Array, rows: number, inDim: number, weights: Float32Array, bias: Float32Array, outDim: number, activation: 'softmax') => Promise<Float32Array>;

export class PageClassifier {
  readonly labels: PageLabel[];
  private readonly weights: Float32Array;
  private readonly bias: Float32Array;

  constructor(readonly file: PageClassifierFile) {
    if (file.features !== FEATURES_VERSION) throw new ModelError(`page classifier ${file.version} was trained on features ${file.features}, this build computes ${FEATURES_VERSION}`);
    this.labels = file.labels.map(parseLabel);
    const bytes = Buffer.from(file.weights, 'base64');
    this.weights = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    this.bias = Float32Array.from(file.bias);
    if (this.weights.length !== file.dim * this.labels.length || this.bias.length !== this.labels.length) {
      throw new ModelError(`page classifier ${file.version}: weights do not match ${file.dim} features x ${this.labels.length} labels`);
    }
  }

  static async load(path = DEFAULT_MODEL_PATH): Promise<PageClassifier> {
    let raw: string;
    try {
      raw = await readFile(path, 'utf8');
    } catch (err) {
      throw new ModelError(`page classifier weights not found at ${path}; run docket train`, err);
    }
    return new PageClassifier(PageClassifierFile.parse(JSON.parse(raw)));
  }

  get version(): string {
    return this.file.version;
  }

  /** Label probabilities for each page, through `dense` (native) when given, else sparse scoring in TS. */
  async predict(pages: PageText[], dense?: DenseFn): Promise<PagePrediction[]> {
    const features = pages.map((p) => pageFeatures(p, this.file.dim));
    const k = this.labels.length;
    let probs: Float32Array;
    if (dense && pages.length) {
      const input = new Float32Array(pages.length * this.file.dim);
      features.forEach((f, row) => f.indices.forEach((i, j) => (input[row * this.file.dim + i] = f.values[j]!)));
      probs = await dense(input, pages.length, this.file.dim, this.weights, this.bias, k, 'softmax');
    } else {
      probs = new Float32Array(pages.length * k);
      features.forEach((f, row) => probs.set(this.scoreSparse(f), row * k));
    }
    // A page with (almost) no text says nothing: uniform, so splitting reads it as part of the document around it.
    for (const [row, page] of pages.entries()) if (tokenize(page.text).length < MIN_TOKENS) probs.fill(1 / k, row * k, row * k + k);
    return pages.map((_, row) => this.toPrediction(probs.subarray(row * k, row * k + k)));
  }

  scoreSparse(f: SparseVector): Float32Array {
    return scoreSparse(this.weights, this.bias, f);
  }

  private toPrediction(p: Float32Array): PagePrediction {
    let best = 0;
    for (let c = 1; c < p.length; c++) if (p[c]! > p[best]!) best = c;
    const label = this.labels[best]!;
    const typeConfidence = this.labels.reduce((s, l, c) => (l.type === label.type ? s + p[c]! : s), 0);
    return { ...label, confidence: p[best]!, typeConfidence, probabilities: Float32Array.from(p) };
  }
}

/** Softmax of x·W + b for one sparse vector; W is [dim x labels] row-major. */
export function scoreSparse(weights: Float32Array, bias: Float32Array, f: SparseVector): Float32Array {
  const k = bias.length;
  const logits = Float32Array.from(bias);
  for (let j = 0; j < f.indices.length; j++) {
    const row = f.indices[j]! * k;
    const v = f.values[j]!;
    for (let c = 0; c < k; c++) logits[c]! += v * weights[row + c]!;
  }
  return softmax(logits);
}

export function softmax(logits: Float32Array): Float32Array {
  let max = -Infinity;
  for (const v of logits) max = Math.max(max, v);
  let sum = 0;
  const out = logits.map((v) => {
    const e = Math.exp(v - max);
    sum += e;
    return e;
  });
  return out.map((v) => v / sum);
}
