import { ErrorCodes } from '../../core/error-codes.js';
import type { MediaType } from '../../core/events.js';
import { unionBBox, type BBox, type PageText } from '../../core/page.js';
import { decodeImagePages, decodePixels, encodeGrayPng } from '../../inference/image.js';
import type { OcrPool } from '../../inference/ocr-pool.js';
import { hasUsableTextLayer, openPdf } from '../../inference/pdf.js';
import type { NativeBackend, PageQuality, PreprocessOptions } from '../../native/index.js';
import { DocumentError } from '../../platform/errors.js';
import { holdsBareLabelRows, holdsFewNumbers, mergeReads } from '../../understanding/merge-reads.js';
import { contradictions, type Contradiction } from '../../understanding/text-layer-check.js';

/**
 * What the OCR stage does to a scanned page before tesseract with `DOCKET_OCR_PREPROCESS=on`: the variant with the
 * lowest CER of those measured (bench/native/ocr-preprocess.bench.ts; numbers in native/README.md). Geometry is
 * kept: no crop; a deskew is undone on the boxes (`toSourceGeometry`), and a resample does not move normalized boxes.
 */
export const OCR_PREPROCESS: PreprocessOptions = {
  deskew: true,
  binarize: true,
  removeRules: true,
};

/**
 * A page OCR reads with a mean word confidence under this gets a second read with a local (Sauvola) threshold, and
 * keeps the surer of the two: tesseract's default global threshold falls between the paper and a tinted card (an ID
 * card photocopied on a letter page) and inks the card whole, or loses print under uneven light. On the scanned eval
 * set's ID cards the local threshold found 91% of the field values against 24% (and 26% at twice the size, the
 * second read this replaced: bench numbers in the closing note of the change).
 */
export const SECOND_READ_BELOW = 0.6;
/**
 * The second read may take this many times the first (at least SECOND_READ_MIN_MS); a page of noise can take
 * minutes. Past it the first read stands.
 */
const SECOND_READ_TIME_FACTOR = 5;
const SECOND_READ_MIN_MS = 3_000;

/** The native page kernels the OCR stage uses. */
export interface PageImageOptions {
  native: NativeBackend;
  /**
   * Preprocess scanned pages before OCR: `true` = OCR_PREPROCESS, or explicit options (the benchmark's variants);
   * false or absent = OCR the page as decoded. Page quality is measured either way.
   */
  preprocess?: boolean | PreprocessOptions;
}

export interface ReadOptions {
  ocr: OcrPool;
  dpi: number;
  maxPages: number;
  maxPixels: number;
  /**
   * Wall-clock budget of one page (DOCKET_MAX_SECONDS_PER_PAGE), in ms: its decoding (text layer and render, or the
   * image) and, apart, its OCR once a worker has it (time queued for a worker does not count). 0 or absent = none.
   */
  maxMsPerPage?: number;
  /** Called after each page: activities heartbeat here so a long OCR run is not taken for a dead worker. */
  onPage?: (pageNumber: number) => void;
  /** Native kernels for the OCR'd pages: quality of each, preprocessing if asked. Without them pages go to OCR as they are. */
  pageImage?: PageImageOptions;
  /** The measured quality of every OCR'd page (needs `pageImage`); text-layer pages are not measured. */
  onQuality?: (pageNumber: number, quality: PageQuality) => void;
  /**
   * A page whose text layer says what the page does not show (`contradictions`): it is read by OCR instead, and this
   * gets the figures that disagree. Only PDFs that draw text invisibly are checked (PdfHandle.invisibleText).
   */
  onAlteration?: (pageNumber: number, figures: Contradiction[]) => void;
  /**
   * Scanned pages of one PDF OCRed at the same time (the OCR pool's size): while they are read, the next pages' text
   * layers are read and rendered on this thread. Default 1: one page after another. Bounds the rendered pages held.
   */
  ocrInFlight?: number;
}

/**
 * Text with geometry for every page: the PDF text layer where it is usable, else the page rendered and OCRed;
 * images are OCRed. The declared media type must agree with the bytes (an HTML file named .pdf is refused).
 */
