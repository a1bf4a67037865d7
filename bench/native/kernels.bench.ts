/**
 * Per-kernel timings of the native addon against the TypeScript fallback on 300-DPI US-letter pages (2550 x 3300):
 * one page, and a batch of 16 (the addon's batch calls run pages in parallel, one per core; the fallback runs them one
 * after another on the event loop). With a CUDA build that sees a GPU, a CUDA column too. Also the small-input
 * crossover behind NATIVE_MIN_WORK (native/addon-backend.ts). Numbers, not pass/fail.
 *
 *   node native/build.mjs && npx tsx bench/native/kernels.bench.ts [--reps=5] [--quick]
 *
 * Prints a table and writes bench/native/result.json (git-ignored).
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { createFallbackBackend } from '../../native/fallback.js';
import { loadNative } from '../../native/index.js';
import { addSpeckles, renderTextPage, seededRandom } from '../../native/test-support/synthetic-page.js';
import type { GrayImage, NativeBackend } from '../../native/types.js';

const args = process.argv.slice(2);
const reps = Number(args.find((a) => a.startsWith('--reps='))?.slice(7) ?? 5);
const quick = args.includes('--quick');
const BATCH = 16;

const fallback = createFallbackBackend();
const cpu = await loadNative('required', { variant: 'cpu', smallInputsInTs: false });
const cuda = await loadNative('auto', { variant: 'cuda', smallInputsInTs: false });
const backends: [string, NativeBackend][] = [['cpu', cpu], ...(cuda.backend === 'cuda' ? [['cuda', cuda] as [string, NativeBackend]] : [])];

process.stdout.write(`rendering ${BATCH} pages at 300 DPI...\n`);
const pages: GrayImage[] = Array.from({ length: BATCH }, (_, i) => {
  const page = renderTextPage({ dpi: 300, seed: 100 + i, angleDegrees: ((i % 7) - 3) * 0.7 });
  return i % 2 ? addSpeckles(page, 20_000, i) : page;
});
const page = pages[1]!;
const binarized = await cpu.binarizeSauvola(page);
const rgba = new Uint8Array(page.width * page.height * 4).map((_, i) => (i % 4 === 3 ? 255 : page.data[i >> 2]!));

/** Median wall time of `runs` calls after one warm-up, in ms. */
async function time(fn: () => Promise<unknown>, runs: number): Promise<number> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

type Kernel = { name: string; single: (b: NativeBackend) => Promise<unknown>; batch?: (b: NativeBackend) => Promise<unknown> };
/** Per-page kernels without a batch call are batched as 16 concurrent calls (the addon's AsyncWorkers share the pool). */
const each = (f: (b: NativeBackend, p: GrayImage) => Promise<unknown>) => (b: NativeBackend) =>
  b.backend === 'fallback' ? pages.reduce<Promise<unknown>>((acc, p) => acc.then(() => f(b, p)), Promise.resolve()) : Promise.all(pages.map((p) => f(b, p)));

const kernels: Kernel[] = [
  { name: 'toGray (RGBA)', single: (b) => b.toGray(rgba, page.width, page.height, 4) },
  { name: 'estimateSkew', single: (b) => b.estimateSkew(page), batch: each((b, p) => b.estimateSkew(p)) },
  { name: 'rotate', single: (b) => b.rotate(page, -1.4), batch: each((b, p) => b.rotate(p, -1.4)) },
  { name: 'resize 0.5', single: (b) => b.resize(page, 0.5) },
  { name: 'binarizeSauvola', single: (b) => b.binarizeSauvola(page), batch: each((b, p) => b.binarizeSauvola(p)) },
  { name: 'despeckle', single: (b) => b.despeckle(binarized, 4) },
  { name: 'removeRules', single: (b) => b.removeRules(binarized, 150) },
  { name: 'cropToContent', single: (b) => b.cropToContent(page, 10) },
  { name: 'pageQuality', single: (b) => b.pageQuality(page), batch: (b) => b.pageQualityBatch(pages) },
  { name: 'preprocessForOcr', single: (b) => b.preprocessForOcr(page), batch: (b) => b.preprocessBatch(pages) },
];

// The page classifier's shape: hashed features into a softmax over labels; and reranking 10k chunk embeddings.
const rand = seededRandom(1);
const floats = (n: number) => Float32Array.from({ length: n }, () => rand() * 2 - 1);
const feat = 4096;
const labels = 24;
const w = floats(feat * labels);
const bias = floats(labels);
const x16 = floats(16 * feat);
const x256 = floats(256 * feat);
const chunks = floats(10_000 * 384);
const query = floats(384);
kernels.push(
  { name: `dense 16x${feat}x${labels} softmax`, single: (b) => b.dense(x16, 16, feat, w, bias, labels, 'softmax') },
  { name: `dense 256x${feat}x${labels} softmax`, single: (b) => b.dense(x256, 256, feat, w, bias, labels, 'softmax') },
  { name: 'cosineTopK 10k x 384, k=10', single: (b) => b.cosineTopK(query, chunks, 384, 10) },
  { name: 'quantizeInt8Rows 10k x 384', single: (b) => b.quantizeInt8Rows(chunks, 384) },
);

