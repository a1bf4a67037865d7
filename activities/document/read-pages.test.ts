import { PDFDocument, popGraphicsState, pushGraphicsState, setTextRenderingMode, StandardFonts, TextRenderingMode } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import type { PageText, Word } from '../../core/page.js';
import { encodeGrayPng } from '../../inference/image.js';
import { createOcrPool, type OcrPool, type OcrReadMode } from '../../inference/ocr-pool.js';
import { createFallbackBackend } from '../../native/fallback.js';
import { loadNative, type NativeBackend, type PageQuality, type PreprocessOptions } from '../../native/index.js';
import { renderTextPage } from '../../native/test-support/synthetic-page.js';
import type { GrayImage } from '../../native/types.js';
import { ErrorCodes } from '../../core/error-codes.js';
import { DocumentError } from '../../platform/errors.js';
import { FEW_NUMBERS } from '../../understanding/merge-reads.js';
import { polyglotOf, readPages, toSourceGeometry } from './read-pages.js';

const native = await loadNative('auto');

/** An OCR pool that records what it was given and reads one sure line of numbers (no second read is due). */
function recordingPool(): OcrPool & { inputs: Buffer[] } {
  const inputs: Buffer[] = [];
  const bbox = { x: 0.1, y: 0.1, w: 0.3, h: 0.01 };
  const words = Array.from({ length: FEW_NUMBERS }, (_, i) => ({ text: `${1001 + i}`, bbox, confidence: 0.9 }));
  return {
    inputs,
    recognize: (png, pageNumber) => {
      inputs.push(png);
      return Promise.resolve({ pageNumber, source: 'ocr', width: 1, height: 1, text: words.map((w) => w.text).join(' '), lines: [{ text: words.map((w) => w.text).join(' '), bbox, confidence: 0.9, words }], confidence: 0.9 });
    },
    close: () => Promise.resolve(),
    stats: () => ({ pagesRecognized: inputs.length, workersCreated: 0 }),
  };
}

/** The backend with preprocessForOcr calls counted. */
function counting(backend: NativeBackend): NativeBackend & { preprocessCalls: PreprocessOptions[] } {
  const preprocessCalls: PreprocessOptions[] = [];
  return Object.assign(Object.create(backend) as NativeBackend, {
    preprocessCalls,
    preprocessForOcr(img: GrayImage, options?: PreprocessOptions) {
      preprocessCalls.push(options ?? {});
      return backend.preprocessForOcr(img, options);
    },
  });
}

const read = (png: Buffer, ocr: OcrPool, extra: Partial<Parameters<typeof readPages>[2]> = {}) =>
  readPages(png, 'image/png', { ocr, dpi: 200, maxPages: 10, maxPixels: 50_000_000, ...extra });

describe('readPages: page quality and preprocessing of scanned pages', () => {
  const skewed = renderTextPage({ dpi: 150, angleDegrees: 2.5, lines: 14, seed: 7 });

  it('without native kernels the page goes to OCR as decoded and no quality is reported', async () => {
    const pool = recordingPool();
    const qualities: number[] = [];
    await read(await encodeGrayPng(skewed), pool, { onQuality: (n) => qualities.push(n) });
    expect(pool.inputs).toHaveLength(1);
    expect(qualities).toEqual([]);
  });

  it('measures quality of every OCR page; preprocesses (no crop) only when asked', async () => {
    const png = await encodeGrayPng(skewed);
    const backend = counting(native);
    const off = recordingPool();
    const seen: [number, PageQuality][] = [];
    await read(png, off, { pageImage: { native: backend }, onQuality: (n, q) => seen.push([n, q]) });
    expect(seen).toHaveLength(1);
    expect(seen[0]![0]).toBe(1);
    expect(seen[0]![1].illegible).toBe(false);
    expect(Math.abs(seen[0]![1].skewDegrees - 2.5)).toBeLessThan(0.3);
    expect(backend.preprocessCalls).toHaveLength(0);

    const on = recordingPool();
    await read(png, on, { pageImage: { native: backend, preprocess: { deskew: true, binarize: true, cropMargin: 10 } } });
    expect(backend.preprocessCalls).toHaveLength(1);
    // The crop is never passed on: it would move every box.
    expect(backend.preprocessCalls[0]!.cropMargin).toBeUndefined();
    // Tesseract got another image than the decoded page: the binarized one, of the same size.
    expect(on.inputs[0]!.equals(png)).toBe(false);
    expect([on.inputs[0]!.readUInt32BE(16), on.inputs[0]!.readUInt32BE(20)]).toEqual([skewed.width, skewed.height]);
  });

  it('a faded page is reported illegible with its reasons', async () => {
    const faded = renderTextPage({ dpi: 150, lines: 14, inkAlpha: 0.2, seed: 3 });
    const seen: PageQuality[] = [];
    await read(await encodeGrayPng(faded), recordingPool(), { pageImage: { native }, onQuality: (_n, q) => seen.push(q) });
    expect(seen[0]!.illegible).toBe(true);
    expect(seen[0]!.reasons.join(' ')).toMatch(/^low_contrast: /);
  });
});

