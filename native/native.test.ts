import { beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../core/error-codes.js';
import { NativeInputError } from './errors.js';
import { createFallbackBackend } from './fallback.js';
import { loadAddon } from './index.js';
import { addSpeckles, renderBlankPage, renderTextPage, seededRandom } from './test-support/synthetic-page.js';
import type { GrayImage, NativeBackend } from './types.js';

/**
 * One suite, two backends: every test below runs against the TypeScript fallback and the compiled addon (CPU build;
 * the CUDA build where one is built and a GPU is present). The addon half is skipped, with the reason in its name,
 * only when the addon is not built. A second block runs both on the same inputs and compares them.
 *
 * Tolerances: image kernels (gray, rotate, resize, Sauvola, despeckle, crop) and page measures (blur variance,
 * contrast, ink, skew, character height) must be identical: both use the same integer and float64 arithmetic.
 * dense: |a - b| <= 1e-4 * (1 + |b|) (float32 vs float64 accumulation); cosine scores: 1e-5 absolute;
 * int8 quantization: identical.
 */

const fallback = createFallbackBackend();
const addon = loadAddon({ smallInputsInTs: false });
const addonName = addon.backend
  ? `addon (${addon.backend.info().backend}, ${addon.backend.info().simd})`
  : `addon skipped: ${addon.reason}`;

const backends: { name: string; backend: NativeBackend | undefined }[] = [
  { name: 'fallback', backend: fallback },
  { name: addonName, backend: addon.backend },
];

/** Pages are rendered once: 150 DPI keeps the fallback half quick; the skew pages are 200 DPI. */
let page150: GrayImage;
let skewed: Map<number, GrayImage>;
let blurred: GrayImage;
let faded: GrayImage;
let blank: GrayImage;

beforeAll(() => {
  page150 = renderTextPage({ dpi: 150, seed: 11 });
  skewed = new Map([2.5, -1.5, 0].map((a) => [a, renderTextPage({ dpi: 200, angleDegrees: a, seed: 5 })]));
  blurred = renderTextPage({ dpi: 150, seed: 11, blurPx: 3 });
  faded = renderTextPage({ dpi: 150, seed: 11, inkAlpha: 0.2 });
  blank = renderBlankPage(1275, 1650);
});

const image = (width: number, height: number, fill = 255): GrayImage => ({ width, height, data: new Uint8Array(width * height).fill(fill) });

function rect(img: GrayImage, x: number, y: number, w: number, h: number, v = 0): void {
  for (let yy = y; yy < y + h; yy++) img.data.fill(v, yy * img.width + x, yy * img.width + x + w);
}

/** Byte equality without vitest's element-by-element deep equal (slow on megapixel arrays). */
const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;

const meanAbsDiff = (a: Uint8Array, b: Uint8Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! - b[i]!);
  return s / a.length;
};

function randomFloats(n: number, seed: number): Float32Array {
  const rand = seededRandom(seed);
  return Float32Array.from({ length: n }, () => rand() * 2 - 1);
}

function naiveDense(input: Float32Array, rows: number, inDim: number, w: Float32Array, b: Float32Array, outDim: number): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < rows; r++) {
    const row: number[] = [];
    for (let o = 0; o < outDim; o++) {
      let s = b[o]!;
      for (let i = 0; i < inDim; i++) s += input[r * inDim + i]! * w[i * outDim + o]!;
      row.push(s);
    }
    out.push(row);
  }
  return out;
}

async function expectInputError(p: Promise<unknown>, reason: string): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(NativeInputError);
  expect((err as NativeInputError).reason).toBe(reason);
  expect((err as NativeInputError).code).toBe(ErrorCodes.CORRUPT_DOCUMENT);
}

