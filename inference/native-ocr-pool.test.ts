import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../core/error-codes.js';
import type { PageText } from '../core/page.js';
import { loadOcrAddon } from '../native/ocr-addon.js';
import { renderTextPage } from '../native/test-support/synthetic-page.js';
import { DocumentError, NativeUnavailableError } from '../platform/errors.js';
import { encodeGrayPng } from './image.js';
import { createNativeOcrPool, type NativeOcrBinding, type NativeOcrEngine, type NativeOcrPage } from './native-ocr-pool.js';
import { createOcrPool, type EngineOcrPool, type OcrPool } from './ocr-pool.js';
import { renderPdfTextPage } from './test-support/pdf-text-page.js';
import { expectReadModeForOnePage } from './test-support/tinted-card.js';

// The native engine is part of what CI builds and tests (scripts/test.sh provisions libtesseract-dev first): when
// docket_ocr.node is missing these tests FAIL. Only a machine that cannot have libtesseract opts out, by saying so.
const attempt = loadOcrAddon();
const optedOut = process.env.DOCKET_TEST_NO_LIBTESSERACT === '1';
const native = attempt.addon;

const SENTENCE = 'The quick brown fox jumps over the lazy dog';
const words = (page: PageText) => page.lines.flatMap((l) => l.words);

/** Levenshtein distance (characters), for comparing the two engines' text. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** A seeded text page (11 pt serif, 200 DPI, a form rule every ninth line) as the PNG the read path hands to OCR. */
async function syntheticPng(lines: number, seed = 5): Promise<Buffer> {
  return encodeGrayPng(renderTextPage({ dpi: 200, width: 1700, height: Math.round(200 * 1.1 + lines * 200 * 0.22), lines, seed }), 200);
}

describe('native OCR engine (docket_ocr.node)', () => {
  it.skipIf(optedOut)('is built and loads (DOCKET_TEST_NO_LIBTESSERACT=1 only where libtesseract cannot be installed)', () => {
    expect(attempt.reason).toBeUndefined();
    expect(native?.versions()).toMatch(/^tesseract 5\.\d+\.\d+, leptonica-1\.\d+/);
  });
});