export async function readPages(bytes: Uint8Array, declared: MediaType, options: ReadOptions): Promise<PageText[]> {
  const sniffed = sniffMediaType(bytes);
  if (!sniffed) throw new DocumentError(ErrorCodes.UNSUPPORTED_MEDIA_TYPE, 'content is not a PDF, PNG, JPEG or TIFF');
  if (sniffed !== declared) {
    throw new DocumentError(ErrorCodes.UNSUPPORTED_MEDIA_TYPE, `declared ${declared} but the content is ${sniffed}`);
  }
  const other = polyglotOf(bytes, sniffed);
  if (other) throw new DocumentError(ErrorCodes.UNSUPPORTED_MEDIA_TYPE, `the content is both ${sniffed} and ${other} (a polyglot file)`);
  const budget = options.maxMsPerPage;
  if (sniffed !== 'application/pdf') {
    // Every page of a multi-page TIFF (a fax), each counted against the page limit before any is decoded, one
    // decoded page in memory at a time; PNG and JPEG have one.
    const pages: PageText[] = [];
    const decoded = decodeImagePages(bytes, sniffed, options.maxPixels, options.maxPages);
    for (let n = 1; ; n++) {
      const next = await withinBudget(decoded.next(), n, budget);
      if (next.done) break;
      pages.push(await ocrPage(next.value.png, n, options));
      options.onPage?.(n);
    }
    return pages;
  }
  const pdf = await openPdf(bytes, { maxPages: options.maxPages, maxPixels: options.maxPixels });
  const inFlight = new Set<Promise<PageText>>();
  try {
    const pages: (PageText | Promise<PageText>)[] = [];
    for (let n = 1; n <= pdf.pageCount; n++) {
      const started = Date.now();
      const layer = await withinBudget(pdf.textLayer(n), n, budget);
      const usable = hasUsableTextLayer(layer);
      if (usable && !pdf.invisibleText) {
        pages.push(layer);
        options.onPage?.(n);
        continue;
      }
      const left = budget && Math.max(1, budget - (Date.now() - started));
      const rendered = await withinBudget(pdf.render(n, options.dpi, options.maxPixels, { timeoutMs: left }), n, left);
      // A text layer beside invisible text is read by OCR too, and kept only where OCR agrees with it; the quality of
      // such a page counts only if its OCR read is the one kept.
      let quality: PageQuality | undefined;
      const read = usable ? { ...options, onQuality: (_: number, q: PageQuality) => (quality = q) } : options;
      // The render's real resolution (lowered when the page would exceed maxPixels): filter sizes follow it. A page
      // far from paper size gives none, and the OCR stage estimates it from the print.
      const job = ocrPage(rendered.png, n, read, rendered.dpi).then((ocr) => {
        options.onPage?.(n);
        // Keep the PDF's own page size so boxes map onto the page the same way for both sources.
        const page = { ...ocr, width: layer.width, height: layer.height };
        if (!usable) return page;
        const figures = contradictions(layer, page);
        if (!figures.length) return layer;
        options.onAlteration?.(n, figures);
        if (quality) options.onQuality?.(n, quality);
        return page;
      });
      pages.push(job);
      inFlight.add(job);
      // Handled here, so a page still in flight when the document fails is no unhandled rejection.
      job.then(
        () => inFlight.delete(job),
        () => inFlight.delete(job),
      );
      // Wait for a free slot; a failed page fails the document now, as when pages were read one by one.
      if (inFlight.size >= Math.max(1, options.ocrInFlight ?? 1)) await Promise.race(inFlight);
    }
    return await Promise.all(pages);
  } finally {
    await pdf.close();
  }
}

/**
 * OCR of one page image. With native kernels the page's quality is measured and, when asked, the page is
 * preprocessed first; the boxes always come back normalized to the page image as decoded, and `width`/`height` are
 * its size, whatever was done to the pixels tesseract read.
 */
async function ocrPage(png: Buffer, pageNumber: number, options: ReadOptions, sourceDpi?: number): Promise<PageText> {
  const kernels = options.pageImage;
  const limit = options.maxMsPerPage ? { timeoutMs: options.maxMsPerPage } : undefined;
  if (!kernels) return readClearest(png, pageNumber, options, limit, true);
  const pixels = await decodePixels(png);
  const gray = await kernels.native.toGray(pixels.data, pixels.width, pixels.height, pixels.channels);
  const preprocess = kernels.preprocess === true ? OCR_PREPROCESS : kernels.preprocess || undefined;
  if (!preprocess) {
    const quality = await kernels.native.pageQuality(gray);
    options.onQuality?.(pageNumber, quality);
    return readClearest(png, pageNumber, options, limit, !quality.illegible && !quality.blank);
  }
  const { cropMargin: _never, ...keepGeometry } = preprocess;
  const result = await kernels.native.preprocessForOcr(gray, {
    ...keepGeometry,
    ...(sourceDpi && Number.isFinite(sourceDpi) ? { sourceDpi } : {}),
  });
  options.onQuality?.(pageNumber, result.quality);
  // Declare the page's resolution (known for PDF renders, estimated for images) rather than a placeholder.
  const density = result.dpi !== null && result.dpi >= 70 ? Math.round(result.dpi) : 72;
  const page = await readClearest(await encodeGrayPng(result.image, density), pageNumber, options, limit, !result.quality.illegible && !result.quality.blank);
  return { ...toSourceGeometry(page, result.rotatedDegrees, pixels.width, pixels.height), width: pixels.width, height: pixels.height };
}

/**
 * OCR of a page PNG, with a second read when the first is doubtful, unless the page is known illegible or blank
 * (reading noise again only costs time):
 * - read under SECOND_READ_BELOW confidence: again with a local threshold, keeping the surer read;
 * - read with few numbers (holdsFewNumbers) or with two rows of labels in a row (holdsBareLabelRows): again in
 *   tesseract's automatic layout, and the words only that read found are added to the first (mergeReads).
 * The second read gets a time budget from the first; when it runs out the first read stands. Boxes are normalized to
 * the image, so both reads give boxes on the same page.
 */
