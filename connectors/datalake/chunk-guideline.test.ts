import { readFile } from 'node:fs/promises';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { openPdf } from '../../inference/pdf.js';
import { chunkGuideline, chunkingKey, type GuidelineBlock } from './chunk-guideline.js';
import { htmlBlocks } from './html-blocks.js';
import { markdownBlocks } from './markdown-blocks.js';
import { pdfBlocks } from './pdf-blocks.js';

const sample = (name: string) => new URL(`../../guidelines/${name}`, import.meta.url);

async function pdfPages(bytes: Uint8Array) {
  const pdf = await openPdf(bytes, { maxPages: 100 });
  try {
    return await Promise.all(Array.from({ length: pdf.pageCount }, (_, i) => pdf.textLayer(i + 1)));
  } finally {
    await pdf.close();
  }
}

describe('chunkGuideline', () => {
  const h = (level: number, text: string, page?: number): GuidelineBlock => ({ kind: 'heading', level, text, page });
  const t = (text: string, page?: number): GuidelineBlock => ({ kind: 'text', text, page });

  it('makes one chunk per section with the path of headings above it; a lone top heading is the title', () => {
    const { title, chunks } = chunkGuideline([
      h(1, 'Lender Guide'),
      t('Preamble text.'),
      h(2, '4 Income'),
      h(3, '4.2 Pay stubs', 3),
      t('The most recent pay stub must be dated within 30 days of the application.', 3),
      h(3, '4.3 W-2 forms', 4),
      t('Two years of W-2 forms.', 4),
      h(2, '5 Assets'),
      t('Assets intro.', 5),
    ]);
    expect(title).toBe('Lender Guide');
    expect(chunks.map((c) => [c.ordinal, c.sectionPath, c.page])).toEqual([
      [0, 'Lender Guide', null],
      [1, '4 Income > 4.2 Pay stubs', 3],
      [2, '4 Income > 4.3 W-2 forms', 4],
      [3, '5 Assets', 5],
    ]);
    expect(chunks[1]!.content).toBe('The most recent pay stub must be dated within 30 days of the application.');
  });

  it('keeps every heading in the path when there is no single title', () => {
    const { title, chunks } = chunkGuideline([h(1, 'Part A'), t('a'), h(1, 'Part B'), h(2, 'B.1'), t('b')]);
    expect(title).toBeNull();
    expect(chunks.map((c) => c.sectionPath)).toEqual(['Part A', 'Part B > B.1']);
  });

  it('cuts a long section at sentences under the cap, each chunk after the first opening with the previous sentence', () => {
    const sentences = Array.from({ length: 30 }, (_, i) => `Rule ${i} says that the borrower must document item number ${i} in full.`);
    const { chunks } = chunkGuideline([h(2, '9 Long'), t(sentences.slice(0, 15).join(' ')), t(sentences.slice(15).join(' '))], { maxChars: 400, overlapChars: 80 });
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks) {
      expect(c.content.length).toBeLessThanOrEqual(400);
      expect(c.sectionPath).toBe('9 Long');
    }
    for (let i = 1; i < chunks.length; i++) {
      const previousLast = chunks[i - 1]!.content.split(/(?<=\.)\s+/).pop()!;
      expect(chunks[i]!.content.startsWith(previousLast)).toBe(true);
    }
    // Every sentence is in some chunk.
    for (const s of sentences) expect(chunks.some((c) => c.content.includes(s))).toBe(true);
    expect(chunkingKey({ maxChars: 400, overlapChars: 80 })).toBe('headings-v1:400/80');
    expect(() => chunkGuideline([], { maxChars: 50 })).toThrow(RangeError);
  });
});

describe('markdownBlocks', () => {
  it('reads ATX and setext headings, paragraphs, lists, tables and entities; drops inline markup', () => {
    const blocks = markdownBlocks(
      [
        'Guide',
        '=====',
        '',
        '## 3 Document age',
        'Pay stubs: **30 days**, see [section 4.2](#42) &amp; the',
        'table below.',
        '',
        '| Document | Maximum age |',
        '| --- | --- |',
        '| Pay stub | 30 days |',
        '',
        '- first item',
        '- second `item`',
        '',
        '```',
        '# not a heading',
        '```',
      ].join('\n'),
    );
    expect(blocks).toEqual([
      { kind: 'heading', level: 1, text: 'Guide' },
      { kind: 'heading', level: 2, text: '3 Document age' },
      { kind: 'text', text: 'Pay stubs: 30 days, see section 4.2 & the table below.' },
      { kind: 'text', text: 'Document | Maximum age\nPay stub | 30 days' },
      { kind: 'text', text: '- first item\n- second item' },
      { kind: 'text', text: '# not a heading' },
    ]);
  });
});

