import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, PDFName, rgb, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import type { FieldKind } from '../../core/document-types.js';
import { normalizeAs } from '../../core/normalize.js';
import type { BBox } from '../../core/page.js';

/**
 * Draws documents with pdf-lib in a top-left coordinate system (points) and records the ground truth of everything
 * that matters as it draws: field values with their boxes, check marks, signatures. Boxes are normalized 0..1 with
 * the origin top-left, the same convention as core/page.ts.
 */

export const LETTER = { w: 612, h: 792 } as const;

export interface TruthField {
  name: string;
  value: string;
  normalized: string;
  /** Page within the file that holds the document (1-based). */
  page: number;
  bbox: BBox;
}

export interface TruthMark {
  name: string;
  checked: boolean;
  page: number;
  bbox: BBox;
}

export interface TruthSignature {
  name: string;
  present: boolean;
  page: number;
  bbox: BBox;
}

export interface TruthTransaction {
  date: string;
  description: string;
  amount: string;
  balance: string;
  page: number;
  bbox: BBox;
}

export type FontName = 'sans' | 'sansBold' | 'serif' | 'serifBold' | 'mono' | 'book' | 'hand' | 'handNeat' | 'handScrawl' | 'monoModern';

const require = createRequire(import.meta.url);
const fontFile = (pkg: string, file: string) => path.join(path.dirname(require.resolve(`@fontsource/${pkg}/package.json`)), 'files', file);

/** Fonts from registry packages: handwriting-style ones for filled-in values and signatures. */
const CUSTOM_FONTS: Partial<Record<FontName, string>> = {
  book: fontFile('source-serif-4', 'source-serif-4-latin-400-normal.woff'),
  hand: fontFile('caveat', 'caveat-latin-400-normal.woff'),
  handNeat: fontFile('reenie-beanie', 'reenie-beanie-latin-400-normal.woff'),
  handScrawl: fontFile('homemade-apple', 'homemade-apple-latin-400-normal.woff'),
  monoModern: fontFile('roboto-mono', 'roboto-mono-latin-400-normal.woff'),
};
const STANDARD: Partial<Record<FontName, StandardFonts>> = {
  sans: StandardFonts.Helvetica,
  sansBold: StandardFonts.HelveticaBold,
  serif: StandardFonts.TimesRoman,
  serifBold: StandardFonts.TimesRomanBold,
  mono: StandardFonts.Courier,
};
const fontBytes = new Map<string, Uint8Array>();

export function normalizeFor(kind: FieldKind, value: string): string {
  const n = normalizeAs(kind, value);
  if (n === null) throw new Error(`generator wrote an unparseable ${kind}: ${value}`);
  return n;
}

export interface TextStyle {
  font?: FontName;
  size?: number;
  color?: [number, number, number];
}

/** One document being drawn: pages, fonts and the truth recorded so far. */
export class DocWriter {
  readonly fields: TruthField[] = [];
  readonly marks: TruthMark[] = [];
  readonly signatures: TruthSignature[] = [];
  readonly transactions: TruthTransaction[] = [];
  private readonly fonts = new Map<FontName, PDFFont>();
  private current?: PDFPage;
  private size: { w: number; h: number } = LETTER;

  private constructor(readonly pdf: PDFDocument) {}

  static async create(): Promise<DocWriter> {
    const pdf = await PDFDocument.create();
    pdf.registerFontkit(fontkit);
    return new DocWriter(pdf);
  }

  get pageNumber(): number {
    return this.pdf.getPageCount();
  }

  newPage(size: { w: number; h: number } = LETTER): void {
    this.size = size;
    this.current = this.pdf.addPage([size.w, size.h]);
  }

