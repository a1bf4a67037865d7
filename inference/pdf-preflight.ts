import { constants as zc, createInflate } from 'node:zlib';
import { ErrorCodes } from '../core/error-codes.js';
import { DocumentError } from '../platform/errors.js';

/**
 * Checks a PDF's raw bytes before pdfjs parses anything, so that hostile files cost little: pdfjs would decode a
 * FlateDecode stream into one growing buffer (a 2 MB bomb becomes 2 GB), and decodes an image XObject at its declared
 * size. Stream dictionaries are found by scanning for `stream` keywords, which also finds streams no page uses (a bomb
 * needs no page to be a bomb); a /Width or /Height given by reference is left to pdfjs's own `maxImageSize`.
 */

export interface PdfPreflightLimits {
  /** Largest image XObject, in pixels (DOCKET_MAX_PIXELS). */
  maxPixels: number;
  /** Most bytes one compressed stream may inflate to; default `defaultMaxStreamBytes(maxPixels)`. */
  maxStreamBytes?: number;
}

/** The largest legitimate stream is an image at the pixel limit with four 8-bit channels; never under 64 MiB. */
export function defaultMaxStreamBytes(maxPixels: number): number {
  return Math.max(64 * 1024 * 1024, 4 * maxPixels);
}

/** A PDF whose `%%EOF` is not in its last 1024 bytes was cut short (pdfjs would quietly repair what is left). */
const EOF_WINDOW = 1024;
/** How far before a `stream` keyword its dictionary may start. */
const DICT_WINDOW = 4096;

/** What the preflight noticed that is no reason to refuse the file. */
export interface PdfPreflight {
  /**
   * A content stream sets text rendering mode 3 or 7 (`3 Tr`): text drawn invisibly. A scanner's searchable PDF does
   * so over its scan; so does a forgery whose invisible figures differ from those shown. Its text layer is checked
   * against what the page shows (activities/document/read-pages.ts).
   */
  invisibleText: boolean;
}

/** `3 Tr` or `7 Tr` between PDF delimiters: text rendering mode invisible (or invisible and clipping). */
const INVISIBLE_TEXT = /(?:^|[\s\]\[)(<>{}/])[37]\s+Tr(?=[\s\]\[)(<>{}/%]|$)/;
/** Bytes kept from the end of one inflated chunk to find an operator cut by the chunk boundary. */
const OPERATOR_CARRY = 16;

const STREAM = Buffer.from('stream');
const ENDSTREAM = Buffer.from('endstream');

export async function preflightPdf(bytes: Uint8Array, limits: PdfPreflightLimits): Promise<PdfPreflight> {
  const seen: PdfPreflight = { invisibleText: false };
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.lastIndexOf('%%EOF') < Math.max(0, buf.length - EOF_WINDOW)) {
    throw new DocumentError(ErrorCodes.CORRUPT_DOCUMENT, 'the PDF is truncated (no %%EOF at its end)');
  }
  const maxStreamBytes = limits.maxStreamBytes ?? defaultMaxStreamBytes(limits.maxPixels);
  for (let at = buf.indexOf(STREAM); at >= 0; at = buf.indexOf(STREAM, at + STREAM.length)) {
    // `endstream` contains `stream`; a keyword is followed by an end of line.
    if (at >= 3 && buf.toString('latin1', at - 3, at) === 'end') continue;
    let data = at + STREAM.length;
    if (buf[data] === 0x0d) data++;
    if (buf[data] !== 0x0a && buf[data - 1] !== 0x0d) continue;
    if (buf[data] === 0x0a) data++;
    const dict = buf.toString('latin1', Math.max(0, at - DICT_WINDOW), at);
    const open = dict.lastIndexOf(' obj');
    const own = open >= 0 ? dict.slice(open) : dict;
    const end = buf.indexOf(ENDSTREAM, data);
    const body = buf.subarray(data, end >= 0 ? end : buf.length);
    if (/\/Subtype\s*\/Image\b/.test(own)) {
      const width = Number(/\/Width\s+(\d+)(?!\s+\d+\s+R)/.exec(own)?.[1] ?? 0);
      const height = Number(/\/Height\s+(\d+)(?!\s+\d+\s+R)/.exec(own)?.[1] ?? 0);
      if (width * height > limits.maxPixels) {
        throw new DocumentError(ErrorCodes.IMAGE_TOO_LARGE, `an image in the PDF is ${width}x${height} pixels; the limit is ${limits.maxPixels}`);
      }
    }
    // Content is looked through for invisible text; images and font programs are not content.
    const content = !/\/Subtype\s*\/Image\b|\/Length[123]\b|\/FontFile|\/Subtype\s*\/(Type1C|CIDFontType0C|OpenType)\b/.test(own);
    const scan = content && !seen.invisibleText ? (text: string) => (seen.invisibleText ||= INVISIBLE_TEXT.test(text)) : undefined;
    const flate = /\/(FlateDecode|Fl)\b/.test(own);
    if (scan && !flate && !/\/Filter\b/.test(own)) scan(body.toString('latin1'));
    if (flate) {
      const size = await inflatedSize(body, maxStreamBytes, scan);
      if (size > maxStreamBytes) {
        throw new DocumentError(ErrorCodes.DECOMPRESSION_BOMB, `a stream in the PDF inflates past ${maxStreamBytes} bytes`);
      }
    }
    if (end >= 0) at = end;
  }
  return seen;
}

/**
 * Bytes the zlib data inflates to, counted and thrown away, stopping once past `limit`: memory stays at one chunk.
 * Broken data counts what inflated before the break (pdfjs is as lenient). `scan` sees each chunk as it passes.
 */
function inflatedSize(data: Uint8Array, limit: number, scan?: (text: string) => void): Promise<number> {
  return new Promise((resolve) => {
    const inflate = createInflate({ finishFlush: zc.Z_SYNC_FLUSH, chunkSize: 256 * 1024 });
    let total = 0;
    let carry = '';
    const done = () => resolve(total);
    inflate.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (scan) {
        const text = carry + chunk.toString('latin1');
        scan(text);
        carry = text.slice(-OPERATOR_CARRY);
      }
      if (total > limit) {
        inflate.destroy();
        done();
      }
    });
    inflate.once('end', done);
    inflate.once('close', done);
    inflate.once('error', done);
    inflate.end(data);
  });
}