describe('readPages: a second read when the first is unsure or holds few numbers', () => {
  interface Answer {
    confidence: number;
    /** Words of the read: a number each ("1234"), at distinct places unless `at` says where. */
    words?: { text: string; x: number; y?: number }[];
  }
  /** A pool answering with the given reads in turn (or failing with an error), recording each call's mode and time limit. */
  function scriptedPool(answers: (Answer | Error)[]): OcrPool & { modes: (OcrReadMode | undefined)[]; limits: (number | undefined)[] } {
    const modes: (OcrReadMode | undefined)[] = [];
    const limits: (number | undefined)[] = [];
    return {
      modes,
      limits,
      recognize: (png, pageNumber, options) => {
        modes.push(options?.mode);
        limits.push(options?.timeoutMs);
        const answer = answers[modes.length - 1] ?? { confidence: 0 };
        if (answer instanceof Error) return Promise.reject(answer);
        const words = (answer.words ?? []).map((w) => ({ text: w.text, bbox: { x: w.x, y: w.y ?? 0.1, w: 0.05, h: 0.01 }, confidence: answer.confidence }));
        const lines = words.map((w) => ({ text: w.text, bbox: w.bbox, confidence: w.confidence, words: [w] }));
        return Promise.resolve({
          pageNumber,
          source: 'ocr',
          width: png.readUInt32BE(16),
          height: png.readUInt32BE(20),
          text: `read ${modes.length}`,
          lines,
          confidence: answer.confidence,
        });
      },
      close: () => Promise.resolve(),
      stats: () => ({ pagesRecognized: modes.length, workersCreated: 0 }),
    };
  }
  const small = renderTextPage({ dpi: 150, lines: 6, seed: 3 });
  const numbers = (n: number, y = 0.1) => Array.from({ length: n }, (_, i) => ({ text: `${1000 + i}`, x: 0.1 + i * 0.1, y }));

  it('reads an unsure page again with a local threshold and keeps the surer read, on the page as decoded', async () => {
    const pool = scriptedPool([{ confidence: 0.3, words: numbers(4) }, { confidence: 0.8, words: numbers(4) }]);
    const [page] = await read(await encodeGrayPng(small), pool);
    expect(pool.modes).toEqual([undefined, { threshold: 'sauvola' }]);
    expect(page).toMatchObject({ text: 'read 2', confidence: 0.8, width: small.width, height: small.height });
  });

  it('gives the second read a time budget; when it runs out the first read stands', async () => {
    const pool = scriptedPool([{ confidence: 0.3 }, new DocumentError(ErrorCodes.PAGE_TIMEOUT, 'page took too long')]);
    const [page] = await read(await encodeGrayPng(small), pool, { maxMsPerPage: 60_000 });
    expect(page).toMatchObject({ text: 'read 1', confidence: 0.3 });
    expect(pool.limits[0]).toBe(60_000);
    expect(pool.limits[1]).toBeGreaterThanOrEqual(3_000);
    expect(pool.limits[1]).toBeLessThan(60_000);
  });

  it('does not read an illegible page twice: reading noise again only costs time', async () => {
    const faded = renderTextPage({ dpi: 150, lines: 14, inkAlpha: 0.2, seed: 3 });
    const pool = scriptedPool([{ confidence: 0.2 }, { confidence: 0.9 }]);
    const qualities: PageQuality[] = [];
    await read(await encodeGrayPng(faded), pool, { pageImage: { native }, onQuality: (_n, q) => qualities.push(q) });
    expect(qualities[0]!.illegible).toBe(true);
    expect(pool.modes).toHaveLength(1);
  });

  it('keeps the first read when the second is no surer, and reads a sure page with numbers once', async () => {
    const worse = scriptedPool([{ confidence: 0.3 }, { confidence: 0.2 }]);
    expect((await read(await encodeGrayPng(small), worse))[0]).toMatchObject({ text: 'read 1', confidence: 0.3 });
    const sure = scriptedPool([{ confidence: 0.9, words: numbers(FEW_NUMBERS) }]);
    await read(await encodeGrayPng(small), sure);
    expect(sure.modes).toHaveLength(1);
  });

  it('reads a sure page with few numbers again in the automatic layout and adds the words only that read found', async () => {
    // The first read has the labels; the second finds them again (same boxes) and the values below them.
    const labels = [{ text: 'Wages', x: 0.1 }, { text: 'SSN', x: 0.5 }];
    const pool = scriptedPool([
      { confidence: 0.9, words: labels },
      { confidence: 0.9, words: [...labels, { text: '48,639.00', x: 0.1, y: 0.13 }, { text: '976-16-7457', x: 0.5, y: 0.13 }] },
    ]);
    const [page] = await read(await encodeGrayPng(small), pool);
    expect(pool.modes).toEqual([undefined, { layout: 'auto' }]);
    expect(page!.lines.map((l) => l.text)).toEqual(['Wages', 'SSN', '48,639.00', '976-16-7457']);
    expect(page!.text).toBe('Wages\nSSN\n48,639.00\n976-16-7457');
  });
});

