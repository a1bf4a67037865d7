import { documentTypeSpec, type DocumentType, type FieldSpec } from '../../core/document-types.js';
import { normalizeDate, normalizeMoney, normalizeSsn, normalizeText, normalizeYear } from '../../core/normalize.js';
import { unionBBox, type Line, type PageText, type Word } from '../../core/page.js';
import type { ExtractedField } from '../../db/packet-repository.js';

export interface Extraction {
  fields: ExtractedField[];
  missingRequiredFields: string[];
}

/** A horizontal gap wider than this (fraction of the page width) ends a value: the next column has begun. */
const COLUMN_GAP = 0.04;
/** How far below a label (fraction of page height) a value may sit when the label's own line has none. */
const BELOW_WINDOW = 0.05;

const NORMALIZERS: Record<FieldSpec['kind'], (text: string) => string | null> = {
  money: normalizeMoney,
  date: normalizeDate,
  ssn: normalizeSsn,
  year: normalizeYear,
  text: normalizeText,
};

/**
 * Baseline anchor extractor: for each field of the document type, find a line holding one of its labels and read
 * the value after the label on that line, or on the line just below it. Every value keeps its page, box, source and
 * the evidence line it came from.
 */
export function extractFields(type: DocumentType, pages: PageText[]): Extraction {
  const spec = documentTypeSpec(type);
  if (!spec) return { fields: [], missingRequiredFields: [] };
  const fields: ExtractedField[] = [];
  for (const field of spec.fields) {
    const found = findField(field, pages);
    if (found) fields.push(found);
  }
  const names = new Set(fields.map((f) => f.name));
  return { fields, missingRequiredFields: spec.fields.filter((f) => f.required && !names.has(f.name)).map((f) => f.name) };
}

function findField(field: FieldSpec, pages: PageText[]): ExtractedField | undefined {
  for (const label of field.labels) {
    for (const page of pages) {
      for (const [i, line] of page.lines.entries()) {
        const words = line.words.length ? line.words : [{ text: line.text, bbox: line.bbox, confidence: line.confidence }];
        const lineText = words.map((w) => w.text).join(' ');
        const match = label.exec(lineText);
        if (!match) continue;
        const after = valueWords(words, match.index + match[0].length);
        const candidates = [after, ...linesBelow(page.lines, i, line).map((l) => valueWords(l.words, 0))];
        for (const valueRun of candidates) {
          const result = toField(field, valueRun, page, lineText);
          if (result) return result;
        }
      }
    }
  }
  return undefined;
}

/** Words starting at character offset `from` of the joined line, up to the first column gap. */
function valueWords(words: Word[], from: number): Word[] {
  const run: Word[] = [];
  let offset = 0;
  for (const w of words) {
    const start = offset;
    offset += w.text.length + 1;
    if (start + w.text.length <= from) continue;
    const prev = run.at(-1);
    if (prev && w.bbox.x - (prev.bbox.x + prev.bbox.w) > COLUMN_GAP) break;
    const cut = Math.max(0, from - start);
    const text = w.text.slice(cut).replace(/^[\s:#.]+/, '');
    if (!text && !run.length) continue;
    run.push({ ...w, text });
  }
  return run;
}

function linesBelow(lines: Line[], index: number, label: Line): Line[] {
  return lines
    .slice(index + 1, index + 3)
    .filter(
      (l) =>
        l.bbox.y > label.bbox.y &&
        l.bbox.y - (label.bbox.y + label.bbox.h) < BELOW_WINDOW &&
        l.bbox.x < label.bbox.x + label.bbox.w &&
        l.bbox.x + l.bbox.w > label.bbox.x,
    );
}

function toField(field: FieldSpec, run: Word[], page: PageText, evidence: string): ExtractedField | undefined {
  if (!run.length) return undefined;
  const value = run.map((w) => w.text).join(' ').trim();
  if (!value) return undefined;
  const normalized = normalizeValue(field, value);
  if (normalized === null) return undefined;
  const confidence = run.reduce((sum, w) => sum + w.confidence, 0) / run.length;
  return {
    name: field.name,
    value,
    normalized,
    confidence: Number(confidence.toFixed(3)),
    page: page.pageNumber,
    bbox: run.map((w) => w.bbox).reduce(unionBBox),
    source: page.source,
    evidence,
  };
}

function normalizeValue(field: FieldSpec, value: string): string | null {
  const normalize = NORMALIZERS[field.kind];
  if (field.take !== 'last' || field.kind === 'text') return normalize(value);
  // Take the last value: try ever-shorter suffixes, so "10/01/2026 - 10/15/2026" gives 2026-10-15.
  const tokens = value.split(/\s+/);
  for (let i = tokens.length - 1; i >= 0; i--) {
    const n = normalize(tokens.slice(i).join(' '));
    if (n !== null) return n;
  }
  return null;
}