describe.skipIf(!native)('OCR pool (native libtesseract)', () => {
  const pools: OcrPool[] = [];
  const nativePool = (size = 1, recycleAfterPages = 100): EngineOcrPool => {
    const pool = createOcrPool({ size, recycleAfterPages, engine: 'native', nativeOcr: loadOcrAddon });
    pools.push(pool);
    return pool;
  };
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((p) => p.close()));
  });

  it('reads a rendered page: the known words, confident, boxes on the page where the text layer has them', async () => {
    const { png, width, height, layer } = await renderPdfTextPage([SENTENCE, 'Base monthly income $ 7,500.00']);
    const pool = nativePool();
    expect(pool.engine).toMatchObject({ engine: 'native', library: expect.stringMatching(/^tesseract 5/), model: expect.stringMatching(/4\.0\.0_best_int\/eng\.traineddata\.gz$/) });
    const page = await pool.recognize(png, 3);
    expect(page).toMatchObject({ pageNumber: 3, source: 'ocr', width, height });
    expect(page.lines[0]!.text).toBe(SENTENCE);
    expect(page.text).toContain('$ 7,500.00');
    expect(page.confidence).toBeGreaterThan(0.5);
    for (const w of words(page)) {
      expect(w.confidence).toBeGreaterThan(0.5);
      expect(w.confidence).toBeLessThanOrEqual(1);
      for (const v of [w.bbox.x, w.bbox.y, w.bbox.x + w.bbox.w, w.bbox.y + w.bbox.h]) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    }
    const fromOcr = words(page).find((w) => w.text === 'fox')!.bbox;
    const fromLayer = words(layer).find((w) => w.text === 'fox')!.bbox;
    expect(Math.abs(fromOcr.x - fromLayer.x)).toBeLessThan(0.01);
    expect(Math.abs(fromOcr.y + fromOcr.h - (fromLayer.y + fromLayer.h))).toBeLessThan(0.015);
    expect(pool.stats()).toEqual({ pagesRecognized: 1, workersCreated: 1 });
  });

  it('reads one page in the mode asked (Sauvola on a tinted card), and the next page in the default mode again', async () => {
    await expectReadModeForOnePage(nativePool());
  });

  it('gives the PageText tesseract.js gives on the same page: same shape, same lines, text within 2% CER, boxes within 2 px', async () => {
    const png = await syntheticPng(8);
    const wasm = createOcrPool({ size: 1, recycleAfterPages: 10, engine: 'wasm' });
    pools.push(wasm);
    const [a, b] = await Promise.all([nativePool().recognize(png, 1), wasm.recognize(png, 1)]);
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    expect(Object.keys(a.lines[0]!).sort()).toEqual(Object.keys(b.lines[0]!).sort());
    expect(Object.keys(a.lines[0]!.words[0]!).sort()).toEqual(Object.keys(b.lines[0]!.words[0]!).sort());
    expect({ ...a, text: '', lines: [], confidence: 0 }).toEqual({ ...b, text: '', lines: [], confidence: 0 });
    expect(a.lines.length).toBe(b.lines.length);
    expect(a.text.length).toBeGreaterThan(300);
    expect(editDistance(a.text, b.text) / b.text.length).toBeLessThan(0.02);
    // Where both read the same word at the same place in the same line, the boxes agree to a couple of pixels.
    let compared = 0;
    for (const [i, line] of a.lines.entries()) {
      for (const [j, w] of line.words.entries()) {
        const other = b.lines[i]!.words[j];
        if (other?.text !== w.text) continue;
        compared++;
        expect(Math.abs(w.bbox.x - other.bbox.x) * a.width).toBeLessThanOrEqual(2);
        expect(Math.abs(w.bbox.y - other.bbox.y) * a.height).toBeLessThanOrEqual(2);
        expect(Math.abs(w.confidence - other.confidence)).toBeLessThan(0.1);
      }
    }
    expect(compared).toBeGreaterThan(words(b).length * 0.9);
  });

  it('a page over its timeout fails with PAGE_TIMEOUT; the engine stops and serves the next page', async () => {
    const big = await syntheticPng(30);
    const { png } = await renderPdfTextPage(['After the timeout'], [300, 100]);
    const pool = nativePool();
    const error = await pool.recognize(big, 1, { timeoutMs: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocumentError);
    expect((error as DocumentError).code).toBe(ErrorCodes.PAGE_TIMEOUT);
    expect((await pool.recognize(png, 2, { timeoutMs: 60_000 })).text).toBe('After the timeout');
    // A timeout is the page's failure, not the engine's: it is kept (model loads are not free).
    expect(pool.stats()).toEqual({ pagesRecognized: 1, workersCreated: 1 });
  });

  it('runs two pages at once on a pool of 2; more pages queue and all complete', async () => {
    const { png } = await renderPdfTextPage(['Queued page'], [300, 100]);
    const pool = nativePool(2);
    const two = await Promise.all([1, 2].map((n) => pool.recognize(png, n)));
    expect(two.map((p) => [p.pageNumber, p.text])).toEqual([[1, 'Queued page'], [2, 'Queued page']]);
    expect(pool.stats()).toEqual({ pagesRecognized: 2, workersCreated: 2 });
    const five = await Promise.all([3, 4, 5, 6, 7].map((n) => pool.recognize(png, n)));
    expect(five.map((p) => p.pageNumber)).toEqual([3, 4, 5, 6, 7]);
    expect(pool.stats()).toEqual({ pagesRecognized: 7, workersCreated: 2 });
  });

  it('a corrupt PNG is OCR_FAILED, not retryable, as with tesseract.js; the engine goes on', async () => {
    const { png } = await renderPdfTextPage(['Still working'], [300, 100]);
    const pool = nativePool();
    // A PNG signature and header followed by garbage: it passes the header check and fails in Leptonica.
    const broken = Buffer.concat([png.subarray(0, 33), Buffer.alloc(200, 7)]);
    const error = await pool.recognize(broken, 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocumentError);
    expect(error).toMatchObject({ code: ErrorCodes.OCR_FAILED, retryable: false });
    expect((error as DocumentError).cause).toMatchObject({ reason: 'IMAGE' });
    await expect(pool.recognize(Buffer.from('not a png'), 2)).rejects.toMatchObject({ code: ErrorCodes.OCR_FAILED, retryable: false });
    expect((await pool.recognize(png, 3)).text).toBe('Still working');
    expect(pool.stats()).toEqual({ pagesRecognized: 1, workersCreated: 1 });
  });

  it('replaces an engine after recycleAfterPages pages', async () => {
    const { png } = await renderPdfTextPage(['Recycle me'], [300, 100]);
    const pool = nativePool(1, 2);
    for (let i = 1; i <= 3; i++) expect((await pool.recognize(png, i)).text).toBe('Recycle me');
    expect(pool.stats()).toEqual({ pagesRecognized: 3, workersCreated: 2 });
  });

  it('close() lets the running page finish, refuses queued and new pages', async () => {
    const { png } = await renderPdfTextPage(['Closed'], [300, 100]);
    const pool = nativePool(1);
    const running = pool.recognize(png, 1);
    const queued = pool.recognize(png, 2).catch((e: unknown) => e);
    await new Promise((resolve) => setImmediate(resolve)); // page 1 is on its way to an engine
    const closed = pool.close();
    expect((await running).text).toBe('Closed');
    expect(await queued).toMatchObject({ code: ErrorCodes.OCR_FAILED });
    await closed;
    await expect(pool.recognize(png, 3)).rejects.toMatchObject({ code: ErrorCodes.OCR_FAILED });
  });

  it('missing language data fails the page with OCR_FAILED instead of hanging', async () => {
    const { png } = await renderPdfTextPage(['x'], [100, 100], 72);
    const pool = createOcrPool({ size: 1, recycleAfterPages: 1, engine: 'native', nativeOcr: loadOcrAddon, langPath: '/nonexistent/tessdata' });
    pools.push(pool);
    await expect(pool.recognize(png, 1)).rejects.toMatchObject({ code: ErrorCodes.OCR_FAILED, retryable: false });
  });

  it.skipIf(!existsSync('/usr/share/tesseract-ocr/5/tessdata/eng.traineddata'))('runs Debian\'s model when given its tessdata folder', async () => {
    const { png } = await renderPdfTextPage([SENTENCE], [612, 100]);
    const pool = createOcrPool({ size: 1, recycleAfterPages: 10, engine: 'native', nativeOcr: loadOcrAddon, tessdataDir: '/usr/share/tesseract-ocr/5/tessdata' });
    pools.push(pool);
    expect(pool.engine.model).toBe('/usr/share/tesseract-ocr/5/tessdata/eng.traineddata');
    expect((await pool.recognize(png, 1)).text).toBe(SENTENCE);
  });
});

