import { createHash } from 'node:crypto';
import type { PageText } from '../../core/page.js';
import { FEATURES_VERSION, pageFeatures, type SparseVector } from '../../inference/page-classifier/features.js';
import { labelName, PageClassifier, scoreSparse, splitPages, type PageClassifierFile, type PageLabel } from '../../inference/page-classifier/page-classifier.js';
import { openPdf } from '../../inference/pdf.js';
import { DRAWINGS, type CoreType } from '../generator/documents.js';
import { generatePacket, GENERATOR_VERSION, type PacketOptions } from '../generator/generate-packet.js';
import { prng, type Rand } from '../generator/story.js';

/**
 * `docket train`: the page classifier, trained on pages of generated packets (a seed of its own, never an eval
 * set's). Digital renditions give clean page text fast; each page is also seen with OCR-like noise (dropped words,
 * misread characters) so the model holds up on scans. Softmax regression by SGD, deterministic from the seed: the same
 * options give byte-identical weights.
 */
export interface TrainOptions {
  seed: number;
  packets: number;
  dim: number;
  epochs: number;
  /** Share of packets held out (the last ones) to measure the model. */
  holdout: number;
  onProgress?: (stage: string, done: number, total: number) => void;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { seed: 90_000, packets: 240, dim: 4096, epochs: 8, holdout: 0.2 };

/** The six types the generator draws with full layouts; the catalog's other types are typed by their signals. */
const LABELS: PageLabel[] = (Object.keys(DRAWINGS) as CoreType[]).flatMap((type) => [
  { type, start: true },
  { type, start: false },
]);

interface Example {
  packet: number;
  /** Index of the page's file within its packet, to rebuild page sequences for the split check. */
  file: number;
  page: PageText;
  label: number;
}

export interface TrainReport {
  model: PageClassifierFile;
  pages: { train: number; holdout: number };
  holdout: { pageLabelAccuracy: number; pageTypeAccuracy: number; noisyPageTypeAccuracy: number; fileSplitExact: number };
  ms: number;
}

export async function trainPageClassifier(options: TrainOptions = DEFAULT_TRAIN_OPTIONS): Promise<TrainReport> {
  const started = performance.now();
  const examples = await collectExamples(options);
  const cut = Math.floor(options.packets * (1 - options.holdout));
  const train = examples.filter((e) => e.packet < cut);
  const test = examples.filter((e) => e.packet >= cut);

  const rand = prng(options.seed ^ 0x5eed);
  const k = LABELS.length;
  const weights = new Float32Array(options.dim * k);
  const bias = new Float32Array(k);
  // Each page clean and twice with noise: the noisy copies are drawn once, so the run stays deterministic.
  const samples: { x: SparseVector; y: number }[] = train.flatMap((e) => [e.page, noisy(e.page, rand), noisy(e.page, rand)].map((p) => ({ x: pageFeatures(p, options.dim), y: e.label })));
  const l2 = 1e-6;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const order = shuffle(samples.length, rand);
    const lr = 0.5 / (1 + epoch);
    for (const i of order) {
      const { x, y } = samples[i]!;
      const p = scoreSparse(weights, bias, x);
      p[y]! -= 1;
      for (let j = 0; j < x.indices.length; j++) {
        const row = x.indices[j]! * k;
        const v = x.values[j]!;
        for (let c = 0; c < k; c++) weights[row + c]! -= lr * (v * p[c]! + l2 * weights[row + c]!);
      }
      for (let c = 0; c < k; c++) bias[c]! -= lr * p[c]! * 0.1;
    }
    options.onProgress?.('train', epoch + 1, options.epochs);
  }

  const final = new PageClassifier(toFile(options, weights, bias, {}));
  const holdout = await measure(final, test, rand);
  const training = {
    seed: options.seed,
    packets: options.packets,
    generatorVersion: GENERATOR_VERSION,
    renditions: 'digital text layer, each page also twice with OCR-like noise',
    epochs: options.epochs,
    holdoutPackets: options.packets - cut,
    pages: { train: train.length, holdout: test.length },
    holdout,
  };
  const model = toFile(options, weights, bias, training);
  model.training.weightsSha256 = createHash('sha256').update(model.weights).digest('hex');
  return { model, pages: training.pages, holdout, ms: Math.round(performance.now() - started) };
}

/**
 * The i-th training packet: a mix like real intake (some packets one PDF, some long with multi-page statements), drawn
 * only from the tuning layout families: the held-out ones are for `docket eval --set unseen-layouts` alone.
 */