  /**
   * Adds page `index` (0-based) of a blank official form as the next page, its fill-in widgets removed: values drawn
   * on it then sit in the page's own text, as a printed and scanned (or "print to PDF") form has them.
   */
  async blankPage(bytes: Uint8Array, index: number): Promise<void> {
    const src = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false });
    src.catalog.delete(PDFName.of('AcroForm'));
    const [page] = await this.pdf.copyPages(src, [index]);
    page!.node.delete(PDFName.of('Annots'));
    this.current = this.pdf.addPage(page!);
    const { width, height } = this.current.getSize();
    this.size = { w: width, h: height };
  }

  private get page(): PDFPage {
    if (!this.current) this.newPage();
    return this.current!;
  }

  async font(name: FontName): Promise<PDFFont> {
    let font = this.fonts.get(name);
    if (font) return font;
    const standard = STANDARD[name];
    if (standard) font = await this.pdf.embedFont(standard);
    else {
      const file = CUSTOM_FONTS[name]!;
      let bytes = fontBytes.get(file);
      if (!bytes) fontBytes.set(file, (bytes = readFileSync(file)));
      font = await this.pdf.embedFont(bytes, { subset: true });
    }
    this.fonts.set(name, font);
    return font;
  }

  async width(text: string, style: TextStyle = {}): Promise<number> {
    return (await this.font(style.font ?? 'sans')).widthOfTextAtSize(text, style.size ?? 10);
  }

  /** Draws text with its baseline at `baseline` points from the top; returns its box (normalized). */
  async text(text: string, x: number, baseline: number, style: TextStyle = {}): Promise<BBox> {
    const font = await this.font(style.font ?? 'sans');
    const size = style.size ?? 10;
    const [r, g, b] = style.color ?? [0.08, 0.08, 0.1];
    this.page.drawText(text, { x, y: this.size.h - baseline, size, font, color: rgb(r, g, b) });
    const w = font.widthOfTextAtSize(text, size);
    // Text off the page would be truth no reader can see: fail the generator instead of writing it.
    if (x < 0 || x + w > this.size.w) throw new Error(`generator bug: text runs off the page at x=${x.toFixed(0)}..${(x + w).toFixed(0)}`);
    return this.box(x, baseline - size * 0.8, w, size);
  }

  /** Draws a field value and records it as truth. */
  async field(name: string, kind: FieldKind, value: string, x: number, baseline: number, style: TextStyle = {}, normalized?: string): Promise<BBox> {
    const bbox = await this.text(value, x, baseline, style);
    this.fields.push({ name, value, normalized: normalized ?? normalizeFor(kind, value), page: this.pageNumber, bbox });
    return bbox;
  }

  /** Records a field drawn as part of a longer run of text (prose) without drawing it again. */
  record(name: string, kind: FieldKind, value: string, bbox: BBox, normalized?: string): void {
    this.fields.push({ name, value, normalized: normalized ?? normalizeFor(kind, value), page: this.pageNumber, bbox });
  }

  rule(x: number, y: number, w: number, thickness = 0.75, gray = 0.2): void {
    this.page.drawLine({ start: { x, y: this.size.h - y }, end: { x: x + w, y: this.size.h - y }, thickness, color: rgb(gray, gray, gray) });
  }

  rect(x: number, y: number, w: number, h: number, options: { fill?: [number, number, number]; border?: number } = {}): void {
    this.page.drawRectangle({
      x,
      y: this.size.h - y - h,
      width: w,
      height: h,
      color: options.fill ? rgb(...options.fill) : undefined,
      borderColor: options.border === undefined ? undefined : rgb(0.25, 0.25, 0.25),
      borderWidth: options.border,
    });
  }

  /** A check box, ticked with an X when `checked`; recorded as a mark. */
  checkbox(name: string, checked: boolean, x: number, y: number, side = 9): void {
    this.rect(x, y, side, side, { border: 0.8 });
    if (checked) {
      const top = this.size.h - y;
      this.page.drawLine({ start: { x: x + 1.5, y: top - 1.5 }, end: { x: x + side - 1.5, y: top - side + 1.5 }, thickness: 1.3 });
      this.page.drawLine({ start: { x: x + 1.5, y: top - side + 1.5 }, end: { x: x + side - 1.5, y: top - 1.5 }, thickness: 1.3 });
    }
    this.marks.push({ name, checked, page: this.pageNumber, bbox: this.box(x, y, side, side) });
  }

  /** A signature line with, when `signer` is given, a handwritten signature on it; recorded either way. */
  async signature(name: string, signer: string | undefined, x: number, baseline: number, width: number, font: FontName = 'handScrawl'): Promise<void> {
    this.rule(x, baseline + 3, width);
    if (signer) await this.text(signer, x + 6, baseline, { font, size: 15, color: [0.1, 0.12, 0.35] });
    this.signatures.push({ name, present: Boolean(signer), page: this.pageNumber, bbox: this.box(x, baseline - 18, width, 22) });
  }

  box(x: number, y: number, w: number, h: number): BBox {
    const r = (v: number) => Number(v.toFixed(5));
    return { x: r(x / this.size.w), y: r(y / this.size.h), w: r(w / this.size.w), h: r(h / this.size.h) };
  }

  async save(): Promise<Uint8Array> {
    return savePdf(this.pdf);
  }
}

/** Fixed metadata so the same drawing gives the same bytes. */
export async function savePdf(pdf: PDFDocument): Promise<Uint8Array> {
  const epoch = new Date(Date.UTC(2026, 0, 1));
  pdf.setCreationDate(epoch);
  pdf.setModificationDate(epoch);
  pdf.setProducer('docket-evals');
  pdf.setCreator('docket-evals');
  return pdf.save({ useObjectStreams: false });
}