describe.each(backends)('$name', ({ backend }) => {
  const test = backend ? it : it.skip;
  const b = () => backend!;

  test('toGray uses BT.601 integer weights and composites alpha over white', async () => {
    const rgb = Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]);
    expect([...(await b().toGray(rgb, 4, 1, 3)).data]).toEqual([77, 149, 29, 255]);
    const rgba = Uint8Array.from([0, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 128]);
    expect([...(await b().toGray(rgba, 3, 1, 4)).data]).toEqual([0, 255, 127]);
    const g = await b().toGray(Uint8Array.from([1, 2, 3, 4]), 2, 2, 1);
    expect(g).toMatchObject({ width: 2, height: 2 });
    expect([...g.data]).toEqual([1, 2, 3, 4]);
  });

  test('estimateSkew finds the angle of a rendered page within 0.2 degrees', async () => {
    for (const [angle, img] of skewed) expect(Math.abs((await b().estimateSkew(img)) - angle)).toBeLessThan(0.2);
  });

  test('estimateSkew returns 0 for a blank page and stays inside the searched range', async () => {
    expect(await b().estimateSkew(blank)).toBe(0);
    expect(Math.abs(await b().estimateSkew(skewed.get(2.5)!, 1))).toBeLessThanOrEqual(1);
  });

  test('rotate turns content counter-clockwise, as estimateSkew measures it, and undoes itself', async () => {
    const straight = skewed.get(0)!;
    const turned = await b().rotate(straight, 2.5);
    expect(Math.abs((await b().estimateSkew(turned)) - 2.5)).toBeLessThan(0.2);
    expect(sameBytes((await b().rotate(straight, 0)).data, straight.data)).toBe(true);
    const back = await b().rotate(turned, -2.5);
    // Two bilinear resamplings soften edges; most of the page is unchanged.
    expect(meanAbsDiff(back.data.subarray(400_000, 3_000_000), straight.data.subarray(400_000, 3_000_000))).toBeLessThan(6);
    const corner = await b().rotate(image(100, 100, 0), 45);
    expect(corner.data[0]).toBe(255); // uncovered corners are white
  });

  test('resize averages areas when shrinking and keeps sides rounded', async () => {
    const img = { width: 4, height: 2, data: Uint8Array.from([0, 10, 20, 30, 40, 50, 60, 70]) };
    const half = await b().resize(img, 0.5);
    expect(half).toMatchObject({ width: 2, height: 1 });
    expect([...half.data]).toEqual([25, 45]);
    const up = await b().resize(page150, 2);
    expect(up).toMatchObject({ width: 2550, height: 3300 });
    const odd = await b().resize(page150, 0.33);
    expect(odd).toMatchObject({ width: Math.round(1275 * 0.33), height: Math.round(1650 * 0.33) });
    expect(sameBytes((await b().resize(img, 1)).data, img.data)).toBe(true);
  });

  test('binarizeSauvola gives 0/255, keeps text and leaves flat paper white', async () => {
    const bin = await b().binarizeSauvola(page150, { window: 25, k: 0.2 });
    let ink = 0;
    let other = 0;
    for (const v of bin.data) {
      if (v === 0) ink++;
      else if (v !== 255) other++;
    }
    expect(other).toBe(0);
    expect(ink / bin.data.length).toBeGreaterThan(0.02);
    expect(ink / bin.data.length).toBeLessThan(0.2);
    expect((await b().binarizeSauvola(image(64, 64, 200))).data.every((v) => v === 255)).toBe(true);
  });

  test('despeckle removes small ink components and keeps larger ones', async () => {
    const img = image(50, 50);
    rect(img, 2, 2, 1, 1); // 1 px speck
    rect(img, 10, 10, 2, 2); // 4 px speck
    rect(img, 20, 20, 10, 3); // a stroke of 30 px
    img.data[23 * 50 + 30] = 0; // touches the stroke diagonally: 8-connected, kept
    const out = await b().despeckle(img, 4);
    expect(out.data[2 * 50 + 2]).toBe(255);
    expect(out.data[10 * 50 + 10]).toBe(255);
    expect(out.data[21 * 50 + 25]).toBe(0);
    expect(out.data[23 * 50 + 30]).toBe(0);
    expect(sameBytes((await b().despeckle(img, 0)).data, img.data)).toBe(true);
  });

  test('removeRules whitens long straight runs (form boxes) and keeps text-sized strokes', async () => {
    const img = image(120, 80);
    rect(img, 5, 10, 110, 2); // a rule: 110 px long, 2 px thick
    rect(img, 60, 20, 2, 50); // a vertical box edge
    rect(img, 20, 30, 3, 12); // a letter stroke: 12 px tall
    const out = await b().removeRules(img, 40);
    expect(out.data[10 * 120 + 50]).toBe(255);
    expect(out.data[40 * 120 + 60]).toBe(255);
    expect(out.data[35 * 120 + 21]).toBe(0);
    expect(sameBytes((await b().removeRules(img, 0)).data, img.data)).toBe(true);
  });

  test('cropToContent crops to the ink plus the margin, or keeps a blank page whole', async () => {
    const img = image(200, 100);
    rect(img, 50, 20, 30, 10);
    const c = await b().cropToContent(img, 5);
    expect(c.box).toEqual({ x: 45, y: 15, width: 40, height: 20 });
    expect(c.image).toMatchObject({ width: 40, height: 20 });
    expect(c.image.data[5 * 40 + 5]).toBe(0);
    expect((await b().cropToContent(img, 100)).box).toEqual({ x: 0, y: 0, width: 180, height: 100 });
    expect((await b().cropToContent(image(10, 10), 2)).box).toEqual({ x: 0, y: 0, width: 10, height: 10 });
  });

  test('pageQuality passes a clean page and estimates its resolution', async () => {
    const q = await b().pageQuality(page150);
    expect(q).toMatchObject({ blank: false, illegible: false, reasons: [] });
    expect(q.contrast).toBeGreaterThan(0.8);
    expect(q.inkCoverage).toBeGreaterThan(0.02);
    expect(Math.abs(q.skewDegrees)).toBeLessThan(0.2);
    expect(q.estimatedDpi).not.toBeNull();
    expect(Math.abs(q.estimatedDpi! - 150) / 150).toBeLessThan(0.35);
    const q300 = await b().pageQuality(skewed.get(2.5)!);
    expect(Math.abs(q300.estimatedDpi! - 200) / 200).toBeLessThan(0.35);
    expect(Math.abs(q300.skewDegrees - 2.5)).toBeLessThan(0.2);
  });

  test('pageQuality: a blurred page has a lower blur variance and is illegible with the reason', async () => {
    const sharp = await b().pageQuality(page150);
    const q = await b().pageQuality(blurred);
    expect(q.blurVariance).toBeLessThan(sharp.blurVariance / 10);
    expect(q.illegible).toBe(true);
    expect(q.reasons.some((r) => r.startsWith('blurred: variance of Laplacian'))).toBe(true);
  });

  test('pageQuality: faded ink is low contrast, a blank page is blank (not illegible), dust is not ink', async () => {
    const f = await b().pageQuality(faded);
    expect(f.illegible).toBe(true);
    expect(f.reasons.some((r) => r.startsWith('low_contrast'))).toBe(true);
    const e = await b().pageQuality(blank);
    expect(e).toMatchObject({ blank: true, illegible: false, reasons: [], estimatedDpi: null });
    const dusty = await b().pageQuality(addSpeckles(blank, 3000));
    expect(dusty.blank).toBe(true);
    const dustyText = await b().pageQuality(addSpeckles(page150, 20_000));
    expect(dustyText).toMatchObject({ blank: false, illegible: false });
  });

  test('pageQualityBatch equals pageQuality page by page', async () => {
    const pages = [page150, blurred, blank];
    const batch = await b().pageQualityBatch(pages);
    expect(batch).toEqual(await Promise.all(pages.map((p) => b().pageQuality(p))));
    expect(await b().pageQualityBatch([])).toEqual([]);
  });

  test('preprocessForOcr deskews, binarizes and reports the input quality', async () => {
    const input = skewed.get(2.5)!;
    const r = await b().preprocessForOcr(input, { cropMargin: 10 });
    expect(Math.abs(r.skewDegrees - 2.5)).toBeLessThan(0.2);
    expect(r.rotatedDegrees).toBeCloseTo(-r.skewDegrees, 10);
    expect(r.image.data.every((v) => v === 0 || v === 255)).toBe(true);
    expect(r.image.width).toBeLessThan(input.width);
    expect(r.quality.illegible).toBe(false);
    expect(Math.abs(await b().estimateSkew(r.image))).toBeLessThan(0.2);
    const resampled = await b().preprocessForOcr(page150, { sourceDpi: 150, targetDpi: 300, deskew: false });
    expect(resampled).toMatchObject({ scale: 2, dpi: 300 });
    expect(resampled.image.width).toBe(2550);
    const batch = await b().preprocessBatch([page150, input], { binarize: false });
    expect(sameBytes(batch[1]!.image.data, (await b().preprocessForOcr(input, { binarize: false })).image.data)).toBe(true);
  });

  test('dense matches a naive loop for none, relu and softmax', async () => {
    const rows = 5;
    const inDim = 96;
    const outDim = 13;
    const input = randomFloats(rows * inDim, 1);
    input.fill(0, 10, 40); // zero features are skipped; the result must not change
    const w = randomFloats(inDim * outDim, 2);
    const bias = randomFloats(outDim, 3);
    const want = naiveDense(input, rows, inDim, w, bias, outDim);
    const none = await b().dense(input, rows, inDim, w, bias, outDim, 'none');
    const relu = await b().dense(input, rows, inDim, w, bias, outDim, 'relu');
    const soft = await b().dense(input, rows, inDim, w, bias, outDim, 'softmax');
    for (let r = 0; r < rows; r++) {
      const row = want[r]!;
      const max = Math.max(...row);
      const exps = row.map((v) => Math.exp(v - max));
      const sum = exps.reduce((a, c) => a + c, 0);
      let total = 0;
      for (let o = 0; o < outDim; o++) {
        const i = r * outDim + o;
        expect(Math.abs(none[i]! - row[o]!)).toBeLessThan(1e-4 * (1 + Math.abs(row[o]!)));
        expect(Math.abs(relu[i]! - Math.max(0, row[o]!))).toBeLessThan(1e-4 * (1 + Math.abs(row[o]!)));
        expect(Math.abs(soft[i]! - exps[o]! / sum)).toBeLessThan(1e-5);
        total += soft[i]!;
      }
      expect(total).toBeCloseTo(1, 5);
    }
  });

  test('cosineTopK matches brute force, best first, ties by lower index', async () => {
    const dim = 64;
    const n = 500;
    const matrix = randomFloats(n * dim, 4);
    const query = randomFloats(dim, 5);
    matrix.copyWithin(7 * dim, 3 * dim, 4 * dim); // row 7 = row 3: a tie
    matrix.set(query, 42 * dim); // row 42 = the query: score 1
    const brute = Array.from({ length: n }, (_, r) => {
      let dot = 0;
      let a = 0;
      let c = 0;
      for (let i = 0; i < dim; i++) {
        dot += query[i]! * matrix[r * dim + i]!;
        a += query[i]! ** 2;
        c += matrix[r * dim + i]! ** 2;
      }
      return { index: r, score: dot / Math.sqrt(a * c) };
    }).sort((x, y) => y.score - x.score || x.index - y.index);
    const hits = await b().cosineTopK(query, matrix, dim, 10);
    expect(hits.map((h) => h.index)).toEqual(brute.slice(0, 10).map((h) => h.index));
    hits.forEach((h, i) => expect(Math.abs(h.score - brute[i]!.score)).toBeLessThan(1e-5));
    expect(hits[0]).toMatchObject({ index: 42 });
    const all = await b().cosineTopK(query, matrix.subarray(0, 8 * dim), dim, 20);
    expect(all).toHaveLength(8);
    const i3 = all.findIndex((h) => h.index === 3);
    expect(all[i3 + 1]?.index).toBe(7);
    const zero = await b().cosineTopK(new Float32Array(dim), matrix.subarray(0, 2 * dim), dim, 1);
    expect(zero).toEqual([{ index: 0, score: 0 }]);
  });

  test('quantizeInt8 scales by max |v| / 127 and rounds half away from zero', async () => {
    const q = await b().quantizeInt8(Float32Array.from([1, -0.5, 0.25, 0]));
    expect(q.scale).toBeCloseTo(1 / 127, 12);
    expect([...q.data]).toEqual([127, -64, 32, 0]);
    expect(await b().quantizeInt8(new Float32Array(3))).toEqual({ data: new Int8Array(3), scale: 0 });
    const rows = await b().quantizeInt8Rows(Float32Array.from([2, -1, 0, 0.5]), 2);
    expect([...rows.data]).toEqual([127, -64, 0, 127]);
    expect([...rows.scales]).toEqual([2 / 127, 0.5 / 127]);
  });

  test('bad input is a typed NativeInputError with a reason', async () => {
    const img = image(10, 10);
    await expectInputError(b().rotate({ width: 0, height: 10, data: new Uint8Array(0) }, 1), 'DIMENSIONS');
    await expectInputError(b().rotate({ width: 10.5, height: 10, data: new Uint8Array(105) }, 1), 'DIMENSIONS');
    await expectInputError(b().pageQuality({ width: 10, height: 10, data: new Uint8Array(99) }), 'LENGTH');
    await expectInputError(b().toGray(new Uint8Array(20), 10, 1, 2 as 3), 'CHANNELS');
    await expectInputError(b().toGray(new Uint8Array(20), 10, 1, 3), 'LENGTH');
    await expectInputError(b().binarizeSauvola(img, { window: 24 }), 'ARGUMENT');
    await expectInputError(b().binarizeSauvola(img, { k: 2 }), 'ARGUMENT');
    await expectInputError(b().resize(img, 0), 'ARGUMENT');
    await expectInputError(b().resize(img, 8 * 10_000), 'ARGUMENT');
    await expectInputError(b().despeckle(img, -1), 'ARGUMENT');
    await expectInputError(b().removeRules(img, 1.5), 'ARGUMENT');
    await expectInputError(b().estimateSkew(img, 90), 'ARGUMENT');
    await expectInputError(b().preprocessForOcr(img, { sauvola: { window: 2 } }), 'ARGUMENT');
    await expectInputError(b().pageQualityBatch([img, { width: 3, height: 3, data: new Uint8Array(8) }]), 'LENGTH');
    await expectInputError(b().dense(new Float32Array(6), 2, 3, new Float32Array(5), new Float32Array(2), 2, 'none'), 'LENGTH');
    await expectInputError(b().dense(new Float32Array(6), 2, 3, new Float32Array(6), new Float32Array(2), 2, 'tanh' as 'none'), 'ARGUMENT');
    await expectInputError(b().cosineTopK(new Float32Array(3), new Float32Array(8), 4, 1), 'LENGTH');
    await expectInputError(b().cosineTopK(new Float32Array(4), new Float32Array(8), 4, 0), 'ARGUMENT');
    await expectInputError(b().quantizeInt8Rows(new Float32Array(5), 2), 'LENGTH');
  });

  test('info names the backend, its kernels and the interface version', () => {
    const info = b().info();
    expect(info.backend).toBe(b().backend);
    expect(info.version).toBe(1);
    expect(info.kernels).toContain('preprocessForOcr');
    if (info.backend !== 'fallback') expect(info.build?.flags).toContain('-O3');
  });
});