export function trainingPacketOptions(i: number): PacketOptions {
  return {
    rendition: 'digital',
    merged: i % 2 === 1,
    layouts: 'tuning',
    ...(i % 5 === 4 ? { targetPages: 30 + (i % 3) * 15 } : {}),
  };
}

async function collectExamples(options: TrainOptions): Promise<Example[]> {
  const examples: Example[] = [];
  for (let i = 0; i < options.packets; i++) {
    const generated = await generatePacket(options.seed + i + 1, trainingPacketOptions(i));
    const { truth } = generated;
    for (const [fileIndex, file] of truth.files.entries()) {
      if (file.mediaType !== 'application/pdf') continue;
      const pdf = await openPdf(generated.files.get(file.filename)!, { maxPages: 2000 });
      try {
        for (let n = 1; n <= pdf.pageCount; n++) {
          const doc = truth.documents.find((d) => d.filename === file.filename && d.pages[0] <= n && n <= d.pages[1]);
          if (!doc) continue;
          const label = LABELS.findIndex((l) => l.type === doc.type && l.start === (n === doc.pages[0]));
          examples.push({ packet: i, file: fileIndex, page: await pdf.textLayer(n), label });
        }
      } finally {
        await pdf.close();
      }
    }
    options.onProgress?.('generate', i + 1, options.packets);
  }
  return examples;
}

async function measure(model: PageClassifier, test: Example[], rand: Rand): Promise<TrainReport['holdout']> {
  const clean = await model.predict(test.map((e) => e.page));
  const noisyPredictions = await model.predict(test.map((e) => noisy(e.page, rand)));
  const round = (x: number) => Number(x.toFixed(4));
  const labelOk = clean.filter((p, i) => labelName(p) === labelName(LABELS[test[i]!.label]!)).length;
  const typeOk = clean.filter((p, i) => p.type === LABELS[test[i]!.label]!.type).length;
  const noisyOk = noisyPredictions.filter((p, i) => p.type === LABELS[test[i]!.label]!.type).length;
  // Split check per file: the Viterbi segments must equal the true documents exactly.
  const files = new Map<string, { predictions: typeof clean; labels: PageLabel[] }>();
  test.forEach((e, i) => {
    const key = `${e.packet}/${e.file}`;
    const f = files.get(key) ?? { predictions: [], labels: [] };
    f.predictions.push(clean[i]!);
    f.labels.push(LABELS[e.label]!);
    files.set(key, f);
  });
  let exact = 0;
  for (const f of files.values()) {
    const got = splitPages(f.predictions, model.labels).map((s) => `${s.type}@${s.firstPage}`).join(',');
    const want = f.labels.flatMap((l, i) => (l.start ? [`${l.type}@${i + 1}`] : [])).join(',');
    if (got === want) exact++;
  }
  return {
    pageLabelAccuracy: round(labelOk / test.length),
    pageTypeAccuracy: round(typeOk / test.length),
    noisyPageTypeAccuracy: round(noisyOk / test.length),
    fileSplitExact: round(exact / files.size),
  };
}

/** The model file: weights as base64 float32 (about 4 bytes x dim x labels), bias, and the training manifest. */
function toFile(options: TrainOptions, weights: Float32Array, bias: Float32Array, training: Record<string, unknown>): PageClassifierFile {
  return {
    version: 'page-classifier-v1',
    features: FEATURES_VERSION,
    dim: options.dim,
    labels: LABELS.map(labelName),
    weights: Buffer.from(weights.buffer, weights.byteOffset, weights.byteLength).toString('base64'),
    bias: Array.from(bias, (b) => Number(b.toPrecision(7))),
    training,
  };
}

/** OCR-like damage: drop some words, misread some characters (the confusions tesseract makes on noisy scans). */
function noisy(page: PageText, rand: Rand): PageText {
  const confusions: Record<string, string> = { o: '0', l: '1', i: 'l', s: '5', e: 'c', a: 'o', n: 'm', rn: 'm', '0': 'O', '1': 'l', '5': 'S', '8': 'B' };
  const lines = page.lines.map((line) => {
    const words = line.text.split(' ').filter(() => rand() > 0.07);
    const text = words
      .map((w) => (rand() < 0.12 ? w.replace(/rn|[oliseaan0158]/, (m) => confusions[m] ?? m) : w))
      .join(' ');
    return { ...line, text, words: [] };
  });
  return { ...page, lines, text: lines.map((l) => l.text).join('\n') };
}

function shuffle(n: number, rand: Rand): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}
