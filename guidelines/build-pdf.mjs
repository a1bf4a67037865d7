#!/usr/bin/env node
// Typesets guidelines/sample/underwriting-guide.md as guidelines/pdf/underwriting-guide.pdf with pdf-lib, the way a
// lender's policy team would publish it: a title, numbered section headings in larger bold type, wrapped body text,
// lists, a table, a running header and "Page N of M" footers (which ingestion must drop). Deterministic: fixed
// metadata dates, so the committed PDF can be checked against its Markdown.
//
//   node guidelines/build-pdf.mjs            write the PDF
//   node guidelines/build-pdf.mjs --check    exit 1 when the committed PDF is not what the Markdown makes
//   node guidelines/build-pdf.mjs --out <file>
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { marked } from 'marked';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SOURCE = path.join(HERE, 'sample', 'underwriting-guide.md');
const TARGET = path.join(HERE, 'pdf', 'underwriting-guide.pdf');

const PAGE = { width: 612, height: 792, margin: 72, bottom: 64 };
const STYLE = {
  title: { size: 18, bold: true, before: 0, after: 10 },
  h2: { size: 14, bold: true, before: 16, after: 6 },
  h3: { size: 11.5, bold: true, before: 10, after: 4 },
  body: { size: 10, bold: false, before: 0, after: 6 },
};
const LEADING = 1.35;
const FIXED_DATE = new Date('2026-01-15T00:00:00Z');

/** Plain text of marked inline tokens; soft breaks become spaces. */
function inline(token) {
  if (token.type === 'br') return ' ';
  if (token.tokens?.length) return token.tokens.map(inline).join('');
  return (token.text ?? '').replace(/&amp;/g, '&').replace(/\s*\n\s*/g, ' ');
}

export async function buildGuidePdf(markdown) {
  const doc = await PDFDocument.create();
  doc.setTitle('Sample Lender Residential Underwriting Guide');
  doc.setAuthor('Sample Lender (fictional)');
  doc.setSubject('Sample underwriting guidelines for Docket tests and demonstrations');
  doc.setProducer('docket guidelines/build-pdf.mjs');
  doc.setCreator('docket guidelines/build-pdf.mjs');
  doc.setCreationDate(FIXED_DATE);
  doc.setModificationDate(FIXED_DATE);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const width = PAGE.width - 2 * PAGE.margin;

  let page;
  let y = 0;
  let runningTitle = '';
  const newPage = () => {
    page = doc.addPage([PAGE.width, PAGE.height]);
    y = PAGE.height - PAGE.margin;
  };
  const wrap = (text, font, size, maxWidth) => {
    const lines = [];
    let line = '';
    for (const word of text.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (line && font.widthOfTextAtSize(candidate, size) > maxWidth) {
        lines.push(line);
        line = word;
      } else line = candidate;
    }
    if (line) lines.push(line);
    return lines;
  };
  /** Draws wrapped text; `keep` extra lines must fit after it on the page (headings keep with their text). */
  const paragraph = (text, style, { indent = 0, keep = 0, firstPrefix = '' } = {}) => {
    const font = style.bold ? bold : regular;
    const lineHeight = style.size * LEADING;
    const lines = wrap(text, font, style.size, width - indent);
    y -= style.before;
    if (y - lineHeight * (Math.min(lines.length, 2) + keep) < PAGE.bottom) newPage();
    lines.forEach((line, i) => {
      if (y - lineHeight < PAGE.bottom) newPage();
      y -= lineHeight;
      if (i === 0 && firstPrefix) page.drawText(firstPrefix, { x: PAGE.margin + indent - 10, y, size: style.size, font });
      page.drawText(line, { x: PAGE.margin + indent, y, size: style.size, font, color: rgb(0, 0, 0) });
    });
    y -= style.after;
  };

  newPage();
  for (const token of marked.lexer(markdown)) {
    if (token.type === 'heading') {
      const text = inline(token);
      if (token.depth === 1) {
        runningTitle = text;
        paragraph(text, STYLE.title);
      } else paragraph(text, token.depth === 2 ? STYLE.h2 : STYLE.h3, { keep: 3 });
    } else if (token.type === 'paragraph') {
      paragraph(inline(token), STYLE.body);
    } else if (token.type === 'list') {
      for (const item of token.items) paragraph(inline(item), { ...STYLE.body, after: 2 }, { indent: 12, firstPrefix: '-' });
      y -= 4;
    } else if (token.type === 'table') {
      const columns = [0, width * 0.6];
      const rows = [token.header, ...token.rows];
      rows.forEach((row, r) => {
        const font = r === 0 ? bold : regular;
        const lineHeight = STYLE.body.size * LEADING;
        if (y - lineHeight < PAGE.bottom) newPage();
        y -= lineHeight;
        row.forEach((cell, c) => page.drawText(inline(cell), { x: PAGE.margin + columns[c], y, size: STYLE.body.size, font }));
      });
      y -= STYLE.body.after;
    }
  }

  const pages = doc.getPages();
  pages.forEach((p, i) => {
    if (i > 0) p.drawText(`${runningTitle} - Version 3.2`, { x: PAGE.margin, y: PAGE.height - 40, size: 8, font: regular, color: rgb(0.3, 0.3, 0.3) });
    const footer = `Page ${i + 1} of ${pages.length}`;
    p.drawText(footer, { x: PAGE.width - PAGE.margin - regular.widthOfTextAtSize(footer, 8), y: 36, size: 8, font: regular, color: rgb(0.3, 0.3, 0.3) });
  });
  return doc.save({ useObjectStreams: false });
}

async function main(argv) {
  const check = argv.includes('--check');
  const outAt = argv.indexOf('--out');
  const out = outAt >= 0 ? path.resolve(argv[outAt + 1]) : TARGET;
  const bytes = await buildGuidePdf(await readFile(SOURCE, 'utf8'));
  if (check) {
    const committed = await readFile(TARGET).catch(() => Buffer.alloc(0));
    if (!Buffer.from(bytes).equals(committed)) {
      process.stderr.write(`${path.relative(process.cwd(), TARGET)} is not what ${path.relative(process.cwd(), SOURCE)} makes: run node guidelines/build-pdf.mjs\n`);
      process.exitCode = 1;
    }
    return;
  }
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, bytes);
  process.stdout.write(`${out} (${bytes.length} bytes)\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`build-pdf: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  });
}
