import { PDFDocument, StandardFonts } from 'pdf-lib';
import { openPdf } from '../pdf.js';

/**
 * For the OCR pool tests: lines of 16 pt Helvetica on a page of `size` points, rendered to PNG at `dpi` the way the
 * read path renders scanned PDF pages; also the page's text layer, to compare OCR boxes with.
 */
export async function renderPdfTextPage(lines: string[], size: [number, number] = [612, 792], dpi = 200) {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage(size);
  lines.forEach((text, i) => page.drawText(text, { x: 36, y: size[1] - 60 - i * 30, size: 16, font }));
  const pdf = await openPdf(await doc.save(), { maxPages: 1 });
  try {
    return { ...(await pdf.render(1, dpi, 50_000_000)), layer: await pdf.textLayer(1) };
  } finally {
    await pdf.close();
  }
}
