import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../core/error-codes.js';
import { DocumentError } from '../platform/errors.js';
import { ascii85, asciiHex, lzw, OutputLimit, pdfName, runLength } from './pdf-filters.js';
import { preflightPdf } from './pdf-preflight.js';
import { lzwBomb, packLzw } from './test-support/lzw.js';


const stream = (dict: string, data: Buffer) => Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`), data, Buffer.from('\nendstream')]);
/** Enough of a PDF for the preflight, which reads stream dictionaries and the end marker, not the xref. */
const buildPdf = (objects: (string | Buffer)[]) =>
  Buffer.concat([Buffer.from('%PDF-1.7\n'), ...objects.flatMap((o, i) => [Buffer.from(`${i + 1} 0 obj\n`), Buffer.from(o), Buffer.from('\nendobj\n')]), Buffer.from('%%EOF\n')]);
const zeros = (mib: number) => deflateSync(Buffer.alloc(mib * 1024 * 1024), { level: 9 });
const pages = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>'];

async function codeOf(bytes: Uint8Array, maxPixels = 1_000_000): Promise<string | undefined> {
  try {
    await preflightPdf(bytes, { maxPixels, maxStreamBytes: 8 * 1024 * 1024 });
    return undefined;
  } catch (err) {
    if (err instanceof DocumentError) return err.code;
    throw err;
  }
}

describe('preflightPdf', () => {
  it('passes a sound PDF with compressed content', async () => {
    expect(await codeOf(buildPdf([...pages, stream('/Filter /FlateDecode', deflateSync(Buffer.from('BT /F1 12 Tf (hello) Tj ET')))]))).toBeUndefined();
  });

  it('notices content that draws text invisibly (mode 3 or 7), compressed or not, and nothing else', async () => {
    const seen = async (...objects: (string | Buffer)[]) => (await preflightPdf(buildPdf([...pages, ...objects]), { maxPixels: 1_000_000 })).invisibleText;
    expect(await seen(stream('/Filter /FlateDecode', deflateSync(Buffer.from('BT /F1 12 Tf 3 Tr (95,000.00) Tj ET'))))).toBe(true);
    expect(await seen(stream('', Buffer.from('BT\n/F1 9 Tf\n7\nTr [(x)] TJ ET')))).toBe(true);
    // An operator cut by the boundary of two inflated chunks (256 KiB each) is still found.
    const filler = Buffer.alloc(256 * 1024 - 3, 0x20);
    expect(await seen(stream('/Filter /FlateDecode', deflateSync(Buffer.concat([filler, Buffer.from('3 Tr (x) Tj')]))))).toBe(true);
    // Behind other filters too: hex-encoded Flate, and LZW (read a sequence at a time).
    expect(await seen(stream('/Filter [/AHx /Fl]', Buffer.from(deflateSync(Buffer.from('BT 3 Tr (x) Tj ET')).toString('hex'))))).toBe(true);
    expect(await seen(stream('/Filter /LZWDecode', packLzw([...Buffer.from('BT 3 Tr (x) Tj ET'), 257])))).toBe(true);
    // Visible modes, a number before another operator, and an image's bytes are not invisible text.
    expect(await seen(stream('/Filter /FlateDecode', deflateSync(Buffer.from('BT 0 Tr (a) Tj 2 Tr (b) Tj 13 Tr ET 3 TL'))))).toBe(false);
    expect(await seen(stream('/Type /XObject /Subtype /Image /Width 2 /Height 2', Buffer.from(' 3 Tr ')))).toBe(false);
  });

  it('runs the filter chain in order, each stage bounded: a bomb behind ASCIIHex or ASCII85, in LZW or RunLength', async () => {
    const hex = Buffer.from(zeros(16).toString('hex'));
    expect(await codeOf(buildPdf([...pages, stream('/Filter [/ASCIIHexDecode /FlateDecode]', hex)]))).toBe(ErrorCodes.DECOMPRESSION_BOMB);
    expect(await codeOf(buildPdf([...pages, stream('/Filter [/AHx /Fl]', Buffer.from(zeros(4).toString('hex')))]))).toBeUndefined();
    const lzwBombBytes = lzwBomb(3);
    expect(lzwBombBytes.length).toBeLessThan(20_000);
    expect(await codeOf(buildPdf([...pages, stream('/Filter /LZWDecode', lzwBombBytes)]))).toBe(ErrorCodes.DECOMPRESSION_BOMB);
    // 300,000 runs of 128 zeros: two bytes each, 38 MB decoded.
    const runs = Buffer.alloc(600_000);
    for (let i = 0; i < runs.length; i += 2) runs[i] = 129;
    expect(await codeOf(buildPdf([...pages, stream('/Filter /RunLengthDecode', runs)]))).toBe(ErrorCodes.DECOMPRESSION_BOMB);
  });

  it('reads a filter under an escaped name or by reference', async () => {
    expect(await codeOf(buildPdf([...pages, stream('/Filter /Fl#61teDecode', zeros(16))]))).toBe(ErrorCodes.DECOMPRESSION_BOMB);
    // Object 5 is the filter's name; the stream (object 4) names it by reference.
    expect(await codeOf(buildPdf([...pages, stream('/Filter 5 0 R', zeros(16)), '/FlateDecode']))).toBe(ErrorCodes.DECOMPRESSION_BOMB);
    expect(await codeOf(buildPdf([...pages, stream('/Filter 5 0 R', zeros(16)), '[/FlateDecode]']))).toBe(ErrorCodes.DECOMPRESSION_BOMB);
  });

  it('refuses a JPEG whose frame is over the pixel limit, whatever the image dictionary declares', async () => {
    // SOI, then an SOF0 segment declaring 30000 x 30000.
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x75, 0x30, 0x75, 0x30, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, 0xff, 0xd9]);
    expect(await codeOf(buildPdf([...pages, stream('/Type /XObject /Subtype /Image /Width 64 /Height 64 /Filter /DCTDecode', jpeg)]))).toBe(ErrorCodes.IMAGE_TOO_LARGE);
    const small = Buffer.from(jpeg);
    small.writeUInt16BE(64, 7);
    small.writeUInt16BE(64, 9);
    expect(await codeOf(buildPdf([...pages, stream('/Type /XObject /Subtype /Image /Width 64 /Height 64 /Filter /DCTDecode', small)]))).toBeUndefined();
  });

  it('refuses a Flate stream that inflates past the limit, without keeping it', async () => {
    expect(await codeOf(buildPdf([...pages, stream('/Filter /FlateDecode', zeros(16))]))).toBe(ErrorCodes.DECOMPRESSION_BOMB);
    expect(await codeOf(buildPdf([...pages, stream('/Filter /FlateDecode', zeros(4))]))).toBeUndefined();
  });

  it('refuses an image XObject declared over the pixel limit; a referenced size is left to pdfjs', async () => {
    const image = (w: string) => stream(`/Type /XObject /Subtype /Image /Width ${w} /Height 2000 /BitsPerComponent 8`, Buffer.alloc(16));
    expect(await codeOf(buildPdf([...pages, image('2000')]))).toBe(ErrorCodes.IMAGE_TOO_LARGE);
    expect(await codeOf(buildPdf([...pages, image('400')]))).toBeUndefined();
    expect(await codeOf(buildPdf([...pages, image('9 0 R')]))).toBeUndefined();
  });

  it('refuses a PDF without %%EOF at its end (truncated)', async () => {
    const bytes = buildPdf(pages);
    expect(await codeOf(bytes.subarray(0, bytes.length - 8))).toBe(ErrorCodes.CORRUPT_DOCUMENT);
  });
});

describe('PDF filters', () => {
  it('decode what they should', () => {
    expect(pdfName('/Fl#61teDecode')).toBe('FlateDecode');
    expect(pdfName('/AHx')).toBe('ASCIIHexDecode');
    expect(asciiHex(Buffer.from('48 65 6c6C 6f7>')).toString('latin1')).toBe('Hellop');
    expect(runLength(Buffer.from([2, 0x61, 0x62, 0x63, 254, 0x7a, 128]), 100).toString()).toBe('abczzz');
    expect(ascii85(Buffer.from('87cURDZ~>'), 100).toString()).toBe('Hello');
    expect([...ascii85(Buffer.from('zz~>'), 100)]).toEqual(new Array(8).fill(0));
    expect(() => ascii85(Buffer.from('zzz~>'), 8)).toThrow(OutputLimit);
    // "ABAB ABAB" style: A, B, then 258 ("AB"), 260 ("ABA": the code being defined), then end.
    expect(lzw(packLzw([65, 66, 258, 260, 257]), 100).toString()).toBe('ABABABA');
    expect(lzw(lzwBomb(1), 10_000_000).length).toBe(1 + ((2 + 3837) * 3836) / 2);
  });
});
