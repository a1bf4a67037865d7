import { ErrorCodes } from '../core/error-codes.js';
import { unionBBox, type BBox, type Line, type PageText, type Word } from '../core/page.js';
import { DocumentError } from '../platform/errors.js';

/**
 * What both OCR engines give per text line, in image pixels with 0..100 confidences: tesseract.js's `blocks` output
 * (its GetJSONText) and docket_ocr.node (native/ocr/src/page_reader.cc walks tesseract's results the same way). One
 * mapping to PageText for both, so extractors and CER see the same shape whichever engine ran.
 */
export interface OcrLine {
  confidence: number;
  bbox: OcrBox;
  words: { text: string; confidence: number; bbox: OcrBox }[];
}
export interface OcrBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Lines as PageText: boxes normalized by the image size, confidences 0..1, empty words and lines dropped. */
export function toPageText(ocrLines: Iterable<OcrLine>, pageNumber: number, width: number, height: number): PageText {
  const norm = (b: OcrBox): BBox => {
    const x = clamp01(b.x0 / width);
    const y = clamp01(b.y0 / height);
    return { x, y, w: clamp01(b.x1 / width) - x, h: clamp01(b.y1 / height) - y };
  };
  const lines: Line[] = [];
  for (const line of ocrLines) {
    const words: Word[] = line.words
      .map((w) => ({ text: w.text.trim(), bbox: norm(w.bbox), confidence: clamp01(w.confidence / 100) }))
      .filter((w) => w.text.length > 0);
    if (!words.length) continue;
    lines.push({
      text: words.map((w) => w.text).join(' '),
      bbox: words.map((w) => w.bbox).reduce(unionBBox),
      confidence: clamp01(line.confidence / 100),
      words,
    });
  }
  const all = lines.flatMap((l) => l.words);
  return {
    pageNumber,
    source: 'ocr',
    width,
    height,
    text: lines.map((l) => l.text).join('\n'),
    lines,
    confidence: all.length ? all.reduce((s, w) => s + w.confidence, 0) / all.length : 0,
  };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the PNG's IHDR chunk: boxes are normalized by them. */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (png.length < 24 || !png.subarray(0, 8).equals(PNG_SIGNATURE) || png.toString('latin1', 12, 16) !== 'IHDR') {
    throw new DocumentError(ErrorCodes.OCR_FAILED, 'OCR input is not a PNG', undefined, { retryable: false });
  }
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  if (width < 1 || height < 1) throw new DocumentError(ErrorCodes.OCR_FAILED, 'OCR input PNG has no size', undefined, { retryable: false });
  return { width, height };
}

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));

export const closedOcrPoolError = (): DocumentError =>
  new DocumentError(ErrorCodes.OCR_FAILED, 'the OCR pool is closed', undefined, { retryable: true });

export const pageTimeoutError = (pageNumber: number, timeoutMs: number): DocumentError =>
  new DocumentError(ErrorCodes.PAGE_TIMEOUT, `OCR of page ${pageNumber} took longer than ${timeoutMs / 1000} s`);

/** tesseract.js rejects with strings; DocketError causes are Errors. */
export const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

/**
 * How one page is read, for a second read of a page the default read got little from. Both engines honour it for that
 * page only.
 */
export interface OcrReadMode {
  /**
   * `block` (default): the page as one uniform block of text (tesseract's psm 6, what tesseract.js runs with);
   * `auto`: tesseract's own layout analysis (psm 3), which keeps lines of another size or font that `block` drops;
   * `sparse`: every piece of text it finds, in no particular order (psm 11).
   */
  layout?: 'block' | 'auto' | 'sparse';
  /**
   * `otsu` (default): one threshold for the whole page; `sauvola`: a threshold per neighbourhood, which keeps print
   * on a tinted card that a global threshold turns into one dark block.
   */
  threshold?: 'otsu' | 'sauvola';
}

/** tesseract's numbers for an OcrReadMode (page segmentation mode, thresholding_method). */
export function tesseractSettings(mode: OcrReadMode = {}): { psm: number; thresholding: number } {
  return { psm: { block: 6, auto: 3, sparse: 11 }[mode.layout ?? 'block'], thresholding: mode.threshold === 'sauvola' ? 2 : 0 };
}