async function readClearest(png: Buffer, pageNumber: number, options: ReadOptions, limit: { timeoutMs: number } | undefined, worthASecondRead: boolean): Promise<PageText> {
  const started = performance.now();
  const first = await options.ocr.recognize(png, pageNumber, limit);
  if (!worthASecondRead) return first;
  const unsure = first.confidence < SECOND_READ_BELOW;
  if (!unsure && !holdsFewNumbers(first) && !holdsBareLabelRows(first)) return first;
  const budget = Math.max(SECOND_READ_MIN_MS, (performance.now() - started) * SECOND_READ_TIME_FACTOR);
  const timeoutMs = Math.round(limit ? Math.min(limit.timeoutMs, budget) : budget);
  try {
    if (unsure) {
      const second = await options.ocr.recognize(png, pageNumber, { timeoutMs, mode: { threshold: 'sauvola' } });
      return second.confidence > first.confidence ? second : first;
    }
    return mergeReads(first, await options.ocr.recognize(png, pageNumber, { timeoutMs, mode: { layout: 'auto' } }));
  } catch (err) {
    if (err instanceof DocumentError && err.code === ErrorCodes.PAGE_TIMEOUT) return first;
    throw err;
  }
}

/**
 * Boxes read on a page that was turned by `rotatedDegrees` (counter-clockwise, about the centre, same canvas; then
 * perhaps resampled, which leaves normalized boxes where they are) mapped back onto the page as it was: each word's
 * corners are turned back and the word gets their bounding box (what tesseract reports for a turned word on the
 * original page, and how the generator's truth boxes are made); lines are the union of their words.
 */
export function toSourceGeometry(page: PageText, rotatedDegrees: number, width: number, height: number): PageText {
  if (rotatedDegrees === 0) return page;
  // Inverse of native rotate(): the source of output offset (dx, dy) is (cos dx - sin dy, sin dx + cos dy).
  const rad = (rotatedDegrees * Math.PI) / 180;
  const cos = Math.cos(rad);
  const sin = Math.sin(rad);
  const clamp01 = (v: number) => Math.min(1, Math.max(0, v));
  const back = (b: BBox): BBox => {
    const xs: number[] = [];
    const ys: number[] = [];
    for (const [nx, ny] of [
      [b.x, b.y],
      [b.x + b.w, b.y],
      [b.x, b.y + b.h],
      [b.x + b.w, b.y + b.h],
    ] as const) {
      const dx = (nx - 0.5) * width;
      const dy = (ny - 0.5) * height;
      xs.push(clamp01((cos * dx - sin * dy) / width + 0.5));
      ys.push(clamp01((sin * dx + cos * dy) / height + 0.5));
    }
    const x = Math.min(...xs);
    const y = Math.min(...ys);
    return { x, y, w: Math.max(...xs) - x, h: Math.max(...ys) - y };
  };
  const lines = page.lines.map((line) => {
    const words = line.words.map((w) => ({ ...w, bbox: back(w.bbox) }));
    return { ...line, words, bbox: words.length ? words.map((w) => w.bbox).reduce(unionBBox) : back(line.bbox) };
  });
  return { ...page, lines };
}

/**
 * `work` unless it takes longer than `ms` (PAGE_TIMEOUT). pdfjs yields to the event loop between operator chunks, so
 * the timer fires on a slow page; the caller then closes the document, which stops pdfjs working on it.
 */
async function withinBudget<T>(work: Promise<T>, pageNumber: number, ms: number | undefined): Promise<T> {
  if (!ms) return work;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DocumentError(ErrorCodes.PAGE_TIMEOUT, `page ${pageNumber} took longer than ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The other format a file also is, when it is two at once (a polyglot: a PDF that is also a ZIP or a JPEG). Each
 * reader would see a different document, so Docket reads neither. A ZIP counts when it starts the file or its end
 * record ends it exactly (a chance match in compressed data almost never does).
 */
export function polyglotOf(bytes: Uint8Array, sniffed: MediaType): string | undefined {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.readUInt32LE(0) === 0x04034b50) return 'application/zip';
  if (sniffed === 'application/pdf') {
    if (buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
    if (buf.readUInt32BE(0) === 0x89504e47) return 'image/png';
  }
  // The end-of-central-directory record is 22 bytes plus a comment of up to 65,535.
  for (let at = buf.length - 22; at >= Math.max(0, buf.length - 22 - 0xffff); at--) {
    if (buf[at] === 0x50 && buf.readUInt32LE(at) === 0x06054b50 && at + 22 + buf.readUInt16LE(at + 20) === buf.length) return 'application/zip';
  }
  return undefined;
}

/** Media type from magic bytes; undefined when it is none Docket reads. */
export function sniffMediaType(bytes: Uint8Array): MediaType | undefined {
  const head = Buffer.from(bytes.subarray(0, 1024));
  if (head.subarray(0, 1024).includes('%PDF-')) return 'application/pdf';
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  const tiff = head.subarray(0, 4).toString('latin1');
  if (tiff === 'II*\u0000' || tiff === 'MM\u0000*') return 'image/tiff';
  return undefined;
}