describe('readPages: scanned pages of one PDF are OCRed side by side', () => {
  /** A PDF of `pages` image-only pages, the i-th with a gray level of its own. */
  async function scannedPdf(pages: number): Promise<Uint8Array> {
    const doc = await PDFDocument.create();
    for (let i = 0; i < pages; i++) {
      const image = await doc.embedPng(await encodeGrayPng({ data: new Uint8Array(64 * 64).fill(100 + i * 40), width: 64, height: 64 }));
      doc.addPage([612, 792]).drawImage(image, { x: 0, y: 0, width: 612, height: 792 });
    }
    return doc.save();
  }

  /** A pool holding every page until `release()` (or until it holds two), recording how many it held at once. */
  function gatedPool(): OcrPool & { most: number; release: () => void } {
    let held = 0;
    const waiting: (() => void)[] = [];
    const pool = {
      most: 0,
      release: () => waiting.splice(0).forEach((go) => go()),
      recognize: (_png: Buffer, pageNumber: number) => {
        held += 1;
        pool.most = Math.max(pool.most, held);
        const page = new Promise<PageText>((resolve) =>
          waiting.push(() => {
            held -= 1;
            resolve({ pageNumber, source: 'ocr', width: 1, height: 1, text: `page ${pageNumber}`, lines: [], confidence: 0.9 });
          }),
        );
        if (held >= 2) pool.release();
        return page;
      },
      close: () => Promise.resolve(),
      stats: () => ({ pagesRecognized: 0, workersCreated: 0 }),
    };
    return pool;
  }

  it('keeps ocrInFlight pages in OCR at once and returns them in page order', async () => {
    const pool = gatedPool();
    const timer = setInterval(() => pool.release(), 300);
    try {
      const pages = await readPages(await scannedPdf(5), 'application/pdf', { ocr: pool, dpi: 72, maxPages: 10, maxPixels: 50_000_000, ocrInFlight: 2 });
      expect(pages.map((p) => p.text)).toEqual(['page 1', 'page 2', 'page 3', 'page 4', 'page 5']);
      expect(pool.most).toBe(2);
    } finally {
      clearInterval(timer);
    }
  });

  it('reads one page after another by default', async () => {
    const pool = gatedPool();
    const timer = setInterval(() => pool.release(), 300);
    try {
      await readPages(await scannedPdf(3), 'application/pdf', { ocr: pool, dpi: 72, maxPages: 10, maxPixels: 50_000_000 });
      expect(pool.most).toBe(1);
    } finally {
      clearInterval(timer);
    }
  });
});

