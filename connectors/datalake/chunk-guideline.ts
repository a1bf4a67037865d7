/**
 * Splits a guideline document into retrieval chunks along its headings. Every parser (Markdown, HTML, PDF) reduces
 * its document to the same blocks: headings with a level, and text paragraphs, each with a page when the source
 * has pages. A chunk is the text under one heading, with the path of headings above it ("4 Income > 4.2 Pay stubs");
 * a section longer than the size cap is cut at sentence boundaries into several chunks that overlap a little, so a
 * rule cut in two is still whole in one of them.
 */

export type GuidelineBlock =
  | { kind: 'heading'; level: number; text: string; page?: number }
  | { kind: 'text'; text: string; page?: number };

export interface GuidelineChunk {
  ordinal: number;
  sectionPath: string;
  page: number | null;
  content: string;
}

export interface ChunkingOptions {
  /** Most characters in a chunk (default 1200, about 250 tokens: well inside bge's 512-token window). */
  maxChars?: number;
  /** Characters of whole sentences repeated from the end of the previous chunk of the same section (default 150). */
  overlapChars?: number;
}

/** Bump when the chunker's output changes, so unchanged files are re-chunked on the next ingestion. */
export const CHUNKER_VERSION = 'headings-v1';

/** The chunking recorded with each source: version and limits. */
export function chunkingKey(options: ChunkingOptions = {}): string {
  const { maxChars, overlapChars } = withDefaults(options);
  return `${CHUNKER_VERSION}:${maxChars}/${overlapChars}`;
}

export const SECTION_SEPARATOR = ' > ';

export function chunkGuideline(blocks: GuidelineBlock[], options: ChunkingOptions = {}): { title: string | null; chunks: GuidelineChunk[] } {
  const { maxChars, overlapChars } = withDefaults(options);
  const headings = blocks.filter((b) => b.kind === 'heading');
  // A first heading alone at the top level is the document's title, not a section: "4 Income > 4.2 Pay stubs"
  // rather than "Sample Lender Guide > 4 Income > 4.2 Pay stubs".
  const first = headings[0];
  const isTitle = first !== undefined && headings.slice(1).every((h) => h.level > first.level);
  const title = isTitle ? clean(first.text) : null;

  const chunks: GuidelineChunk[] = [];
  const stack: { level: number; text: string }[] = [];
  let paragraphs: { text: string; page: number | null }[] = [];
  const flush = () => {
    const path = stack.map((h) => h.text).join(SECTION_SEPARATOR) || title || '';
    for (const piece of splitSection(paragraphs, maxChars, overlapChars)) {
      chunks.push({ ordinal: chunks.length, sectionPath: path, page: piece.page, content: piece.content });
    }
    paragraphs = [];
  };
  for (const block of blocks) {
    if (block.kind === 'heading') {
      if (isTitle && block === first) continue;
      flush();
      while (stack.length && stack[stack.length - 1]!.level >= block.level) stack.pop();
      stack.push({ level: block.level, text: clean(block.text) });
    } else {
      const text = clean(block.text, true);
      if (text) paragraphs.push({ text, page: block.page ?? null });
    }
  }
  flush();
  return { title, chunks };
}

interface Unit {
  text: string;
  page: number | null;
  /** First unit of a paragraph: joined to the previous one with a blank line rather than a space. */
  paragraphStart: boolean;
}

/** Packs a section's sentences greedily into chunks of at most maxChars, each after the first with an overlap. */
function splitSection(paragraphs: { text: string; page: number | null }[], maxChars: number, overlapChars: number): { content: string; page: number | null }[] {
  const units: Unit[] = [];
  for (const p of paragraphs) {
    const pieces = p.text.length <= maxChars ? [p.text] : sentences(p.text).flatMap((s) => hardWrap(s, maxChars));
    pieces.forEach((text, i) => units.push({ text, page: p.page, paragraphStart: i === 0 }));
  }
  const out: { content: string; page: number | null }[] = [];
  let start = 0;
  while (start < units.length) {
    let end = start;
    let size = 0;
    while (end < units.length && (end === start || size + 2 + units[end]!.text.length <= maxChars)) {
      size += (end === start ? 0 : 2) + units[end]!.text.length;
      end++;
    }
    out.push({ content: join(units.slice(start, end)), page: units[start]!.page });
    if (end >= units.length) break;
    // Overlap: the last whole sentences of this chunk, up to overlapChars, open the next; always move forward.
    let next = end;
    let overlap = 0;
    while (next - 1 > start && overlap + units[next - 1]!.text.length <= overlapChars) {
      overlap += units[next - 1]!.text.length;
      next--;
    }
    start = next;
  }
  return out;
}

function join(units: Unit[]): string {
  return units.map((u, i) => (i === 0 ? '' : u.paragraphStart ? '\n\n' : ' ') + u.text).join('');
}

/** Sentence ends: . ! ? followed by space and a capital, digit or opening mark; not after common abbreviations. */
function sentences(text: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (const m of text.matchAll(/[.!?]["')\]]?\s+(?=[A-Z0-9"'(])/g)) {
    const before = text.slice(Math.max(from, m.index - 5), m.index + 1);
    if (/\b(?:e\.g|i\.e|Inc|Corp|Jr|Sr|No|St|Mr|Ms|Mrs|Dr|vs)\.$/.test(before)) continue;
    out.push(text.slice(from, m.index + m[0].length).trim());
    from = m.index + m[0].length;
  }
  if (from < text.length) out.push(text.slice(from).trim());
  return out.filter(Boolean);
}

/** A sentence longer than the cap is cut at spaces (or anywhere, for a space-less run). */
function hardWrap(text: string, maxChars: number): string[] {
  if (text.length <= maxChars) return [text];
  const out: string[] = [];
  let rest = text;
  while (rest.length > maxChars) {
    const cut = rest.lastIndexOf(' ', maxChars);
    const at = cut > maxChars / 2 ? cut : maxChars;
    out.push(rest.slice(0, at).trim());
    rest = rest.slice(at).trim();
  }
  if (rest) out.push(rest);
  return out;
}

/** Collapses whitespace; `keepLines` keeps single line breaks (lists, tables) but not runs of blank lines. */
function clean(text: string, keepLines = false): string {
  if (!keepLines) return text.replace(/\s+/g, ' ').trim();
  return text
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

function withDefaults(options: ChunkingOptions): Required<ChunkingOptions> {
  const maxChars = options.maxChars ?? 1200;
  const overlapChars = options.overlapChars ?? 150;
  if (!(maxChars >= 100) || !(overlapChars >= 0) || overlapChars >= maxChars / 2) {
    throw new RangeError(`chunking needs maxChars >= 100 and 0 <= overlapChars < maxChars / 2 (got ${maxChars}, ${overlapChars})`);
  }
  return { maxChars, overlapChars };
}
