import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../core/error-codes.js';
import type { PageText } from '../core/page.js';
import { DocumentError } from '../platform/errors.js';
import { createOcrPool, type OcrPool } from './ocr-pool.js';
import { renderPdfTextPage as renderPage } from './test-support/pdf-text-page.js';
import { expectReadModeForOnePage } from './test-support/tinted-card.js';

const SENTENCE = 'The quick brown fox jumps over the lazy dog';

const words = (page: PageText) => page.lines.flatMap((l) => l.words);

describe('OCR pool (tesseract.js)', () => {
  let pool: OcrPool | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  it('reads a rendered page: the known words, confident, boxes where the text layer has them', async () => {
    const { png, width, height, layer } = await renderPage([SENTENCE, 'Base monthly income $ 7,500.00']);
    pool = createOcrPool({ size: 1, recycleAfterPages: 10, engine: 'wasm' });
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
    // Both sources normalize to the page: the same word lands in (nearly) the same box.
    const fromOcr = words(page).find((w) => w.text === 'fox')!.bbox;
    const fromLayer = words(layer).find((w) => w.text === 'fox')!.bbox;
    expect(Math.abs(fromOcr.x - fromLayer.x)).toBeLessThan(0.01);
    expect(Math.abs(fromOcr.y + fromOcr.h - (fromLayer.y + fromLayer.h))).toBeLessThan(0.015);
    expect(pool.stats()).toEqual({ pagesRecognized: 1, workersCreated: 1 });
  });

  it('reads one page in the mode asked (Sauvola on a tinted card), and the next page in the default mode again', async () => {
    pool = createOcrPool({ size: 1, recycleAfterPages: 10, engine: 'wasm' });
    await expectReadModeForOnePage(pool);
  });

  it('replaces a worker after recycleAfterPages pages', async () => {
    const { png } = await renderPage(['Recycle me'], [300, 100]);
    pool = createOcrPool({ size: 1, recycleAfterPages: 2, engine: 'wasm' });
    for (let i = 1; i <= 5; i++) expect((await pool.recognize(png, i)).text).toBe('Recycle me');
    // Pages 1-2 on worker 1, 3-4 on worker 2, 5 on worker 3.
    expect(pool.stats()).toEqual({ pagesRecognized: 5, workersCreated: 3 });
  });

  it('never runs more than `size` workers; extra calls queue and all complete', async () => {
    const { png } = await renderPage(['Queued page'], [300, 100]);
    pool = createOcrPool({ size: 2, recycleAfterPages: 100, engine: 'wasm' });
    const p = pool;
    const pages = await Promise.all([1, 2, 3, 4, 5].map((n) => p.recognize(png, n)));
    expect(pages.map((x) => [x.pageNumber, x.text])).toEqual([1, 2, 3, 4, 5].map((n) => [n, 'Queued page']));
    expect(pool.stats()).toEqual({ pagesRecognized: 5, workersCreated: 2 });
  });

  it('a page tesseract cannot read is OCR_FAILED, not retryable; the pool goes on with a fresh worker', async () => {
    const { png } = await renderPage(['Still working'], [300, 100]);
    pool = createOcrPool({ size: 1, recycleAfterPages: 100, engine: 'wasm' });
    // A PNG signature and header followed by garbage: it passes our header check and fails inside tesseract.
    const broken = Buffer.concat([png.subarray(0, 33), Buffer.alloc(200, 7)]);
    const error = await pool.recognize(broken, 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocumentError);
    expect((error as DocumentError).code).toBe(ErrorCodes.OCR_FAILED);
    expect((error as DocumentError).retryable).toBe(false);
    await expect(pool.recognize(Buffer.from('not a png'), 2)).rejects.toMatchObject({ code: ErrorCodes.OCR_FAILED });
    expect((await pool.recognize(png, 3)).text).toBe('Still working');
    expect(pool.stats()).toEqual({ pagesRecognized: 1, workersCreated: 2 });
  });

  it('missing language data fails fast instead of hanging; a URL langPath is refused', async () => {
    const { png } = await renderPage(['x'], [100, 100], 72);
    pool = createOcrPool({ size: 1, recycleAfterPages: 1, langPath: '/nonexistent/tessdata', engine: 'wasm' });
    await expect(pool.recognize(png, 1)).rejects.toMatchObject({ code: ErrorCodes.OCR_FAILED, retryable: false });
    expect(() => createOcrPool({ size: 1, recycleAfterPages: 1, langPath: 'https://cdn.example/tessdata' })).toThrow(/URL/);
  });

  it('refuses work after close', async () => {
    const { png } = await renderPage(['Closed'], [300, 100]);
    const closing = createOcrPool({ size: 1, recycleAfterPages: 10, engine: 'wasm' });
    expect((await closing.recognize(png, 1)).text).toBe('Closed');
    await closing.close();
    await expect(closing.recognize(png, 2)).rejects.toMatchObject({ code: ErrorCodes.OCR_FAILED });
  });
});
