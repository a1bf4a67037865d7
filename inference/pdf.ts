import { createRequire } from 'node:module';
import path from 'node:path';
import { getDocument, type PDFDocumentProxy, type PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { ErrorCodes } from '../core/error-codes.js';
import { unionBBox, type BBox, type Line, type PageText, type Word } from '../core/page.js';
import { DocumentError } from '../platform/errors.js';
import { preflightPdf } from './pdf-preflight.js';

/**
 * PDFs through pdfjs-dist (legacy build, which runs in Node): the text layer as words and lines with normalized
 * boxes, and pages rendered to PNG for OCR. pdfjs runs its "fake worker" on this thread, so parsing is CPU work on
 * the event loop; callers run it inside activities, one document at a time per slot.
 *
 * Rendering: pdfjs's own NodeCanvasFactory creates the canvases with the `@napi-rs/canvas` it depends on (a nested
 * copy, 0.1.x, distinct from the project's 1.x); we render through `pdf.canvasFactory` so pdfjs never mixes the two.
 */

export interface PdfHandle {
  pageCount: number;
  /** Some content draws text invisibly (text rendering mode 3 or 7; pdf-preflight.ts). */
  invisibleText: boolean;
  /** Words and lines of the page's text layer (source 'text-layer', confidence 1); empty for scanned pages. */
  textLayer(pageNumber: number): Promise<PageText>;
  /**
   * The page as a PNG at `dpi`, lowered so width x height stays within `maxPixels`; the real size is returned. With
   * `timeoutMs`, drawing stops there (PAGE_TIMEOUT).
   *
   * A page much smaller or larger than a sheet of paper in points (outside SCAN_SIZE_RANGE) is read at its scan's own
   * resolution instead, bounded by what a letter page gets at `dpi`: a 200-point page holding a 2480-pixel scan is
   * rendered finer than `dpi` (up to the scan's pixels, never more than a letter page's), a 2500-point page holding
   * the same scan coarser (down to the scan's pixels, never fewer than a letter page's), so it is not upscaled.
   */
  render(pageNumber: number, dpi: number, maxPixels: number, limits?: { timeoutMs?: number }): Promise<RenderedPage>;
  close(): Promise<void>;
}

export interface RenderedPage {
  png: Buffer;
  width: number;
  height: number;
  /**
   * Pixels per inch of paper, when the page's size in points is taken for its paper's; absent when the render
   * followed a scan on a page far from paper size (whose points say nothing of the paper).
   */
  dpi?: number;
}

/**
 * A text layer is worth reading when it holds at least this many letters or digits. Scanned PDFs carry none, or a
 * scanner stamp or page number ("Page 1 of 2" = 8, "Scanned by CamScanner" = 19); the sparsest real form page
 * (a signature page: a title, a name, a date) has well over 20.
 */
export const MIN_TEXT_LAYER_CHARS = 20;
/**
 * ... and at least this share of its non-space characters are letters or digits. A font with a broken ToUnicode map
 * yields private-use or control characters (or U+FFFD) that count as text but read as nothing; OCR does better.
 */
export const MIN_TEXT_LAYER_ALNUM_RATIO = 0.5;

/** Whether the page's text layer is real text (see the two thresholds above) rather than a scan needing OCR. */
export function hasUsableTextLayer(page: PageText): boolean {
  const text = page.lines.map((l) => l.text).join('');
  const alnum = text.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
  const visible = text.replace(/\s/g, '').length;
  return alnum >= MIN_TEXT_LAYER_CHARS && alnum / visible >= MIN_TEXT_LAYER_ALNUM_RATIO;
}

const require = createRequire(import.meta.url);
const PDFJS_DIR = path.dirname(require.resolve('pdfjs-dist/package.json'));
/** pdfjs wants directory URLs as strings ending in '/'; in Node plain paths are read with fs. */
const asset = (dir: string): string => path.join(PDFJS_DIR, dir) + path.sep;

/** A US letter page's area in points. */
const LETTER_AREA_PT = 612 * 792;
/**
 * A page whose area is within this factor of a letter page's is taken at its word: rendered at the DPI asked (A4,
 * legal and letter scans, all the tuning sets' pages). Outside it the page's scan decides (see `render`).
 */
const SCAN_SIZE_RANGE = 2;
/** The small render that finds a scan's own resolution: about this many pixels. */
const PROBE_PIXELS = 250_000;
/** An image counts as the page's scan when it covers at least this share of the page. */
const SCAN_COVER = 0.5;

/** Canvas side limit of Skia; a page is scaled down to fit it whatever maxPixels allows. */
const MAX_CANVAS_SIDE = 32_767;
/** PDF's own limit on a page side (ISO 32000-1, Annex C: 14,400 units, 200 inches); larger pages are refused. */
export const MAX_PAGE_SIDE_PT = 14_400;
/** The pixel limit when the caller gives none (the default of DOCKET_MAX_PIXELS). */
const DEFAULT_MAX_PIXELS = 50_000_000;

/**
 * Opens a PDF; refuses corrupt, encrypted or truncated files, files with more than `maxPages` pages, and, before
 * pdfjs parses anything (pdf-preflight.ts), decompression bombs and images over `maxPixels`.
 */
export async function openPdf(bytes: Uint8Array, limits: { maxPages: number; maxPixels?: number }): Promise<PdfHandle> {
  const maxPixels = limits.maxPixels ?? DEFAULT_MAX_PIXELS;
  const preflight = await preflightPdf(bytes, { maxPixels });
  const task = getDocument({
    // A copy: pdfjs transfers (detaches) the buffer it is given and refuses Node Buffers.
    data: new Uint8Array(bytes),
    standardFontDataUrl: asset('standard_fonts'),
    cMapUrl: asset('cmaps'),
    cMapPacked: true,
    iccUrl: asset('iccs'),
    wasmUrl: asset('wasm'),
    isEvalSupported: false,
    // Images declared larger (through references the preflight does not follow) are left out, not decoded.
    maxImageSize: maxPixels,
    disableFontFace: true,
    verbosity: 0,
  });
  let pdf: PDFDocumentProxy;
  try {
    pdf = await task.promise;
  } catch (cause) {
    await task.destroy().catch(() => undefined);
    const name = (cause as { name?: string } | null)?.name;
    const reason = name === 'PasswordException' ? 'the PDF is encrypted' : 'the PDF cannot be parsed';
    throw new DocumentError(ErrorCodes.CORRUPT_DOCUMENT, reason, undefined, { cause });
  }
  if (pdf.numPages < 1) {
    await pdf.destroy();
    throw new DocumentError(ErrorCodes.CORRUPT_DOCUMENT, 'the PDF has no pages');
  }
  if (pdf.numPages > limits.maxPages) {
    const pages = pdf.numPages;
    await pdf.destroy();
    throw new DocumentError(ErrorCodes.TOO_MANY_PAGES, `the PDF has ${pages} pages; the limit is ${limits.maxPages}`);
  }
  return new PdfjsHandle(pdf, preflight.invisibleText);
}

class PdfjsHandle implements PdfHandle {
  readonly pageCount: number;
  private closed = false;

  constructor(
    private readonly pdf: PDFDocumentProxy,
    readonly invisibleText: boolean,
  ) {
    this.pageCount = pdf.numPages;
  }

  async textLayer(pageNumber: number): Promise<PageText> {
    return this.withPage(pageNumber, async (page) => {
      const viewport = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const fragments: Fragment[] = [];
      for (const item of content.items) {
        if (!('str' in item) || !item.str.trim()) continue;
        const style = content.styles[item.fontName];
        // Font metrics as pdfjs reports them, unless the font's are missing or absurd.
        const ascent = style && style.ascent > 0 && style.ascent <= 2 ? style.ascent : 0.8;
        const descent = style && style.descent <= 0 && style.descent >= -1 ? style.descent : -0.2;
        fragments.push(...splitItem(item, viewport.transform, ascent, descent));
      }
      const lines = groupLines(fragments, viewport.width, viewport.height);
      return {
        pageNumber,
        source: 'text-layer',
        width: viewport.width,
        height: viewport.height,
        text: lines.map((l) => l.text).join('\n'),
        lines,
        confidence: 1,
      };
    });
  }

  async render(pageNumber: number, dpi: number, maxPixels: number, limits: { timeoutMs?: number } = {}): Promise<RenderedPage> {
    if (!(dpi > 0) || !(maxPixels >= 1)) throw new RangeError('dpi and maxPixels must be positive');
    const deadline = limits.timeoutMs ? Date.now() + limits.timeoutMs : Number.POSITIVE_INFINITY;
    const late = () => new DocumentError(ErrorCodes.PAGE_TIMEOUT, `page ${pageNumber} took longer than ${limits.timeoutMs! / 1000} s to render`);
    return this.withPage(pageNumber, async (page) => {
      const base = page.getViewport({ scale: 1 });
      let wanted = dpi / 72;
      const area = (base.width * base.height) / LETTER_AREA_PT;
      const paperSize = area >= 1 / SCAN_SIZE_RANGE && area <= SCAN_SIZE_RANGE;
      if (!paperSize) {
        // A page far from a sheet of paper in points: a scan's size in points says little of its paper. Look at
        // the scan itself on a small render first.
        const probeScale = Math.min(1, Math.sqrt(PROBE_PIXELS / (base.width * base.height)));
        const probe = await this.draw(page, probeScale, deadline, late, false);
        const scan = scanPixelsPerPoint(probe.images, probeScale, probe.width * probe.height);
        const letter = (dpi / 72) * Math.sqrt(1 / area);
        if (scan && area < 1) wanted = Math.max(wanted, Math.min(scan, letter));
        if (scan && area > 1) wanted = Math.min(wanted, Math.max(scan, letter));
      }
      const size = (s: number) => ({ w: Math.max(1, Math.round(base.width * s)), h: Math.max(1, Math.round(base.height * s)) });
      let scale = Math.min(wanted, MAX_CANVAS_SIDE / base.width, MAX_CANVAS_SIDE / base.height);
      let { w, h } = size(scale);
      if (w * h > maxPixels) scale *= Math.sqrt(maxPixels / (w * h));
      // Rounding can still overshoot by a row or a column: step down until it fits.
      for (({ w, h } = size(scale)); w * h > maxPixels && scale > 1e-6; ({ w, h } = size(scale))) scale *= 0.995;
      const drawn = await this.draw(page, scale, deadline, late, true);
      return { png: drawn.png!, width: drawn.width, height: drawn.height, ...(paperSize ? { dpi: (drawn.width * 72) / base.width } : {}) };
    });
  }

  /**
   * Draws the page at `scale` on a canvas of pdfjs's factory, noting every image painted with its own pixel size
   * (`images`); encodes it as PNG when asked. Stops at `deadline` (the error `late` gives).
   */
  private async draw(page: PDFPageProxy, scale: number, deadline: number, late: () => Error, encode: boolean): Promise<DrawnPage> {
    const viewport = page.getViewport({ scale });
    const width = Math.max(1, Math.round(viewport.width));
    const height = Math.max(1, Math.round(viewport.height));
    const factory = this.pdf.canvasFactory as CanvasFactory;
    const target = factory.create(width, height);
    const images = watchImages(target.context);
    try {
      // pdfjs types canvas and context as DOM classes, which Node's lib does not declare.
      const task = page.render({ canvas: target.canvas as never, canvasContext: target.context as never, viewport, background: 'rgb(255,255,255)' });
      // pdfjs continues drawing on microtasks, which starve timers (heartbeats too): continue on setImmediate
      // instead, and stop at the deadline. Building the operator list cannot be interrupted (pdfjs's parser runs
      // on this thread without yielding to timers): a page stops at the first continuation after its deadline.
      let stopped = false;
      const stop = () => {
        stopped = true;
        task.cancel();
      };
      task.onContinue = (next: () => void) => (Date.now() <= deadline ? setImmediate(next) : stop());
      const timer = Number.isFinite(deadline) ? setTimeout(stop, Math.max(0, deadline - Date.now())) : undefined;
      try {
        await task.promise;
      } catch (cause) {
        if (stopped) throw Object.assign(late(), { cause });
        throw cause;
      } finally {
        clearTimeout(timer);
      }
      return { png: encode ? await target.canvas.encode('png') : undefined, width, height, images };
    } finally {
      factory.destroy(target);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pdf.destroy();
  }

  /** Loads a page, runs `fn`, frees the page's resources; any pdfjs failure is the document's fault. */
  private async withPage<T>(pageNumber: number, fn: (page: PDFPageProxy) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('PDF handle is closed');
    if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > this.pageCount) {
      throw new RangeError(`page ${pageNumber} is not in 1..${this.pageCount}`);
    }
    let page: PDFPageProxy | undefined;
    try {
      page = await this.pdf.getPage(pageNumber);
      // Checked before anything is rendered: a page of 200,000 points a side is no document.
      const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = page.view;
      if (Math.abs(x1 - x0) > MAX_PAGE_SIDE_PT || Math.abs(y1 - y0) > MAX_PAGE_SIDE_PT) {
        throw new DocumentError(ErrorCodes.PAGE_TOO_LARGE, `page ${pageNumber} is larger than ${MAX_PAGE_SIDE_PT} points a side`);
      }
      return await fn(page);
    } catch (cause) {
      if (cause instanceof DocumentError || cause instanceof RangeError) throw cause;
      throw new DocumentError(ErrorCodes.CORRUPT_DOCUMENT, `page ${pageNumber} of the PDF cannot be read`, undefined, { cause });
    } finally {
      page?.cleanup();
    }
  }
}

interface DrawnPage {
  png?: Buffer;
  width: number;
  height: number;
  images: PaintedImage[];
}

/** An image pdfjs painted: its own pixel size, and the size it took on the canvas. */
interface PaintedImage {
  width: number;
  height: number;
  canvasWidth: number;
  canvasHeight: number;
}

/**
 * Notes the images pdfjs paints on `context`. pdfjs paints an image by scaling the unit square it fills to the image's
 * own pixels, `scale(1 / width, -1 / height)` (src/display/canvas.js, paintInlineImageXObject), so that call tells
 * both sizes without parsing the page a second time. Other scale calls (text, patterns) do not have that shape.
 */
function watchImages(context: object): PaintedImage[] {
  const images: PaintedImage[] = [];
  const ctx = context as { scale(x: number, y: number): void; getTransform(): { a: number; b: number; c: number; d: number } };
  const scale = ctx.scale.bind(ctx);
  ctx.scale = (x: number, y: number) => {
    const width = 1 / x;
    const height = -1 / y;
    if (x > 0 && y < 0 && width >= 16 && height >= 16 && Math.abs(width - Math.round(width)) < 1e-6 && Math.abs(height - Math.round(height)) < 1e-6) {
      const m = ctx.getTransform();
      images.push({ width: Math.round(width), height: Math.round(height), canvasWidth: Math.hypot(m.a, m.b), canvasHeight: Math.hypot(m.c, m.d) });
    }
    scale(x, y);
  };
  return images;
}

/**
 * The page's scan in pixels per point: the largest image painted, when it covers at least SCAN_COVER of the page,
 * else undefined (a page of vector drawing, or of small pictures).
 */
function scanPixelsPerPoint(images: readonly PaintedImage[], scale: number, pageArea: number): number | undefined {
  const largest = images.reduce<PaintedImage | undefined>((best, i) => (!best || i.canvasWidth * i.canvasHeight > best.canvasWidth * best.canvasHeight ? i : best), undefined);
  if (!largest || largest.canvasWidth * largest.canvasHeight < SCAN_COVER * pageArea) return undefined;
  return Math.sqrt((largest.width / largest.canvasWidth) * (largest.height / largest.canvasHeight)) * scale;
}

/** pdfjs's NodeCanvasFactory as we use it; its canvases are @napi-rs/canvas Canvas objects. */
interface CanvasFactory {
  create(width: number, height: number): CanvasAndContext;
  destroy(target: CanvasAndContext): void;
}

interface CanvasAndContext {
  canvas: { encode(format: 'png'): Promise<Buffer> };
  context: object;
}

/** A run of non-space characters of one text item, in viewport units (points, origin top-left). */
interface Fragment {
  text: string;
  box: { x0: number; y0: number; x1: number; y1: number };
  baseline: number;
  size: number;
  /** No space in the item between this fragment and its neighbour: pdfjs may split one word over several items. */
  openLeft: boolean;
  openRight: boolean;
}

/**
 * Splits a text item into words. pdfjs gives the item's origin, direction and total advance but no glyph
 * positions, so each word's share of the width is estimated from Helvetica's advance widths (exact for Helvetica/
 * Arial, close for other proportional fonts, and never outside the item's own extent).
 */
function splitItem(item: TextItem, viewportTransform: number[], ascent: number, descent: number): Fragment[] {
  const [a, b, c, d, e, f] = item.transform as [number, number, number, number, number, number];
  const advance = Math.hypot(a, b) || 1;
  const fontSize = Math.hypot(c, d) || item.height || advance;
  const dir = [a / advance, b / advance];
  const up = [c / (Math.hypot(c, d) || 1), d / (Math.hypot(c, d) || 1)];
  const widths = [...item.str].map(charWidth);
  const total = widths.reduce((s, w) => s + w, 0) || 1;
  const offsets = [0];
  for (const w of widths) offsets.push(offsets[offsets.length - 1]! + (w / total) * item.width);
  const chars = [...item.str];
  const fragments: Fragment[] = [];
  for (const m of item.str.matchAll(/\S+/gu)) {
    const start = [...item.str.slice(0, m.index)].length;
    const end = start + [...m[0]].length;
    const corners: [number, number][] = [];
    for (const along of [offsets[start]!, offsets[end]!]) {
      for (const across of [descent * fontSize, ascent * fontSize]) {
        corners.push(apply(viewportTransform, e + dir[0]! * along + up[0]! * across, f + dir[1]! * along + up[1]! * across));
      }
    }
    const xs = corners.map((p) => p[0]);
    const ys = corners.map((p) => p[1]);
    fragments.push({
      text: m[0].normalize('NFKC'),
      box: { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) },
      baseline: apply(viewportTransform, e, f)[1],
      size: Math.max(Math.max(...ys) - Math.min(...ys), 1e-3),
      openLeft: start === 0,
      openRight: end === chars.length,
    });
  }
  return fragments;
}