describe('readPages: every page of a multi-page TIFF', () => {
  const tiffOf = async (n: number) => {
    const shades = ['#000000', '#808080', '#ffffff'];
    const pages = await Promise.all(Array.from({ length: n }, (_, i) => sharp({ create: { width: 80, height: 60, channels: 3, background: shades[i % 3]! } }).png().toBuffer()));
    return sharp(pages, { join: { animated: true } }).tiff().toBuffer();
  };

  it('reads each page of a three-page fax, in order, and reports each', async () => {
    const pool = recordingPool();
    const done: number[] = [];
    const pages = await readPages(await tiffOf(3), 'image/tiff', { ocr: pool, dpi: 200, maxPages: 10, maxPixels: 50_000_000, onPage: (n) => done.push(n) });
    expect(pages.map((p) => p.pageNumber)).toEqual([1, 2, 3]);
    expect(done).toEqual([1, 2, 3]);
    // Each page went to OCR as its own image (black, grey, white).
    const means = await Promise.all(pool.inputs.map(async (png) => Math.round((await sharp(png).stats()).channels[0]!.mean)));
    expect(means).toEqual([0, 128, 255]);
  });

  it('counts the pages against the limit before reading any', async () => {
    const pool = recordingPool();
    const error = await readPages(await tiffOf(3), 'image/tiff', { ocr: pool, dpi: 200, maxPages: 2, maxPixels: 50_000_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocumentError);
    expect((error as DocumentError).code).toBe(ErrorCodes.TOO_MANY_PAGES);
    expect(pool.inputs).toHaveLength(0);
  });
});

describe('toSourceGeometry', () => {
  it('undoes native rotate(): a mark found on the turned page maps back onto where it was', async () => {
    const fallback = createFallbackBackend();
    const width = 400;
    const height = 300;
    const data = new Uint8Array(width * height).fill(255);
    // A 10 x 6 px ink block near a corner, where a wrong turn direction or centre would move it most.
    for (let y = 40; y < 46; y++) for (let x = 320; x < 330; x++) data[y * width + x] = 0;
    for (const degrees of [3, -4]) {
      const turned = await fallback.rotate({ width, height, data }, degrees);
      let [x0, y0, x1, y1] = [width, height, 0, 0];
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          if (turned.data[y * width + x]! < 128) [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x + 1), Math.max(y1, y + 1)];
        }
      }
      const box = { x: x0 / width, y: y0 / height, w: (x1 - x0) / width, h: (y1 - y0) / height };
      const word: Word = { text: 'ink', bbox: box, confidence: 1 };
      const page: PageText = { pageNumber: 1, source: 'ocr', width, height, text: 'ink', lines: [{ text: 'ink', bbox: box, confidence: 1, words: [word] }], confidence: 1 };
      const back = toSourceGeometry(page, degrees, width, height).lines[0]!;
      const centre = { x: (back.bbox.x + back.bbox.w / 2) * width, y: (back.bbox.y + back.bbox.h / 2) * height };
      expect(Math.abs(centre.x - 325), `x at ${degrees} degrees`).toBeLessThan(1.5);
      expect(Math.abs(centre.y - 43), `y at ${degrees} degrees`).toBeLessThan(1.5);
      expect(back.words[0]!.bbox).toEqual(back.bbox);
    }
  });

  it('leaves an unturned page as it is', () => {
    const page: PageText = { pageNumber: 1, source: 'ocr', width: 1, height: 1, text: '', lines: [], confidence: 0 };
    expect(toSourceGeometry(page, 0, 100, 100)).toBe(page);
  });
});

describe('readPages with tesseract: boxes stay on the page as decoded', () => {
  let pool: OcrPool | undefined;
  afterAll(async () => {
    await pool?.close();
  });

  it('a deskewed page yields its words where OCR of the page as it is finds them', async () => {
    pool = createOcrPool({ size: 1, recycleAfterPages: 10 });
    const page = renderTextPage({ dpi: 150, angleDegrees: 3, lines: 10, seed: 11 });
    const png = await encodeGrayPng(page);
    const raw = (await read(png, pool))[0]!;
    const pre = (await read(png, pool, { pageImage: { native, preprocess: true } }))[0]!;
    expect(pre.width).toBe(page.width);
    expect(pre.height).toBe(page.height);
    // Same words, same places: compare the centres of words both runs read the same, each used once.
    const centre = (w: Word) => ({ x: w.bbox.x + w.bbox.w / 2, y: w.bbox.y + w.bbox.h / 2 });
    const rawWords = raw.lines.flatMap((l) => l.words).filter((w) => w.text.length >= 4);
    const offsets: number[] = [];
    for (const w of pre.lines.flatMap((l) => l.words).filter((x) => x.text.length >= 4)) {
      const c = centre(w);
      const twins = rawWords.filter((r) => r.text === w.text).map((r) => Math.hypot(centre(r).x - c.x, centre(r).y - c.y));
      if (twins.length) offsets.push(Math.min(...twins));
    }
    expect(offsets.length).toBeGreaterThan(20);
    offsets.sort((a, b) => a - b);
    // Unmapped, a 3 degree turn about the centre moves words near the edges by ~0.02 of the page.
    expect(offsets[Math.floor(offsets.length / 2)]!).toBeLessThan(0.004);
    expect(offsets[Math.floor(offsets.length * 0.9)]!).toBeLessThan(0.008);
  }, 120_000);
});

