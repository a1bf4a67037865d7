import { degrees, PDFDocument, PDFHexString, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../core/error-codes.js';
import type { PageText, Word } from '../core/page.js';
import { DocumentError } from '../platform/errors.js';
import { hasUsableTextLayer, openPdf } from './pdf.js';

/** A US-letter PDF; each page a list of [text, x, y-from-bottom, size]. */
async function makePdf(pages: [string, number, number, number][][], rotate = 0): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const items of pages) {
    const page = doc.addPage([612, 792]);
    if (rotate) page.setRotation(degrees(rotate));
    for (const [text, x, y, size] of items) page.drawText(text, { x, y, size, font });
  }
  return doc;
}

const FORM: [string, number, number, number][] = [
  ['Uniform Residential Loan Application', 72, 720, 16],
  ['Borrower name:', 72, 690, 11],
  ['Avery Quinlan', 300, 690, 11],
  ['Base monthly income $ 7,500.00', 72, 670, 11],
];

const words = (page: PageText): Word[] => page.lines.flatMap((l) => l.words);
const word = (page: PageText, text: string): Word => {
  const found = words(page).find((w) => w.text === text);
  if (!found) throw new Error(`no word ${text} in ${page.text}`);
  return found;
};

async function expectDocumentError(promise: Promise<unknown>, code: string): Promise<DocumentError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DocumentError);
  expect((error as DocumentError).code).toBe(code);
  return error as DocumentError;
}

describe('openPdf text layer', () => {
  it('gives words and lines in reading order with boxes where the text was drawn', async () => {
    const pdf = await openPdf(await (await makePdf([FORM])).save(), { maxPages: 10 });
    const page = await pdf.textLayer(1);
    await pdf.close();

    expect(page).toMatchObject({ pageNumber: 1, source: 'text-layer', width: 612, height: 792, confidence: 1 });
    // Label and value drawn separately on one baseline form one line.
    expect(page.lines.map((l) => l.text)).toEqual([
      'Uniform Residential Loan Application',
      'Borrower name: Avery Quinlan',
      'Base monthly income $ 7,500.00',
    ]);
    expect(page.text).toBe(page.lines.map((l) => l.text).join('\n'));
    for (const w of words(page)) {
      expect(w.confidence).toBe(1);
      expect(w.bbox.x).toBeGreaterThanOrEqual(0);
      expect(w.bbox.y).toBeGreaterThanOrEqual(0);
      expect(w.bbox.w).toBeGreaterThan(0);
      expect(w.bbox.h).toBeGreaterThan(0);
      expect(w.bbox.x + w.bbox.w).toBeLessThanOrEqual(1);
      expect(w.bbox.y + w.bbox.h).toBeLessThanOrEqual(1);
    }
    // "Avery" starts at x = 300 pt; its baseline is 690 pt from the bottom = 102 pt from the top, inside its box.
    const avery = word(page, 'Avery');
    expect(avery.bbox.x).toBeCloseTo(300 / 612, 3);
    expect(avery.bbox.y).toBeLessThan(102 / 792);
    expect(avery.bbox.y + avery.bbox.h).toBeGreaterThan(102 / 792);
    expect(avery.bbox.h * 792).toBeGreaterThan(8);
    expect(avery.bbox.h * 792).toBeLessThan(16);
    // One text item split into words: left to right, not overlapping, ending where the item ends.
    const line = page.lines[2]!;
    expect(line.words.map((w) => w.text)).toEqual(['Base', 'monthly', 'income', '$', '7,500.00']);
    for (let i = 1; i < line.words.length; i++) {
      expect(line.words[i]!.bbox.x).toBeGreaterThan(line.words[i - 1]!.bbox.x + line.words[i - 1]!.bbox.w);
    }
    const font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
    const end = (72 + font.widthOfTextAtSize('Base monthly income $ 7,500.00', 11)) / 612;
    expect(line.bbox.x + line.bbox.w).toBeCloseTo(end, 3);
    expect(hasUsableTextLayer(page)).toBe(true);
  });

  it('maps boxes through the page rotation (viewport transform)', async () => {
    const pdf = await openPdf(await (await makePdf([FORM], 90)).save(), { maxPages: 10 });
    const page = await pdf.textLayer(1);
    await pdf.close();
    expect([page.width, page.height]).toEqual([792, 612]);
    // Rotated 90 degrees clockwise: PDF (x, y) lands at (y, x) from the top-left, so "Avery" (x = 300) is 300 pt down.
    const avery = word(page, 'Avery');
    expect(avery.bbox.y).toBeCloseTo(300 / 612, 3);
    expect(avery.bbox.x + avery.bbox.w).toBeGreaterThan(690 / 792);
    expect(avery.bbox.x).toBeLessThan(690 / 792);
  });

  it('finds no usable text layer on an image-only page or on a page with a stamp', async () => {
    const doc = await makePdf([[], [['Page 1 of 2', 500, 30, 9]]]);
    const pdf = await openPdf(await doc.save(), { maxPages: 10 });
    const empty = await pdf.textLayer(1);
    const stamp = await pdf.textLayer(2);
    await pdf.close();
    expect(empty.lines).toEqual([]);
    expect(empty.text).toBe('');
    expect(hasUsableTextLayer(empty)).toBe(false);
    expect(stamp.text).toBe('Page 1 of 2');
    expect(hasUsableTextLayer(stamp)).toBe(false);
  });

  it('refuses a page number outside the document', async () => {
    const pdf = await openPdf(await (await makePdf([FORM])).save(), { maxPages: 10 });
    await expect(pdf.textLayer(2)).rejects.toBeInstanceOf(RangeError);
    await pdf.close();
    await pdf.close();
  });
});