/** Same baseline (within 40% of the text height) = same line; words left to right; lines top to bottom. */
function groupLines(fragments: Fragment[], pageWidth: number, pageHeight: number): Line[] {
  const sorted = [...fragments].sort((p, q) => p.baseline - q.baseline || p.box.x0 - q.box.x0);
  const rows: Fragment[][] = [];
  for (const frag of sorted) {
    const row = rows[rows.length - 1];
    const anchor = row?.[0];
    if (row && anchor && Math.abs(frag.baseline - anchor.baseline) <= 0.4 * Math.min(frag.size, anchor.size)) row.push(frag);
    else rows.push([frag]);
  }
  const norm = (box: Fragment['box']): BBox => {
    const x = clamp01(box.x0 / pageWidth);
    const y = clamp01(box.y0 / pageHeight);
    return { x, y, w: clamp01(box.x1 / pageWidth) - x, h: clamp01(box.y1 / pageHeight) - y };
  };
  return rows.map((row) => {
    row.sort((p, q) => p.box.x0 - q.box.x0);
    const merged: Fragment[] = [];
    for (const frag of row) {
      const prev = merged[merged.length - 1];
      const gap = prev ? frag.box.x0 - prev.box.x1 : Infinity;
      const slack = 0.15 * Math.min(prev?.size ?? frag.size, frag.size);
      // Printed over the previous word rather than after it (most of it inside that word's box): the same text again
      // (a bold effect drawn twice) adds nothing; other text (an invisible figure laid over a visible one) is a word of
      // its own, never glued to it. Leaders running a little under the value after them are not this.
      const covered = prev ? (Math.min(prev.box.x1, frag.box.x1) - Math.max(prev.box.x0, frag.box.x0)) / Math.max(1e-9, frag.box.x1 - frag.box.x0) : 0;
      if (prev && gap < -slack && covered > 0.5) {
        if (!(frag.text === prev.text && Math.abs(frag.box.x0 - prev.box.x0) < slack)) merged.push(frag);
        continue;
      }
      if (prev && prev.openRight && frag.openLeft && gap < slack) {
        merged[merged.length - 1] = {
          ...prev,
          text: prev.text + frag.text,
          box: { x0: prev.box.x0, y0: Math.min(prev.box.y0, frag.box.y0), x1: frag.box.x1, y1: Math.max(prev.box.y1, frag.box.y1) },
          openRight: frag.openRight,
        };
      } else merged.push(frag);
    }
    const words: Word[] = merged.map((m) => ({ text: m.text, bbox: norm(m.box), confidence: 1 }));
    return {
      text: words.map((w) => w.text).join(' '),
      bbox: words.map((w) => w.bbox).reduce(unionBBox),
      confidence: 1,
      words,
    };
  });
}

/** A point through a PDF affine matrix [a, b, c, d, e, f]. */
function apply(m: number[], x: number, y: number): [number, number] {
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = m;
  return [a * x + c * y + e, b * x + d * y + f];
}

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));

/** Helvetica advance widths (1/1000 em) for ASCII 32..126; other characters count as 556 (a digit). */
const HELVETICA_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556,
  556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556,
  556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

function charWidth(ch: string): number {
  const code = ch.codePointAt(0) ?? 0;
  return HELVETICA_WIDTHS[code - 32] ?? 556;
}