interface Row {
  kernel: string;
  fallbackMs: number;
  [key: string]: number | string;
}
const rows: Row[] = [];
const fallbackRuns = quick ? 1 : Math.max(1, Math.ceil(reps / 2));
for (const k of kernels) {
  const row: Row = { kernel: k.name, fallbackMs: await time(() => k.single(fallback), fallbackRuns) };
  for (const [name, b] of backends) {
    row[`${name}Ms`] = await time(() => k.single(b), reps);
    row[`${name}Speedup`] = row.fallbackMs / (row[`${name}Ms`] as number);
  }
  if (k.batch && !quick) {
    row.fallbackBatchMs = await time(() => k.batch!(fallback), 1);
    for (const [name, b] of backends) {
      row[`${name}BatchMs`] = await time(() => k.batch!(b), Math.max(1, Math.ceil(reps / 2)));
      row[`${name}BatchSpeedup`] = (row.fallbackBatchMs as number) / (row[`${name}BatchMs`] as number);
    }
  }
  rows.push(row);
  process.stdout.write(`  ${k.name}\n`);
}

// Crossover: below which size is handing work to the addon slower than doing it in TypeScript?
const crossover: Record<string, { size: number; fallbackUs: number; cpuUs: number }[]> = { dense: [], cosineTopK: [], quantizeInt8: [] };
for (const n of [16, 64, 256, 1024, 4096, 16384, 65536]) {
  const inDim = Math.max(4, Math.round(Math.sqrt(n)));
  const outDim = Math.max(1, Math.round(n / inDim));
  const x = floats(inDim);
  const wt = floats(inDim * outDim);
  const bs = floats(outDim);
  const us = async (b: NativeBackend) => (await time(() => b.dense(x, 1, inDim, wt, bs, outDim, 'none'), 200)) * 1000;
  crossover.dense!.push({ size: inDim * outDim, fallbackUs: await us(fallback), cpuUs: await us(cpu) });
  const m = floats(n);
  const q = floats(16);
  const cu = async (b: NativeBackend) => (await time(() => b.cosineTopK(q, m, 16, 5), 200)) * 1000;
  crossover.cosineTopK!.push({ size: n, fallbackUs: await cu(fallback), cpuUs: await cu(cpu) });
  const qu = async (b: NativeBackend) => (await time(() => b.quantizeInt8(m), 200)) * 1000;
  crossover.quantizeInt8!.push({ size: n, fallbackUs: await qu(fallback), cpuUs: await qu(cpu) });
}

const fmt = (v: unknown, d = 1) => (typeof v === 'number' ? v.toFixed(d) : '');
const header = ['kernel', 'fallback ms', ...backends.flatMap(([n]) => [`${n} ms`, `${n} x`]), 'fallback x16 ms', ...backends.flatMap(([n]) => [`${n} x16 ms`, `${n} x16 x`])];
const table = [header, ...rows.map((r) => [r.kernel, fmt(r.fallbackMs), ...backends.flatMap(([n]) => [fmt(r[`${n}Ms`]), fmt(r[`${n}Speedup`])]), fmt(r.fallbackBatchMs, 0), ...backends.flatMap(([n]) => [fmt(r[`${n}BatchMs`]), fmt(r[`${n}BatchSpeedup`])])])];
const widths = header.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
const machine = { cpu: os.cpus()[0]?.model, cores: os.availableParallelism(), loadAverage: os.loadavg(), node: process.version, native: cpu.info(), cuda: cuda.backend === 'cuda' ? cuda.info() : cuda.fallbackReason };
process.stdout.write(`\n${machine.cpu} x${machine.cores}, load ${machine.loadAverage.map((l) => l.toFixed(1)).join(' ')}, ${cpu.info().simd}, ${page.width}x${page.height} px\n`);
for (const r of table) process.stdout.write(`${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}\n`);
process.stdout.write('\ncrossover (one call, microseconds): size, fallback, cpu\n');
for (const [k, list] of Object.entries(crossover)) process.stdout.write(`  ${k}: ${list.map((c) => `${c.size}: ${c.fallbackUs.toFixed(0)}/${c.cpuUs.toFixed(0)}`).join(', ')}\n`);
const out = fileURLToPath(new URL('./result.json', import.meta.url));
writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), machine, reps, rows, crossover }, null, 2));
process.stdout.write(`\nwrote ${out}\n`);