describe('openPdf refuses bad documents', () => {
  it('truncated, garbage and empty bytes are CORRUPT_DOCUMENT', async () => {
    const bytes = await (await makePdf([FORM, FORM])).save();
    await expectDocumentError(openPdf(bytes.subarray(0, Math.floor(bytes.length * 0.6)), { maxPages: 10 }), ErrorCodes.CORRUPT_DOCUMENT);
    await expectDocumentError(openPdf(new TextEncoder().encode('<html>not a pdf</html>'.repeat(20)), { maxPages: 10 }), ErrorCodes.CORRUPT_DOCUMENT);
    await expectDocumentError(openPdf(new Uint8Array(0), { maxPages: 10 }), ErrorCodes.CORRUPT_DOCUMENT);
  });

  it('an encrypted PDF that needs a password is CORRUPT_DOCUMENT', async () => {
    const doc = await makePdf([FORM]);
    const ctx = doc.context;
    ctx.trailerInfo.Encrypt = ctx.register(
      ctx.obj({ Filter: 'Standard', V: 1, R: 2, O: PDFHexString.of('11'.repeat(32)), U: PDFHexString.of('22'.repeat(32)), P: -4 }),
    );
    ctx.trailerInfo.ID = ctx.obj([PDFHexString.of('00'.repeat(16)), PDFHexString.of('00'.repeat(16))]);
    const error = await expectDocumentError(openPdf(await doc.save({ useObjectStreams: false }), { maxPages: 10 }), ErrorCodes.CORRUPT_DOCUMENT);
    expect(error.message).toMatch(/encrypted/);
  });

  it('more pages than maxPages is TOO_MANY_PAGES; exactly maxPages opens', async () => {
    const bytes = await (await makePdf([FORM, FORM, FORM])).save();
    await expectDocumentError(openPdf(bytes, { maxPages: 2 }), ErrorCodes.TOO_MANY_PAGES);
    const pdf = await openPdf(bytes, { maxPages: 3 });
    expect(pdf.pageCount).toBe(3);
    await pdf.close();
  });

  it('does not detach the caller’s buffer', async () => {
    const bytes = await (await makePdf([FORM])).save();
    const pdf = await openPdf(bytes, { maxPages: 1 });
    await pdf.close();
    expect(bytes.byteLength).toBeGreaterThan(0);
  });
});

