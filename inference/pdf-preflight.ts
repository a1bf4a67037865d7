import { constants as zc, createInflate } from 'node:zlib';
import { ErrorCodes } from '../core/error-codes.js';
import { DocumentError } from '../platform/errors.js';
import { ascii85, asciiHex, filterChain, jpegFrameSize, lzw, OutputLimit, runLength } from './pdf-filters.js';

/**
 * Checks a PDF's raw bytes before pdfjs parses anything, so that hostile files cost little: pdfjs would decode a
 * compressed stream into one growing buffer (a 2 MB bomb becomes 2 GB), and decodes an image at its size. Stream
 * dictionaries are found by scanning for `stream` keywords, which also finds streams no page uses (a bomb needs no
 * page to be a bomb). Each stream's filter chain (named directly, in an array or by reference, `#xx` escapes read) is
 * run in order, every stage bounded: ASCIIHex, ASCII85, Flate, LZW and RunLength; a JPEG's frame is checked against
 * the pixel limit whatever the image dictionary says. JBIG2, CCITT and JPX are left to pdfjs, as is a /Width or
 * /Height given by reference.
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
  // The whole file as text, made once and only when a filter is named by reference.
  let latin1: string | undefined;
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
    const filters = filterChain(own, (n, g) => objectText((latin1 ??= buf.toString('latin1')), n, g));
    const bomb = () => new DocumentError(ErrorCodes.DECOMPRESSION_BOMB, `a stream in the PDF decodes past ${maxStreamBytes} bytes`);
    let decoded: Buffer | undefined = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    const earlyChange = /\/EarlyChange\s+0\b/.test(own) ? 0 : 1;
    let carry = '';
    const pieces = scan
      ? (piece: Buffer) => {
          const text = carry + piece.toString('latin1');
          scan(text);
          carry = text.slice(-OPERATOR_CARRY);
        }
      : undefined;
    try {
      for (const [i, filter] of filters.entries()) {
        const last = i === filters.length - 1;
        if (filter === 'ASCIIHexDecode') decoded = asciiHex(decoded);
        else if (filter === 'ASCII85Decode') decoded = ascii85(decoded, maxStreamBytes);
        // Last in the chain, the growing decoders only count (and show content to the scan a piece at a time).
        else if (filter === 'RunLengthDecode') decoded = runLength(decoded, maxStreamBytes, !last, last ? pieces : undefined);
        else if (filter === 'LZWDecode') decoded = lzw(decoded, maxStreamBytes, earlyChange, !last, last ? pieces : undefined);
        else if (filter === 'FlateDecode') {
          // Last in the chain: counted and thrown away; before another filter: kept, within the limit.
          const out = await inflate(decoded, maxStreamBytes, last ? scan : undefined, !last);
          if (out.size > maxStreamBytes) throw bomb();
          decoded = out.kept;
          if (last) break;
        } else if (filter === 'DCTDecode') {
          const frame = jpegFrameSize(decoded);
          if (frame && frame.width * frame.height > limits.maxPixels) {
            throw new DocumentError(ErrorCodes.IMAGE_TOO_LARGE, `a JPEG in the PDF is ${frame.width}x${frame.height} pixels; the limit is ${limits.maxPixels}`);
          }
          decoded = undefined;
          break;
        } else {
          // JBIG2, CCITT, JPX, Crypt or a name nobody knows: pdfjs's to judge.
          decoded = undefined;
          break;
        }
        if (decoded.length > maxStreamBytes) throw bomb();
      }
    } catch (err) {
      if (err instanceof OutputLimit) throw bomb();
      throw err;
    }
    if (scan && decoded && !['FlateDecode', 'LZWDecode', 'RunLengthDecode'].includes(filters.at(-1) ?? '')) scan(decoded.toString('latin1'));
    if (end >= 0) at = end;
  }
  return seen;
}

/** Where object `n g` starts its value: the text after `n g obj` (up to a few KiB), or undefined when not found. */
function objectText(text: string, n: number, g: number): string | undefined {
  const m = new RegExp(`(?:^|[^0-9])${n}\\s+${g}\\s+obj\\b`).exec(text);
  return m ? text.slice(m.index + m[0].length, m.index + m[0].length + DICT_WINDOW) : undefined;
}

/**
 * The zlib data inflated, counted chunk by chunk and stopping once past `limit`; kept (up to the limit) only when
 * asked, else thrown away, so memory stays at one chunk. Broken data counts what inflated before the break (pdfjs is as
 * lenient). `scan` sees each chunk as it passes.
 */
function inflate(data: Uint8Array, limit: number, scan: ((text: string) => void) | undefined, keep: boolean): Promise<{ size: number; kept: Buffer }> {
  return new Promise((resolve) => {
    const inflater = createInflate({ finishFlush: zc.Z_SYNC_FLUSH, chunkSize: 256 * 1024 });
    let total = 0;
    let carry = '';
    const chunks: Buffer[] = [];
    let settled = false;
    const done = () => {
      if (settled) return;
      settled = true;
      resolve({ size: total, kept: keep ? Buffer.concat(chunks) : Buffer.alloc(0) });
    };
    inflater.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (keep && total <= limit) chunks.push(chunk);
      if (scan) {
        const text = carry + chunk.toString('latin1');
        scan(text);
        carry = text.slice(-OPERATOR_CARRY);
      }
      if (total > limit) {
        inflater.destroy();
        done();
      }
    });
    inflater.once('end', done);
    inflater.once('close', done);
    inflater.once('error', done);
    inflater.end(data);
  });
}