describe.skipIf(!addon.backend)(`addon and fallback agree (${addon.backend ? 'addon built' : `skipped: ${addon.reason}`})`, () => {
  const a = () => addon.backend!;

  it('image kernels give identical bytes', async () => {
    const input = skewed.get(2.5)!;
    const rgba = new Uint8Array(300 * 200 * 4).map((_, i) => (i * 37) % 256);
    const pairs: [string, (x: NativeBackend) => Promise<GrayImage>][] = [
      ['toGray', (x) => x.toGray(rgba, 300, 200, 4)],
      ['rotate', (x) => x.rotate(input, -2.5)],
      ['rotate 33.3', (x) => x.rotate(page150, 33.3)],
      ['resize 0.41', (x) => x.resize(input, 0.41)],
      ['resize 1.7', (x) => x.resize(page150, 1.7)],
      ['sauvola', (x) => x.binarizeSauvola(input, { window: 31, k: 0.3 })],
      ['despeckle', async (x) => x.despeckle(await x.binarizeSauvola(addSpeckles(page150, 5000)), 6)],
      ['crop', async (x) => (await x.cropToContent(input, 7)).image],
      ['removeRules', async (x) => x.removeRules(await x.binarizeSauvola(input), 60)],
    ];
    for (const [name, f] of pairs) {
      const [ours, theirs] = await Promise.all([f(a()), f(fallback)]);
      expect({ name, width: ours.width, height: ours.height }).toEqual({ name, width: theirs.width, height: theirs.height });
      expect(sameBytes(ours.data, theirs.data), name).toBe(true);
    }
  });

  it('skew and page quality measures are identical', async () => {
    const pages = [page150, blurred, faded, blank, skewed.get(-1.5)!, addSpeckles(page150, 20_000)];
    for (const p of pages) {
      expect(await a().estimateSkew(p, 3)).toBe(await fallback.estimateSkew(p, 3));
      expect(await a().pageQuality(p)).toEqual(await fallback.pageQuality(p));
    }
  });

  it('preprocessing gives identical pages and measures', async () => {
    for (const options of [{}, { cropMargin: 4, targetDpi: 300, ruleMinLength: 30 }, { sourceDpi: 200, targetDpi: 120, removeRules: false, sauvola: { window: 15, k: 0.4 } }]) {
      const [ours, theirs] = await Promise.all([a().preprocessForOcr(skewed.get(-1.5)!, options), fallback.preprocessForOcr(skewed.get(-1.5)!, options)]);
      expect({ ...ours, image: undefined }).toEqual({ ...theirs, image: undefined });
      expect(sameBytes(ours.image.data, theirs.image.data)).toBe(true);
    }
  });

  it('dense, cosine and quantization agree within tolerance on large inputs', async () => {
    const rows = 64;
    const inDim = 1024;
    const outDim = 40;
    const input = randomFloats(rows * inDim, 8);
    const w = randomFloats(inDim * outDim, 9);
    const bias = randomFloats(outDim, 10);
    for (const act of ['none', 'relu', 'softmax'] as const) {
      const [ours, theirs] = await Promise.all([a().dense(input, rows, inDim, w, bias, outDim, act), fallback.dense(input, rows, inDim, w, bias, outDim, act)]);
      let worst = 0;
      ours.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - theirs[i]!) / (1 + Math.abs(theirs[i]!)))));
      expect(worst, act).toBeLessThanOrEqual(1e-4);
    }
    const matrix = randomFloats(5000 * 384, 11);
    const query = randomFloats(384, 12);
    const [ours, theirs] = await Promise.all([a().cosineTopK(query, matrix, 384, 25), fallback.cosineTopK(query, matrix, 384, 25)]);
    expect(ours.map((h) => h.index)).toEqual(theirs.map((h) => h.index));
    ours.forEach((h, i) => expect(Math.abs(h.score - theirs[i]!.score)).toBeLessThan(1e-5));
    const [qa, qb] = await Promise.all([a().quantizeInt8Rows(matrix, 384), fallback.quantizeInt8Rows(matrix, 384)]);
    expect(sameBytes(new Uint8Array(qa.data.buffer), new Uint8Array(qb.data.buffer))).toBe(true);
    expect(qa.scales).toEqual(qb.scales);
  });

  it('the addon checks its own input at the boundary (code DOCKET_NATIVE_INPUT, a reason)', async () => {
    // Straight to the compiled functions, past the TypeScript checks.
    const { createRequire } = await import('node:module');
    const { ADDON_FILES, DEFAULT_BUILD_DIR } = await import('./index.js');
    const raw = createRequire(import.meta.url)(`${DEFAULT_BUILD_DIR}${ADDON_FILES.cpu}`) as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const call = (fn: string, ...args: unknown[]) => Promise.resolve().then(() => raw[fn]!(...args));
    await expect(call('rotate', { width: 10, height: 10, data: new Uint8Array(99) }, 1)).rejects.toMatchObject({ code: 'DOCKET_NATIVE_INPUT', reason: 'LENGTH' });
    await expect(call('rotate', { width: 0, height: 10, data: new Uint8Array(0) }, 1)).rejects.toMatchObject({ reason: 'DIMENSIONS' });
    await expect(call('toGray', new Uint8Array(4), 2, 1, 2)).rejects.toMatchObject({ reason: 'CHANNELS' });
    await expect(call('binarizeSauvola', { width: 2, height: 2, data: new Uint8Array(4) }, 4, 0.2)).rejects.toMatchObject({ reason: 'ARGUMENT' });
    await expect(call('dense', new Float32Array(2), 1, 2, new Float32Array(3), new Float32Array(1), 1, 'none')).rejects.toMatchObject({ reason: 'LENGTH' });
    await expect(call('rotate', 'not an image', 1)).rejects.toMatchObject({ reason: 'ARGUMENT' });
  });
});