describe('readPages with tesseract: a text layer the page does not show', () => {
  let pool: OcrPool | undefined;
  afterAll(async () => {
    await pool?.close();
  });

  /** A pay statement page; `hidden` is drawn invisibly (text rendering mode 3) over the gross pay shown. */
  async function statement(hidden: string): Promise<Uint8Array> {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const page = doc.addPage([612, 792]);
    const lines: [string, number, number][] = [
      ['Earnings Statement', 72, 720],
      ['Employee Jordan Avery Blake', 72, 690],
      ['Pay Date 04/13/2026', 72, 670],
      ['Gross Pay', 72, 640],
      ['Net Pay', 72, 620],
      ['1,804.12', 300, 620],
    ];
    for (const [text, x, y] of lines) page.drawText(text, { x, y, size: 12, font });
    page.drawText('2,345.67', { x: 300, y: 640, size: 12, font });
    page.pushOperators(pushGraphicsState(), setTextRenderingMode(TextRenderingMode.Invisible));
    page.drawText(hidden, { x: 300, y: 640, size: 12, font });
    page.pushOperators(popGraphicsState());
    return doc.save();
  }

  it('reads a page whose hidden figure differs from the one shown as it looks, and says which figure differs', async () => {
    pool ??= createOcrPool({ size: 1, recycleAfterPages: 10 });
    const altered: [number, { layer: string; shown?: string }[]][] = [];
    const [page] = await readPages(await statement('9,345.67'), 'application/pdf', {
      ocr: pool,
      dpi: 200,
      maxPages: 10,
      maxPixels: 50_000_000,
      onAlteration: (n, figures) => altered.push([n, figures.map(({ layer, shown }) => ({ layer, shown }))]),
    });
    expect(altered).toEqual([[1, [{ layer: '9,345.67', shown: '2,345.67' }]]]);
    expect(page!.source).toBe('ocr');
    expect(page!.text).toContain('2,345.67');
    expect(page!.text).not.toContain('9,345.67');
  }, 120_000);

  it('keeps the text layer of a page whose hidden text says what the page shows (a searchable scan)', async () => {
    pool ??= createOcrPool({ size: 1, recycleAfterPages: 10 });
    const altered: number[] = [];
    const [page] = await readPages(await statement('2,345.67'), 'application/pdf', { ocr: pool, dpi: 200, maxPages: 10, maxPixels: 50_000_000, onAlteration: (n) => altered.push(n) });
    expect(altered).toEqual([]);
    expect(page!.source).toBe('text-layer');
  }, 120_000);
});

describe('polyglotOf', () => {
  const pdf = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n');
  const zipEnd = (comment = 0) => Buffer.concat([Buffer.from([0x50, 0x4b, 0x05, 0x06]), Buffer.alloc(16), Buffer.from([comment, 0]), Buffer.alloc(comment)]);
  it('names the second format of a file that is two', () => {
    expect(polyglotOf(pdf, 'application/pdf')).toBeUndefined();
    expect(polyglotOf(Buffer.concat([pdf, zipEnd(3)]), 'application/pdf')).toBe('application/zip');
    expect(polyglotOf(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), pdf]), 'application/pdf')).toBe('application/zip');
    expect(polyglotOf(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xfe]), pdf]), 'application/pdf')).toBe('image/jpeg');
    // An end record that does not end the file is a chance match in the data, not an archive.
    expect(polyglotOf(Buffer.concat([pdf, zipEnd(3), Buffer.from('x')]), 'application/pdf')).toBeUndefined();
  });
});