describe('htmlBlocks', () => {
  it('reads headings, paragraphs, list items and table rows; skips scripts, styles, navigation and footers', () => {
    const { title, blocks } = htmlBlocks(`<!doctype html><html><head><title>Bulletin 7</title><style>p{}</style></head>
      <body><nav><a href="/">Home</a></nav><script>var x = "not text";</script>
      <h1>Bulletin&nbsp;7</h1><p>Applies to <b>all</b>
      loans.</p><h2>O1 Gifts</h2><ul><li>Relatives only</li><li>Signed letter</li></ul>
      <table><tr><th>Item</th><th>Days</th></tr><tr><td>Pay stub</td><td>30</td></tr></table>
      <p>Line one<br>line two</p><footer>Copyright</footer></body></html>`);
    expect(title).toBe('Bulletin 7');
    expect(blocks).toEqual([
      { kind: 'heading', level: 1, text: 'Bulletin 7' },
      { kind: 'text', text: 'Applies to all loans.' },
      { kind: 'heading', level: 2, text: 'O1 Gifts' },
      { kind: 'text', text: '- Relatives only\n- Signed letter' },
      { kind: 'text', text: 'Item | Days\nPay stub | 30' },
      { kind: 'text', text: 'Line one\nline two' },
    ]);
  });
});

describe('pdfBlocks', () => {
  it('finds headings by type size and numbering, drops running headers and page numbers, keeps pages', async () => {
    // [text, y from the bottom, size] per page; a running header on both pages and page numbers at the foot.
    const pages: [string, number, number][][] = [
      [
        ['Acme Policy Manual - confidential', 770, 8],
        ['Acme Policy Manual', 720, 18],
        ['4 Income', 690, 16],
        ['4.2 Pay stubs', 665, 12.5],
        ['The most recent pay stub must be dated', 645, 10],
        ['within 30 days of the application.', 632, 10],
        ['Page 1 of 2', 30, 8],
      ],
      [
        ['Acme Policy Manual - confidential', 770, 8],
        ['4.3 W-2 forms', 720, 12.5],
        ['Two years of W-2 forms are required.', 700, 10],
        ['Page 2 of 2', 30, 8],
      ],
    ];
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    for (const lines of pages) {
      const page = doc.addPage([612, 792]);
      for (const [text, y, size] of lines) page.drawText(text, { x: 72, y, size, font });
    }
    const blocks = pdfBlocks(await pdfPages(await doc.save()));
    expect(blocks).toEqual([
      { kind: 'heading', level: 10, text: 'Acme Policy Manual', page: 1 },
      { kind: 'heading', level: 21, text: '4 Income', page: 1 },
      { kind: 'heading', level: 32, text: '4.2 Pay stubs', page: 1 },
      { kind: 'text', text: 'The most recent pay stub must be dated within 30 days of the application.', page: 1 },
      { kind: 'heading', level: 32, text: '4.3 W-2 forms', page: 2 },
      { kind: 'text', text: 'Two years of W-2 forms are required.', page: 2 },
    ]);
    expect(chunkGuideline(blocks).chunks.map((c) => [c.sectionPath, c.page])).toEqual([
      ['4 Income > 4.2 Pay stubs', 1],
      ['4 Income > 4.3 W-2 forms', 2],
    ]);
  });

  it('reads the sample guide PDF into the same sections and text as its Markdown source', async () => {
    const fromPdf = chunkGuideline(pdfBlocks(await pdfPages(await readFile(sample('pdf/underwriting-guide.pdf')))));
    const fromMarkdown = chunkGuideline(markdownBlocks(await readFile(sample('sample/underwriting-guide.md'), 'utf8')));
    expect(fromPdf.title).toBe(fromMarkdown.title);
    expect(fromPdf.chunks.map((c) => [c.sectionPath, c.content])).toEqual(fromMarkdown.chunks.map((c) => [c.sectionPath, c.content]));
    expect(fromPdf.chunks.find((c) => c.sectionPath === '4 Income > 4.2 Pay stubs')!.page).toBe(3);
  });
});
