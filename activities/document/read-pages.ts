import { ErrorCodes } from '../../core/error-codes.js';
import type { MediaType } from '../../core/events.js';
import type { PageText } from '../../core/page.js';
import { decodeImage } from '../../inference/image.js';
import type { OcrPool } from '../../inference/ocr-pool.js';
import { hasUsableTextLayer, openPdf } from '../../inference/pdf.js';
import { DocumentError } from '../../platform/errors.js';

export interface ReadOptions {
  ocr: OcrPool;
  dpi: number;
  maxPages: number;
  maxPixels: number;
  /** Called after each page: activities heartbeat here so a long OCR run is not taken for a dead worker. */
  onPage?: (pageNumber: number) => void;
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
  if (sniffed !== 'application/pdf') {
    const image = await decodeImage(bytes, sniffed, options.maxPixels);
    const page = await options.ocr.recognize(image.png, 1);
    options.onPage?.(1);
    return [page];
  }
  const pdf = await openPdf(bytes, { maxPages: options.maxPages });
  try {
    const pages: PageText[] = [];
    for (let n = 1; n <= pdf.pageCount; n++) {
      const layer = await pdf.textLayer(n);
      if (hasUsableTextLayer(layer)) pages.push(layer);
      else {
        const rendered = await pdf.render(n, options.dpi, options.maxPixels);
        const ocr = await options.ocr.recognize(rendered.png, n);
        // Keep the PDF's own page size so boxes map onto the page the same way for both sources.
        pages.push({ ...ocr, width: layer.width, height: layer.height });
      }
      options.onPage?.(n);
    }
    return pages;
  } finally {
    await pdf.close();
  }
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