describe('openPdf render', () => {
  it('renders a PNG of the requested DPI, opaque, with the text dark on white', async () => {
    const pdf = await openPdf(await (await makePdf([FORM])).save(), { maxPages: 1 });
    const out = await pdf.render(1, 100, 10_000_000);
    await pdf.close();
    expect([out.width, out.height]).toEqual([850, 1100]);
    const meta = await sharp(out.png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 850, 1100]);
    const stats = await sharp(out.png).stats();
    expect(stats.isOpaque).toBe(true);
    expect(stats.channels[0]!.min).toBeLessThan(60);
    expect(stats.channels[0]!.mean).toBeGreaterThan(240);
    // The title is where the text layer says it is: dark pixels inside its box, none in the empty lower half.
    const region = async (left: number, top: number, width: number, height: number) =>
      (await sharp(await sharp(out.png).extract({ left, top, width, height }).png().toBuffer()).stats()).channels[0]!.min;
    // The title's baseline is 72 pt = 100 px from the top at 100 DPI.
    expect(await region(100, 80, 400, 25)).toBeLessThan(60);
    expect(await region(0, 600, 850, 500)).toBe(255);
  });

  it('lowers the DPI to stay within maxPixels and keeps the aspect ratio', async () => {
    const pdf = await openPdf(await (await makePdf([FORM])).save(), { maxPages: 1 });
    const out = await pdf.render(1, 300, 1_000_000);
    await pdf.close();
    expect(out.width * out.height).toBeLessThanOrEqual(1_000_000);
    expect(out.width * out.height).toBeGreaterThan(950_000);
    expect(out.width / out.height).toBeCloseTo(612 / 792, 2);
    const meta = await sharp(out.png).metadata();
    expect([meta.width, meta.height]).toEqual([out.width, out.height]);
  });

  /** One page of `size` points holding a scan of 1240 x 1612 pixels (letter at 146 DPI) over the whole page. */
  async function scanOn(size: [number, number]): Promise<Uint8Array> {
    const scan = await sharp({ create: { width: 1240, height: 1612, channels: 3, background: '#f4f4f4' } })
      .composite([{ input: { create: { width: 800, height: 40, channels: 3, background: '#101010' } }, left: 200, top: 300 }])
      .png()
      .toBuffer();
    const doc = await PDFDocument.create();
    const image = await doc.embedPng(scan);
    doc.addPage(size).drawImage(image, { x: 0, y: 0, width: size[0], height: size[1] });
    return doc.save();
  }

  it('reads a scan on a page far smaller than paper at the scan\'s own pixels, not at the DPI of its points', async () => {
    const pdf = await openPdf(await scanOn([200, 260]), { maxPages: 1 });
    const out = await pdf.render(1, 200, 50_000_000);
    await pdf.close();
    // 200 DPI of 200 points would be 556 pixels; the scan has 1240.
    expect([out.width, out.height]).toEqual([1240, 1612]);
  });

  it('does not upscale a scan on a page far larger than paper past what a letter page gets at the DPI', async () => {
    const pdf = await openPdf(await scanOn([2480, 3224]), { maxPages: 1 });
    const out = await pdf.render(1, 200, 50_000_000);
    await pdf.close();
    // 200 DPI of 2480 points would be 6889 pixels wide; a letter page at 200 DPI holds 1700 x 2200 pixels.
    expect(out.width * out.height).toBeLessThanOrEqual(1700 * 2200 * 1.01);
    expect(out.width * out.height).toBeGreaterThan(1700 * 2200 * 0.99);
    expect(out.width / out.height).toBeCloseTo(2480 / 3224, 2);
  });

  it('renders a scan on a page of paper size at the DPI asked, whatever its pixels', async () => {
    const pdf = await openPdf(await scanOn([612, 792]), { maxPages: 1 });
    const out = await pdf.render(1, 200, 50_000_000);
    await pdf.close();
    expect([out.width, out.height]).toEqual([1700, 2200]);
  });
});