describe('OCR engine choice', () => {
  const unavailable = () => ({ reason: 'docket_ocr.node is not built' });

  it('native without the addon is NativeUnavailableError at creation, with the reason', () => {
    expect(() => createOcrPool({ size: 1, recycleAfterPages: 1, engine: 'native', nativeOcr: unavailable })).toThrow(NativeUnavailableError);
    expect(() => createOcrPool({ size: 1, recycleAfterPages: 1, engine: 'native', nativeOcr: unavailable })).toThrow(/docket_ocr\.node is not built/);
    expect(() => createOcrPool({ size: 1, recycleAfterPages: 1, engine: 'native' })).toThrow(NativeUnavailableError);
  });

  it('auto falls back to tesseract.js and says why; wasm never loads the addon', async () => {
    const auto = createOcrPool({ size: 1, recycleAfterPages: 1, engine: 'auto', nativeOcr: unavailable });
    expect(auto.engine).toMatchObject({ engine: 'wasm', library: expect.stringMatching(/^tesseract\.js /), fallbackReason: 'docket_ocr.node is not built' });
    const wasm = createOcrPool({
      size: 1,
      recycleAfterPages: 1,
      engine: 'wasm',
      nativeOcr: () => {
        throw new Error('not called');
      },
    });
    expect(wasm.engine.engine).toBe('wasm');
    expect(wasm.engine.fallbackReason).toBeUndefined();
    await Promise.all([auto.close(), wasm.close()]);
  });

  it.skipIf(!native)('auto takes the native engine when it loads', async () => {
    const pool = createOcrPool({ size: 1, recycleAfterPages: 1, engine: 'auto', nativeOcr: loadOcrAddon });
    expect(pool.engine.engine).toBe('native');
    await pool.close();
  });
});

/**
 * The pool's contract around a timeout, with a scripted engine (no tesseract): the caller gets PAGE_TIMEOUT on time,
 * but the engine's permit comes back only when the engine has stopped, so the next page never runs alongside it.
 */
describe('native OCR pool around a timeout (scripted engine)', () => {
  it('answers PAGE_TIMEOUT at once, cancels the engine, and starts the next page only after the engine stopped', async () => {
    const log: string[] = [];
    let stop: (() => void) | undefined;
    const binding: NativeOcrBinding = {
      versions: () => 'scripted',
      OcrEngine: class implements NativeOcrEngine {
        readonly ready = Promise.resolve();
        recognize(_image: Uint8Array, timeoutMs: number): Promise<NativeOcrPage> {
          log.push(`start ${timeoutMs}`);
          if (timeoutMs === 0) return Promise.resolve({ width: 1, height: 1, dpi: 72, lines: [] });
          // Stops only when told to, a while after cancel(): tesseract's next word.
          return new Promise((_, reject) => (stop = () => reject(Object.assign(new Error('cancelled'), { reason: 'CANCELLED' }))));
        }
        cancel(): void {
          log.push('cancel');
        }
        close(): Promise<void> {
          log.push('close');
          return Promise.resolve();
        }
      },
    };
    const pool = createNativeOcrPool(binding, { size: 1, recycleAfterPages: 10, model: { tessdataDir: '/unused' } });
    const { png } = await renderPdfTextPage(['x'], [100, 100], 72);
    const slow = pool.recognize(png, 1, { timeoutMs: 20 });
    const next = pool.recognize(png, 2);
    await expect(slow).rejects.toMatchObject({ code: ErrorCodes.PAGE_TIMEOUT });
    expect(log).toEqual(['start 20', 'cancel']);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(log).toEqual(['start 20', 'cancel']);
    stop!();
    expect((await next).pageNumber).toBe(2);
    expect(log).toEqual(['start 20', 'cancel', 'start 0']);
    expect(pool.stats()).toEqual({ pagesRecognized: 1, workersCreated: 1 });
    await pool.close();
    expect(log.at(-1)).toBe('close');
  });
});
