import { EXTRACTION_DIGIT_LETTERS, OCR_DIGIT_LETTERS } from '../core/ocr-confusions.js';
import { ADDRESS_PARTS_ROW, ADDRESS_SHAPE, COMMON_FORM_LABELS, DOCUMENT_TYPE_SPECS, LAST_NAME_COLUMN, MALFORMED, MASKED, NAME_SHAPE, ORGANIZATION_WORD, documentTypeSpec, type DocumentType, type FieldSpec } from '../core/document-types.js';
import { normalizeAs, possibleYear } from '../core/normalize.js';
import { editDistance } from '../core/rules/text-match.js';
import { unionBBox, wordsInSpan, type BBox, type Line, type PageText, type Word } from '../core/page.js';
import type { ExtractedField } from '../db/packet-repository.js';
import { findAddressBlocks } from './address-blocks.js';
import { COLUMN_GAP, splitRuns, wordsOf } from './line-runs.js';
import { readMrz, type MrzReading } from './read-mrz.js';

export interface Extraction {
  fields: ExtractedField[];
  missingRequiredFields: string[];
}

/** How far below a label (fraction of page height) a value may sit when the label's own line has none. */
const BELOW_WINDOW = 0.05;
/** A value below its label starts at most this far left of the label (boxed forms indent values a little). */
const ALIGN_LEFT = 0.012;
/** Confidence factors by where the value was found: beside its label, under it, or in prose. */
const PLACEMENT = { beside: 1, below: 0.95, prose: 0.9, shape: 0.75 } as const;

/**
 * The types whose field labels are the shared form vocabulary: the six Docket was first built and tuned on. The
 * catalog's later types bring broad labels of their own ("payer", "lender", "date") that would make values read as
 * labels on every form; they find their fields by their own labels and leave this set alone.
 */
const VOCABULARY_TYPES: ReadonlySet<string> = new Set(['urla_1003', 'w2', 'pay_stub', 'bank_statement', 'id_card', 'voe_letter']);
/** Every label of the shared vocabulary, of fields and of the forms around them: text starting with one is not a value. */
const KNOWN_LABELS: readonly RegExp[] = [
  ...COMMON_FORM_LABELS,
  ...DOCUMENT_TYPE_SPECS.filter((s) => VOCABULARY_TYPES.has(s.type)).flatMap((s) => s.fields.flatMap((f) => f.labels)),
];
/** A box's letter or number alone ("b", "12a"), printed this close before its label (fraction of the page width). */
const BOX_MARK = /^(?:[a-f]|\d{1,2}[a-d]?)$/i;
const BOX_MARK_GAP = 0.02;
/** Box numbers and letters printed before labels on tax forms ("1 Wages, tips...", "c Employer's name"). */
const BOX_PREFIX = /^(?:box\s+)?(?:[a-f]|\d{1,2}[a-z]?)\s+/i;

/**
 * Anchor extractor, key-value geometry: for each field of the document type, find a line holding one of its
 * labels and read the value beside it (same line, up to the next column; past the rest of a long label; at the end of
 * dot leaders; under the column header or in the section its row belongs to) or under it (the nearest line below with
 * words starting under the label, once a label running onto more lines has ended; a name or address printed over
 * several boxes read whole): the ways forms put values. Words that are themselves a label are never a value, which is
 * what tells a row of labels (values below) from label-value lines. Letters are read by the field's prose patterns;
 * what no label leads to, by its shape (mailing blocks, a year alone, an ID's lines). Every value keeps its page, box,
 * source, confidence and the evidence line it came from.
 */
export function extractFields(type: DocumentType, pageTexts: PageText[]): Extraction {
  const spec = documentTypeSpec(type);
  if (!spec) return { fields: [], missingRequiredFields: [] };
  const pages = pageTexts.map(withoutSpecks);
  const fields: ExtractedField[] = [];
  // The type's own labels (its fields' and its form's other printed labels) are labels too, never values.
  const ownLabels = [...spec.fields.flatMap((f) => f.labels), ...(spec.formLabels ?? [])];
  const mrz = spec.fields.some((f) => f.mrz) ? readMrz(pages) : undefined;
  for (const field of spec.fields) {
    const found = fromMrz(field, mrz, pages) ?? findInProse(field, pages) ?? findByLabel(field, pages, ownLabels);
    if (found) fields.push(found);
  }
  // Fields no label led to, recognised by their shape, among the words no other field took.
  for (const field of spec.fields) {
    if (!field.byShape || fields.some((f) => f.name === field.name)) continue;
    const found = findByShape(field, field.byShape, pages, fields);
    if (found) fields.push(found);
  }
  const names = new Set(fields.map((f) => f.name));
  return { fields, missingRequiredFields: spec.fields.filter((f) => f.required && !names.has(f.name)).map((f) => f.name) };
}

/** An OCR word read this unsure and this short is a speck, a rule or a box edge, not print ("C w ©" beside a label). */
const SPECK_CONFIDENCE = 0.35;
const SPECK_MAX_CHARS = 2;
export const isSpeck = (w: Word): boolean => w.confidence < SPECK_CONFIDENCE && w.text.replace(/[^A-Za-z0-9]/g, '').length <= SPECK_MAX_CHARS;

/** Words with fewer than two letters or digits in all (a stray mark, one character) hold no value and begin no column. */
const holdsNoText = (words: readonly Word[]): boolean => words.map((w) => w.text).join('').replace(/[^A-Za-z0-9]/g, '').length < 2;

/**
 * An OCR page without its specks: tesseract reads dust and form rules as one- or two-character words of near-zero
 * confidence, and one of them beside a label is taken for the value ("Borrower Name Lo") or for the next column's
 * start, which cuts the value below short ("9711 Harbor View"). Text-layer pages are returned as they are.
 */
export function withoutSpecks(page: PageText): PageText {
  if (page.source !== 'ocr') return page;
  const lines: Line[] = [];
  for (const line of page.lines) {
    if (!line.words.length) {
      lines.push(line);
      continue;
    }
    const words = line.words.filter((w) => !isSpeck(w));
    if (words.length === line.words.length) lines.push(line);
    else if (words.length) lines.push({ ...line, words, text: words.map((w) => w.text).join(' '), bbox: words.map((w) => w.bbox).reduce(unionBBox) });
  }
  return { ...page, lines, text: lines.map((l) => l.text).join('\n') };
}

function findByLabel(field: FieldSpec, pages: PageText[], ownLabels: readonly RegExp[]): ExtractedField | undefined {
  // Labels as printed first; only then, on OCR pages, labels one letter off (nearLabel), so a near miss never wins
  // over the label itself elsewhere on the document.
  for (const near of [false, true]) {
    const found = findByLabelPass(field, pages, near, ownLabels);
    if (found) return found;
  }
  return undefined;
}

function findByLabelPass(field: FieldSpec, pages: PageText[], near: boolean, ownLabels: readonly RegExp[]): ExtractedField | undefined {
  // A number printed masked ("XXXXXX6918") is read only when the document prints it whole nowhere else.
  let masked: ExtractedField | undefined;
  const found = (result: ExtractedField) => {
    if (!MASKED.test(result.value)) return true;
    masked ??= result;
    return false;
  };
  for (const label of field.labels) {
    for (const page of pages) {
      if (near && page.source !== 'ocr') continue;
      for (const line of page.lines) {
        const words = wordsOf(line);
        const lineText = words.map((w) => w.text).join(' ');
        // Accents and curly quotes on printed labels ("PAYER’S name", in OCR and text layers alike) are not misreadings
        // to give up on (same length, so the match's offsets still point into the words).
        const match = near
          ? nearLabel(label, respell(lineText))
          : (label.exec(lineText) ?? label.exec(respell(lineText)) ?? (page.source === 'ocr' ? runTogether(label).exec(respell(lineText)) : null));
        if (!match) continue;
        const end = match.index + match[0].length;
        const labelWords = wordsInSpan(words, match.index, end);
        if (!labelWords.length) continue;
        // A box's letter or number printed before its label ("b Employer identification number") belongs to the label:
        // the value below may start under it.
        const before = words[words.indexOf(labelWords[0]!) - 1];
        const boxed = before && BOX_MARK.test(before.text) && labelWords[0]!.bbox.x - (before.bbox.x + before.bbox.w) < BOX_MARK_GAP ? [before, ...labelWords] : labelWords;
        const labelBox = boxed.map((w) => w.bbox).reduce(unionBBox);
        const after = wordsAfter(words, end);
        const runs = splitRuns(after);
        const candidates: [Word[], number][] = [];
        const ocr = page.source === 'ocr';
        if (field.column) {
          // A table row: the value is the one under the field's column header, when a header above names it.
          const under = wordsUnderHeader(field.column.header, page.lines, line, after);
          if (under) {
            const result = toField(field, under, page, lineText, PLACEMENT.beside);
            if (result && found(result)) return result;
            continue;
          }
          // A label naming its column ("Gross Pay (YTD)") says it itself; others go by the section they are in.
          const named = field.column.header.test(match[0]) || (field.column.other?.test(match[0]) ?? false);
          const section = named ? undefined : sectionHeading(field, page.lines, line);
          if (section === 'other') continue;
          if (section !== 'this' && field.column.withoutHeader === 'none' && !field.column.header.test(match[0])) continue;
        }
        // A label followed by dot leaders ("Wages, salaries, tips . . . . 1 526,918.") has its value where they end.
        const led = valueAfterLeaders(words.slice(words.indexOf(labelWords.at(-1)!) + 1));
        if (led) candidates.push([led, PLACEMENT.beside]);
        else if (runs[0] && !isLabel(runs[0], ocr, ownLabels)) {
          // The rest of a long label right after it ("(First, Middle, Last, Suffix)", "on April 01, 2016") is no
          // value. An amount or a date across a gap after it is ("Beginning balance on April 01, 2016   $48,993.43");
          // text there is another box's ("OMB No. 1545-0112" beside "PAYER'S name, street address, ...").
          const rest = restOfLabel(runs[0], labelBox);
          const beside = !rest ? runs[0] : field.kind !== 'text' ? runs[1] : undefined;
          if (beside && !isLabel(beside, ocr, ownLabels)) candidates.push([withAddressParts(field, beside, runs), PLACEMENT.beside]);
        }
        // Years stand apart in large type on form titles ("Form W-2 ... 2025"): any later run may hold one.
        if (field.kind === 'year') for (const run of runs.slice(1)) if (!isLabel(run, ocr, ownLabels)) candidates.push([run, PLACEMENT.beside]);
        // Under a row of labels, a value ends where the next label's column begins; a stray mark or one character
        // after the label ("Current Address -", "Current Address 2") begins none.
        // The rest of a long label printed right after it (", street address, city or town") begins no column.
        const nextColumn = runs.find((run, i) => !holdsNoText(run) && !(i === 0 && restOfLabel(run, labelBox)));
        const labelRun = (run: Word[]) => isLabel(run, ocr, ownLabels);
        const below = valueBelow(page.lines, line, labelBox, nextColumn?.[0]?.bbox.x ?? Infinity, labelRun);
        if (below && !isLabel(below, ocr, ownLabels)) {
          const whole = below.concat(lastNameBelow(field, page.lines, line, runs, nextColumn, labelRun) ?? []);
          candidates.push([withAddressParts(field, whole, belowLineRuns(page.lines, below, nextColumn?.[0]?.bbox.x ?? Infinity)), PLACEMENT.below]);
        }
        for (const [run, placement] of candidates) {
          const result = toField(field, run, page, lineText, placement);
          if (result && found(result)) return result;
        }
      }
    }
  }
  return masked;
}

/** A field the machine-readable zone holds, checked by its check digit (read-mrz.ts): as sure as a printed label. */
function fromMrz(field: FieldSpec, mrz: MrzReading | undefined, pages: PageText[]): ExtractedField | undefined {
  const value = field.mrz && mrz?.[field.mrz];
  if (!value || !mrz) return undefined;
  const page = pages.find((p) => p.pageNumber === mrz.page)!;
  const line = page.lines[field.mrz === 'name' ? mrz.nameLine! : mrz.line]!;
  const normalized = normalizeValue(field, value);
  if (normalized === null || (field.validate && !field.validate.test(normalized))) return undefined;
  return { name: field.name, value, normalized, confidence: 0.95, page: page.pageNumber, bbox: line.bbox, source: page.source, evidence: line.text };
}

/** Values in running text: the field's patterns over each page's words, the value's box from the words it covers. */
function findInProse(field: FieldSpec, pages: PageText[]): ExtractedField | undefined {
  for (const pattern of field.patterns ?? []) {
    const re = new RegExp(pattern.source, pattern.flags.includes('d') ? pattern.flags : `${pattern.flags}d`);
    for (const page of pages) {
      const words = page.lines.flatMap(wordsOf);
      const text = words.map((w) => w.text).join(' ');
      const m = re.exec(text);
      const span = m?.indices?.groups?.value;
      if (!m || !span) continue;
      const run = wordsInSpan(words, span[0], span[1]);
      const value = m.groups!.value!;
      const result = toField(field, run.length ? run : [], page, m[0], PLACEMENT.prose, value);
      if (result) return result;
    }
  }
  return undefined;
}

/** A value by its shape alone (FieldSpec.byShape): one unique match, or the earliest or latest date. */
function findByShape(field: FieldSpec, shape: NonNullable<FieldSpec['byShape']>, pages: PageText[], taken: ExtractedField[]): ExtractedField | undefined {
  const free = (page: PageText, w: Word) => !taken.some((f) => f.page === page.pageNumber && overlaps(f.bbox, w.bbox));
  if ('line' in shape) return findLineByShape(field, shape.line, pages, free);
  if ('block' in shape) return fromAddressBlock(field, shape, pages, free);
  const found: { page: PageText; line: Line; word: Word; normalized: string }[] = [];
  for (const page of pages) {
    for (const line of page.lines) {
      for (const word of wordsOf(line)) {
        const text = word.text.replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
        if (!text || !free(page, word)) continue;
        if ('pattern' in shape) {
          if (shape.pattern.test(text)) found.push({ page, line, word: { ...word, text }, normalized: text });
        } else {
          const date = normalizeAs('date', text);
          if (date && /^\d{4}-\d{2}-\d{2}$/.test(date)) found.push({ page, line, word: { ...word, text }, normalized: date });
        }
      }
    }
  }
  const distinct = [...new Set(found.map((f) => f.normalized))].sort();
  let pick: string | undefined;
  if ('pattern' in shape) pick = distinct.length === 1 ? distinct[0] : undefined;
  else if (distinct.length >= 2) pick = shape.dateRank === 'earliest' ? distinct[0] : distinct.at(-1);
  const hit = pick === undefined ? undefined : found.find((f) => f.normalized === pick);
  return hit && toField(field, [hit.word], hit.page, hit.line.words.map((w) => w.text).join(' ') || hit.line.text, PLACEMENT.shape);
}

/** byShape `block`: the name or address of the one mailing block of a person or of an organisation (address-blocks.ts). */
function fromAddressBlock(
  field: FieldSpec,
  shape: { block: 'name' | 'address'; of: 'person' | 'organization' },
  pages: PageText[],
  free: (page: PageText, w: Word) => boolean,
): ExtractedField | undefined {
  const blocks = findAddressBlocks(pages).filter((b) => ORGANIZATION_WORD.test(b.name) === (shape.of === 'organization') && (shape.of === 'organization' || NAME_SHAPE.test(b.name)));
  if (new Set(blocks.map((b) => b.name.toLowerCase())).size !== 1) return undefined;
  const block = blocks[0]!;
  const page = pages.find((p) => p.pageNumber === block.page)!;
  const words = shape.block === 'name' ? block.nameWords : block.addressWords;
  if (!words.every((w) => free(page, w))) return undefined;
  return toField(field, words, page, block.evidence, PLACEMENT.shape, shape.block === 'name' ? undefined : block.address);
}

/** byShape `line`: the one distinct value of the lines matching whole, among words no other field took. */
function findLineByShape(field: FieldSpec, shape: RegExp, pages: PageText[], free: (page: PageText, w: Word) => boolean): ExtractedField | undefined {
  const re = new RegExp(shape.source, shape.flags.includes('d') ? shape.flags : `${shape.flags}d`);
  const found: { page: PageText; lineText: string; run: Word[]; value: string }[] = [];
  for (const page of pages) {
    for (const line of page.lines) {
      const words = wordsOf(line);
      const lineText = words.map((w) => w.text).join(' ');
      const span = re.exec(lineText)?.indices?.groups?.value;
      if (!span) continue;
      const run = wordsInSpan(words, span[0], span[1]);
      if (run.length && run.every((w) => free(page, w))) found.push({ page, lineText, run, value: lineText.slice(span[0], span[1]) });
    }
  }
  if (new Set(found.map((f) => f.value)).size !== 1) return undefined;
  const hit = found[0]!;
  return toField(field, hit.run, hit.page, hit.lineText, PLACEMENT.shape, hit.value);
}

function overlaps(a: BBox, b: BBox): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** Words after character `from`; a word the label ends inside keeps its remainder ("Employer:Northwind"). */
function wordsAfter(words: Word[], from: number): Word[] {
  const out: Word[] = [];
  let offset = 0;
  for (const w of words) {
    const start = offset;
    offset += w.text.length + 1;
    if (start + w.text.length <= from) continue;
    const text = w.text.slice(Math.max(0, from - start)).replace(/^[\s:#.]+/, '');
    if (!text && !out.length) continue;
    out.push({ ...w, text });
  }
  return out;
}

/**
 * The nearest line below the label with a word starting under it, read from that word to the next column gap or
 * to `endX`, where the next column starts.
 */
function valueBelow(lines: Line[], labelLine: Line, label: BBox, endX: number, isLabelRun: (run: Word[]) => boolean): Word[] | undefined {
  const top = label.y + label.h * 0.5;
  // Placed by the word under the label, not by the line's box: on a turned scan a line's far end rides higher or
  // lower than its start, and its box's top is that end's.
  const under = (w: Word) => w.bbox.x >= label.x - ALIGN_LEFT && w.bbox.x < label.x + Math.max(label.w, 0.02);
  const candidates = lines
    .filter((l) => l !== labelLine)
    .flatMap((line) => {
      const words = wordsOf(line);
      const first = words.findIndex(under);
      const y = words[first]?.bbox.y;
      return y !== undefined && y > top && y - (label.y + label.h) < BELOW_WINDOW ? [{ words, first, y }] : [];
    })
    .sort((a, b) => a.y - b.y);
  // The bottom of the label as printed: a label that runs onto the next lines ("or foreign postal code, and
  // telephone no.") ends where its last line does, and the value is under that.
  let labelBottom = label.y + label.h;
  for (const { words, first, y } of candidates) {
    const run = splitRuns(words.slice(first).filter((w) => w.bbox.x < endX - ALIGN_LEFT))[0];
    // A line of stray marks (an underline OCR read as "i") is not the value: look further down.
    if (!run || holdsNoText(run)) continue;
    const height = Math.max(...run.map((w) => w.bbox.h));
    if (y - labelBottom < height * LABEL_LEADING && continuesLabel(run, isLabelRun, words.slice(first))) {
      labelBottom = Math.max(labelBottom, y + height);
      continue;
    }
    return run;
  }
  return undefined;
}

/**
 * A person's name printed in two boxes, "Employee's first name and initial | Last name" (W-2, Form 1040): the words
 * under the "Last name" column that follows the label on its line, to be read after the first name.
 */
function lastNameBelow(field: FieldSpec, lines: Line[], labelLine: Line, runs: Word[][], nextColumn: Word[] | undefined, labelRun: (run: Word[]) => boolean): Word[] | undefined {
  if (field.role !== 'person_name' && field.role !== 'co_person_name') return undefined;
  if (!nextColumn || !LAST_NAME_COLUMN.test(nextColumn.map((w) => w.text).join(' '))) return undefined;
  const words = nextColumn.slice(0, 2);
  const box = words.map((w) => w.bbox).reduce(unionBBox);
  // The last-name column ends where the label line's next column (a "Suff." box) begins.
  const after = runs[runs.indexOf(nextColumn) + 1] ?? (nextColumn.length > 2 ? nextColumn.slice(2) : undefined);
  const last = valueBelow(lines, labelLine, box, after?.[0]?.bbox.x ?? Infinity, labelRun);
  return last && !labelRun(last) ? last : undefined;
}

/**
 * The section a table row sits in, by the nearest heading above it that names a column without lining up with the
 * row's values ("Year to Date Information" over "Gross Pay 60,000.00"): 'this' for the field's own column, 'other' for
 * the other period's; undefined when no such heading is within HEADER_WINDOW.
 */
function sectionHeading(field: FieldSpec, lines: Line[], row: Line): 'this' | 'other' | undefined {
  const column = field.column!;
  // A heading holds no figures and is no row of this field's own ("Gross Pay (Current)" two rows up is no heading).
  const above = linesAbove(lines, row).filter((l) => !/\d/.test(l.text) && !field.labels.some((label) => label.test(l.text)));
  for (const line of above) {
    const mine = column.header.test(line.text);
    const theirs = column.other?.test(line.text) ?? false;
    if (mine !== theirs) return mine ? 'this' : 'other';
  }
  return undefined;
}

/** How far above a table row (fraction of the page height) its column headers may be. */
const HEADER_WINDOW = 0.35;
/** Slack when lining a value up under its column header (fraction of the page width). */
const HEADER_SLACK = 0.005;

/** The lines above a table row within HEADER_WINDOW, nearest first: where its headers and section headings are. */
function linesAbove(lines: Line[], row: Line): Line[] {
  return lines
    .filter((l) => l !== row && l.bbox.y + l.bbox.h <= row.bbox.y + row.bbox.h * 0.5 && row.bbox.y - l.bbox.y < HEADER_WINDOW)
    .sort((a, b) => b.bbox.y - a.bbox.y);
}

/**
 * The words of a table row (after its label) that sit under a column header matching `header`, on the nearest line
 * above that has such a header with words of the row under it. Undefined when no header above lines up with the row.
 */
function wordsUnderHeader(header: RegExp, lines: Line[], row: Line, after: Word[]): Word[] | undefined {
  const re = new RegExp(header.source, header.flags.includes('g') ? header.flags : `${header.flags}g`);
  for (const line of linesAbove(lines, row)) {
    const words = wordsOf(line);
    const text = words.map((w) => w.text).join(' ');
    for (const m of text.matchAll(re)) {
      const heading = wordsInSpan(words, m.index, m.index + m[0].length);
      if (!heading.length) continue;
      const box = heading.map((w) => w.bbox).reduce(unionBBox);
      const under = after.filter((w) => w.bbox.x < box.x + box.w + HEADER_SLACK && box.x - HEADER_SLACK < w.bbox.x + w.bbox.w);
      if (under.some(hasAlnum)) return under;
    }
  }
  return undefined;
}

/** Dot leaders: words of dots only, this many at least in a row after a label. */
const MIN_LEADERS = 3;
/** A form's line number printed again before the amount ("1", "7b", "11a"), or a stray arrow read as a letter. */
const LINE_NUMBER = /^(?:\d{1,2}[a-z]?|[a-z])$/i;

/**
 * The value a row of dot leaders leads to, as tax forms and statements print it ("This is your total income . . . .
 * 7b 529,351."): the words after the last leader, without the line's number repeated before the amount. Undefined
 * when the words hold no leaders.
 */
function valueAfterLeaders(words: Word[]): Word[] | undefined {
  const isLeader = (w: Word) => /^[.\u2026\u00b7]+$/.test(w.text);
  const leaders = words.filter(isLeader).length;
  if (leaders < MIN_LEADERS) return undefined;
  const last = words.findLastIndex(isLeader);
  const rest = words.slice(last + 1);
  while (rest.length > 1 && LINE_NUMBER.test(rest[0]!.text)) rest.shift();
  return rest.some(hasAlnum) ? rest : undefined;
}

/** The runs of the line `run` is on, from `run` on, up to `endX`. */
function belowLineRuns(lines: Line[], run: Word[], endX: number): Word[][] {
  const line = lines.find((l) => l.words.includes(run[0]!));
  if (!line) return [run];
  const from = line.words.indexOf(run[0]!);
  return splitRuns(line.words.slice(from).filter((w) => w.bbox.x < endX - ALIGN_LEFT));
}

/**
 * An address printed in boxes of a row ("7930 Aster Bend Avenue | Lantern Falls | CO | 80999") read whole: a street
 * run is followed by the runs after it on its line while they are a city, a state or a ZIP code, then written as one
 * address ("7930 Aster Bend Avenue, Lantern Falls, CO 80999"). Other fields, and streets standing alone, as they are.
 */
function withAddressParts(field: FieldSpec, run: Word[], lineRuns: Word[][]): Word[] {
  if (field.role !== 'address' && field.validate !== ADDRESS_SHAPE) return run;
  const at = lineRuns.findIndex((r) => r[0] === run[0]);
  if (at < 0 || !/^\d+[A-Za-z]?\s+\S/.test(textOf(run)) || /\b[A-Z]{2},?\s+\d{5}\b/.test(textOf(run))) return run;
  const parts = [run];
  for (const next of lineRuns.slice(at + 1)) {
    if (!ADDRESS_PART.test(textOf(next))) break;
    parts.push(next);
  }
  if (parts.length === 1) return run;
  const joined = parts.map(textOf).join(', ').replace(/,\s*(?=\d{5}(?:-\d{4})?$)/, ' ');
  if (!/,\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?$/.test(joined)) return run;
  // One word carrying the whole text keeps the value's box over all the parts.
  const words = parts.flat();
  return [{ text: joined, bbox: words.map((w) => w.bbox).reduce(unionBBox), confidence: Math.min(...words.map((w) => w.confidence)) }];
}

/** A city, a two-letter state, a ZIP code, or a state and ZIP: what follows a street in an address row. */
const ADDRESS_PART = /^(?:[A-Z][A-Za-z .'-]+|[A-Z]{2}|\d{5}(?:-\d{4})?|[A-Z]{2},?\s+\d{5}(?:-\d{4})?)$/;

const textOf = (run: Word[]) => run.map((w) => w.text).join(' ');

/** A label's next line sits closer than this many of its lines' heights under the one before. */
const LABEL_LEADING = 1;

/** A line that goes on with a label: another label, or words starting in lower case (a value never does). */
function continuesLabel(run: Word[], isLabelRun: (run: Word[]) => boolean, line: Word[]): boolean {
  return /^[a-z]/.test(run[0]!.text) || isLabelRun(run) || ADDRESS_PARTS_ROW.test(textOf(line));
}

/**
 * Words printed right after a label that go on with it, no gap before them: punctuation or a small letter first, or
 * the names of an address's boxes ("Property Address Street, City, State, ZIP").
 */
function restOfLabel(run: Word[], label: BBox): boolean {
  if (run[0]!.bbox.x - (label.x + label.w) > COLUMN_GAP) return false;
  return (/^[,;(&/]|^[a-z]/.test(run[0]!.text) && !/^\(\$?\d/.test(run[0]!.text)) || ADDRESS_PARTS_ROW.test(textOf(run));
}

/** A line OCR read holding labels only, in one column or several: a row of a form's labels with no value on it. */
export function isLabelRow(line: Line): boolean {
  const words = wordsOf(line);
  return words.some(hasAlnum) && splitRuns(words).flatMap(splitAtRules).every(isBareLabel);
}

/** A box's side OCR reads as a bar ("|", "[", "]") between two labels: the run is split there, the bar left out. */
const RULE_GLYPHS = /^[|[\]]+$/;
function splitAtRules(run: Word[]): Word[][] {
  const parts: Word[][] = [[]];
  for (const w of run) {
    if (RULE_GLYPHS.test(w.text)) parts.push([]);
    else if (hasAlnum(w)) parts[parts.length - 1]!.push(w);
  }
  return parts.filter((p) => p.length > 0);
}

/** A run that is a label and nothing more: no value follows it on the run ("Account Holder", not "Employer Acme"). */
function isBareLabel(run: Word[]): boolean {
  const text = canonical(run.map((w) => w.text).join(' ')).replace(BOX_PREFIX, '');
  const rest = (label: RegExp) => {
    const m = runTogether(label).exec(text);
    return m?.index === 0 ? text.slice(m[0].length) : undefined;
  };
  return KNOWN_LABELS.some((label) => rest(label)?.replace(/[^A-Za-z0-9]/g, '') === '') || mostlyLabelWords(text);
}

function isLabel(run: Word[], ocr = false, ownLabels: readonly RegExp[] = []): boolean {
  const raw = run.map((w) => w.text).join(' ');
  const texts = [raw, canonical(raw)].map((t) => t.replace(BOX_PREFIX, ''));
  if (texts.some((text) => KNOWN_LABELS.some((label) => label.exec(text)?.index === 0 || (ocr && runTogether(label).exec(text)?.index === 0)))) return true;
  if (texts.some((text) => ownLabels.some((label) => label.exec(text)?.index === 0))) return true;
  return ocr && mostlyLabelWords(canonical(raw));
}

/** Every word of three letters or more in the known labels ("medicare", "wages", "tips", "withheld"...). */
const LABEL_WORDS: ReadonlySet<string> = new Set(KNOWN_LABELS.flatMap((l) => l.source.toLowerCase().match(/[a-z]{3,}/g) ?? []));

/**
 * OCR misspells labels ("Medicare wages and Ups"), and a misspelt label no pattern matches would be read as a value:
 * a run of which three words in four are label words, each allowed one OCR slip when long, is a label, when it has
 * two words or more or starts with a box number ("5 Medicare"); so is one word of six letters or more alone.
 */
function mostlyLabelWords(text: string): boolean {
  const body = text.replace(BOX_PREFIX, '');
  const words = body.toLowerCase().match(/[a-z]+/g) ?? [];
  if (/\d/.test(body)) return false;
  const near = (w: string) => LABEL_WORDS.has(w) || (w.length >= 5 && [...LABEL_WORDS].some((l) => Math.abs(l.length - w.length) <= 1 && oneEditApart(l, w)));
  // One long word alone that is a label word or one slip from one ("Addzess."): a label, not a value.
  if (words.length === 1 && body === text) return words[0]!.length >= 6 && near(words[0]!);
  if (words.length < (body === text ? 2 : 1)) return false;
  const hits = words.filter((w) => near(w)).length;
  return hits / words.length >= 0.75;
}

/** True when a and b differ by at most one insertion, deletion or substitution. */
function oneEditApart(a: string, b: string): boolean {
  if (a === b) return true;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(i + 1) === b.slice(i + 1) || a.slice(i) === b.slice(i + 1) || a.slice(i + 1) === b.slice(i);
}

/** A label spelt out in letters and spaces, this long or longer, may be found one OCR slip away ("pate Signed"). */
const NEAR_LABEL_MIN_CHARS = 8;
const literalLabels = new WeakMap<RegExp, { words: string[]; target: string; anchored: boolean } | null>();

/**
 * Where OCR wrote a label one letter off ("pate Signed" for "Date Signed", "Emplayer Name"): the words of the line,
 * as many as the label has, within one edit of it. Only for labels that are plain words of NEAR_LABEL_MIN_CHARS
 * letters or more (a short label one letter off is too often another word). The result has a RegExpExecArray's
 * `index` and `[0]`.
 */
function nearLabel(label: RegExp, text: string): RegExpExecArray | null {
  let literal = literalLabels.get(label);
  if (literal === undefined) {
    const anchored = label.source.startsWith('^');
    // A trailing optional part ("(\s*\(EIN\))?") is left off: the words before it are the label.
    const body = label.source.replace(/^\^/, '').replace(/\\b/g, '').replace(/\((?:[^()]|\\[()])*\)\?$/, '');
    const target = body.toLowerCase();
    literal = /^[a-z' ]+$/i.test(body) && body.length >= NEAR_LABEL_MIN_CHARS ? { words: target.split(' '), target, anchored } : null;
    literalLabels.set(label, literal);
  }
  if (!literal) return null;
  const words = [...text.matchAll(/\S+/g)];
  for (let i = 0; i + literal.words.length <= words.length && (i === 0 || !literal.anchored); i++) {
    const first = words[i]!;
    const last = words[i + literal.words.length - 1]!;
    const candidate = text.slice(first.index, last.index + last[0].length);
    // Another field's label is not this one misread ("Employee Name" is one letter from "Employer Name"); one that
    // covers only the first word ("Employer" in "Employer identfication number") is no other label.
    const whole = (m: RegExpExecArray | null) => m?.index === 0 && !/[A-Za-z0-9]/.test(candidate.slice(m[0].length));
    if (KNOWN_LABELS.some((l) => whole(l.exec(candidate)))) continue;
    if (editDistance(candidate.toLowerCase(), literal.target, 1) <= 1) return Object.assign([candidate], { index: first.index, input: text, groups: undefined }) as RegExpExecArray;
  }
  return null;
}

const runTogetherLabels = new WeakMap<RegExp, RegExp>();
/**
 * A label as OCR may read it: the words of its spaces run together ("NetPay" for "Net Pay"), a stray quote mark
 * opening a word ("other 'compensation", after respell).
 */
function runTogether(label: RegExp): RegExp {
  let tolerant = runTogetherLabels.get(label);
  if (!tolerant) {
    tolerant = new RegExp(label.source.replace(/ /g, " ?'?"), label.flags);
    runTogetherLabels.set(label, tolerant);
  }
  return tolerant;
}

/** OCR's spelling of printed labels: accents on plain letters, curly apostrophes, dots for spaces ("wages.and"). */
function respell(text: string): string {
  return [...text]
    .map((c) => c.normalize('NFD').replace(/[\u0300-\u036f]/g, '') || c)
    .join('')
    .replace(/[\u2018\u2019`]/g, "'")
    .replace(/(?<=[a-z])\.(?=[a-z])/gi, ' ');
}

/** `respell`, and stray marks before the first letter dropped: for telling labels from values. */
function canonical(text: string): string {
  return respell(text).replace(/^[^A-Za-z0-9]+/, '');
}

/** OCR reads rules, box edges and dotted underlines as stray marks ("i", "]", "~~"): words with no letter or digit. */
const hasAlnum = (w: Word) => /[A-Za-z0-9]/.test(w.text);

function toField(field: FieldSpec, words: Word[], page: PageText, evidence: string, placement: number, text?: string): ExtractedField | undefined {
  // Trim stray marks at both ends of a value read by OCR; a value of one stray character is no value.
  const first = words.findIndex(hasAlnum);
  const last = words.findLastIndex(hasAlnum);
  const run = page.source === 'ocr' && first >= 0 ? words.slice(first, last + 1) : words;
  if (!run.length || (page.source === 'ocr' && holdsNoText(run))) return undefined;
  const read = (text ?? run.map((w) => w.text).join(' ')).trim();
  if (!read) return undefined;
  // Text opening with another label ("Work Site: FAA" after "Employee ID: 36648") is that label's, not a value.
  if (field.kind === 'text' && /^\S*[A-Za-z]:(\s|$)|^\S+\s+\S*[A-Za-z]:(\s|$)/.test(read)) return undefined;
  const value = page.source === 'ocr' && field.kind === 'text' ? tidyOcrText(read) : read;
  let normalized = normalizeValue(field, value);
  // OCR splits a date's digits ("10/1 9/2026", "4/ 05/ 2026"): rejoin digits around spaces and slashes.
  let repaired = false;
  if (normalized === null && field.kind === 'date' && page.source === 'ocr') {
    // ... and specks among them ("05/ 16/. 2026", "06/" 12/. 2026").
    const joined = value.replace(/(?<=[\d/])[\s.,'"\u2018\u2019\u201c\u201d_]+(?=[\d/])/g, '');
    normalized = normalizeValue(field, joined);
    // Rejoining breaks "Mon D, YYYY" ("Aug 1520826"): the repair tries the value as read first.
    for (const text of [value, joined]) {
      const fixed = normalized === null ? repairOcrDate(text) : undefined;
      if (fixed) [normalized, repaired] = [normalizeValue(field, fixed), true];
    }
  }
  let unparsed = false;
  // A value of its kind's shape gone wrong (an SSN a digit short) is kept as read, unnormalized: the shape is a finding.
  const malformed =
    (normalized === null && (MALFORMED[field.kind]?.test(read) ?? false)) ||
    (Boolean(field.malformed?.test(read)) && !(normalized !== null && (field.validate?.test(normalized) ?? true)));
  if (malformed) normalized = null;
  if (normalized === null && field.keepUnparsed && page.source === 'ocr' && (value.match(/\d/g)?.length ?? 0) >= 4) unparsed = true;
  else if (!malformed && (normalized === null || (field.validate && !field.validate.test(normalized)))) return undefined;
  const confidence = (run.reduce((sum, w) => sum + w.confidence, 0) / run.length) * placement * (unparsed ? 0.5 : 1) * (repaired ? REPAIRED_DATE : 1);
  return {
    name: field.name,
    value: read,
    normalized,
    confidence: Number(confidence.toFixed(3)),
    page: page.pageNumber,
    bbox: run.map((w) => w.bbox).reduce(unionBBox),
    source: page.source,
    evidence,
  };
}

const DIGITS = EXTRACTION_DIGIT_LETTERS.join('');
/** A word with a small letter and digits only of EXTRACTION_DIGIT_LETTERS, not an ordinal. */
const DIGIT_WORD = new RegExp(`(?<![\\w])(?=\\S*[a-z])(?!\\d+(?:st|nd|rd|th)\\b)[${DIGITS}A-Za-z]*[${DIGITS}][${DIGITS}A-Za-z]*(?![\\w])`, 'g');

/**
 * OCR reads the O and l of a word as 0 and 1 ("01d Mill Road"): in a word with a small letter, whose only digits are
 * 0s and 1s and that is not an ordinal ("1st"), they are read back as letters. Numbers, codes in capitals
 * ("N7381730") and ordinals are left as they are.
 */
export function lettersForDigits(text: string): string {
  return text.replace(DIGIT_WORD, (word) =>
    [...word]
      .map((c, i) => {
        const letter = EXTRACTION_DIGIT_LETTERS.includes(c) ? OCR_DIGIT_LETTERS[c] : undefined;
        // A word's first letter read back from 0 is a capital O ("Old"); an l stays small.
        return letter === undefined ? c : i === 0 && letter === 'o' ? 'O' : letter;
      })
      .join(''),
  );
}

/**
 * A text value as OCR read it, without its usual slips: O and l read as 0 and 1 inside words (lettersForDigits),
 * quote marks and specks stuck to the start or end of a word ("HARPER ‘A MARCHETTI"), a dot or comma after the house
 * number that opens an address ("5122. LARKSPUR LANE"), a comma read as a semicolon or with a dot ("Drive; Eastwick",
 * "Bluff,. NC"), a dash before a word ("Harbor -View"), a dot after a closing number ("N3354067."), a state run into
 * its ZIP code ("OR97999").
 */
export function tidyOcrText(text: string): string {
  return lettersForDigits(text)
    .split(/\s+/)
    .map((word) => word.replace(/^[\u2018\u2019\u201c\u201d"`]+/, '').replace(/[\u2018\u2019\u201c\u201d"`]+$/, ''))
    .map((word, i) => (i > 0 ? word.replace(/^-(?=[A-Za-z])/, '') : word).replace(/^([^;,.]+)(?:;|,\.|\.,)$/, '$1,'))
    .filter(Boolean)
    .join(' ')
    .replace(/^(\d+)[.,](?=\s)/, '$1')
    .replace(/(?<=\d)\.$/, '')
    .replace(/\b([A-Z]{2})(\d{5}(?:-\d{4})?)$/, '$1 $2');
}

/** Confidence factor of a date read only after repairOcrDate changed digits. */
const REPAIRED_DATE = 0.8;
/** What tesseract reads a scanned 0 as, in the fonts and resolutions seen: 8, 9 and 6 (an open or filled loop). */
const OCR_ZERO_LOOKALIKES = new Set(['8', '9', '6']);

/** A date as OCR reads it: MM/DD/YYYY or "Mon D, YYYY", with a year of four digits or, one digit inserted, five. */
const OCR_DATE = /\b(?:(\d{2})\/(\d{2})|([A-Za-z]{3,9}\.?\s*)(\d{1,2}))(,?[\s.,]*|\/)(\d{4,5})\b/g;

/**
 * The dates OCR read with an impossible part ("87/85/1975", "11/24/2619", "Feb 17, 2626", "Jan 21, 20826") mended:
 * in an impossible part only, the fewest of its 8s, 9s and 6s are read back as the 0s they most often are. A
 * five-digit year loses the one digit OCR inserted, when a single year between 1900 and 2100 is left that is the
 * year, or the year after, of another date in the text read as is (a statement period's start). A date with a part
 * that has no single nearest reading stays as read; undefined when no date was mended. Parts that are already
 * possible are left alone, so a plausible misread ("1929" for 1979) is never "fixed" into another.
 */
export function repairOcrDate(text: string): string | undefined {
  const sure = [...text.matchAll(OCR_DATE)].map((m) => Number(m[6])).filter(possibleYear);
  const nearSure = (y: number) => possibleYear(y) && sure.some((s) => y === s || y === s + 1);
  let mended = false;
  const out = text.replace(OCR_DATE, (whole, mm?: string, dd?: string, month?: string, day?: string, _sep?: string, yyyy?: string) => {
    const m = mm === undefined ? undefined : mendPart(mm, (n) => n >= 1 && n <= 12);
    const d = mendPart((dd ?? day)!, (n) => n >= 1 && n <= 31);
    const y = yyyy!.length === 5 ? dropInsertedDigit(yyyy!, nearSure) : mendPart(yyyy!, possibleYear);
    if ((mm !== undefined && m === undefined) || d === undefined || y === undefined) return whole;
    if (m === mm && d === (dd ?? day) && y === yyyy) return whole;
    mended = true;
    return mm !== undefined ? `${m}/${d}/${y}` : `${month!.trim()} ${d}, ${y}`;
  });
  return mended ? out : undefined;
}

/** A date part as read when possible, else its single nearest reading with 8, 9 and 6 read back as 0. */
function mendPart(digits: string, valid: (n: number) => boolean): string | undefined {
  if (valid(Number(digits))) return digits;
  const lookalikes = [...digits].flatMap((c, i) => (OCR_ZERO_LOOKALIKES.has(c) ? [i] : []));
  let best: string[] = [];
  let fewest = Infinity;
  // Every subset of the lookalike positions (at most four digits: sixteen subsets).
  for (let mask = 1; mask < 1 << lookalikes.length; mask++) {
    const chosen = lookalikes.filter((_, bit) => mask & (1 << bit));
    const candidate = [...digits].map((c, i) => (chosen.includes(i) ? '0' : c)).join('');
    if (!valid(Number(candidate))) continue;
    if (chosen.length < fewest) [best, fewest] = [[candidate], chosen.length];
    else if (chosen.length === fewest) best.push(candidate);
  }
  return best.length === 1 ? best[0] : undefined;
}

/** A five-digit year with one digit too many ("20826"): the single possible year left by dropping one digit. */
function dropInsertedDigit(digits: string, valid: (n: number) => boolean): string | undefined {
  const years = new Set([...digits].map((_, i) => digits.slice(0, i) + digits.slice(i + 1)).filter((y) => valid(Number(y))));
  return years.size === 1 ? [...years][0] : undefined;
}

function normalizeValue(field: FieldSpec, value: string): string | null {
  const normalize = (text: string) => normalizeAs(field.kind, text);
  if (field.take !== 'last' || field.kind === 'text') return normalize(value);
  // Take the last value: the part after a range's dash or "to" ("Jul 17, 2026 - Aug 15, 2026"), where an unread end
  // is no value (the period's start is no answer for its end); then ever-shorter suffixes, so "10/01/2026 10/15/2026"
  // gives 2026-10-15.
  const range = /\s(?:[-\u2013\u2014=~]|to|through|thru)\s+(?!.*\s(?:[-\u2013\u2014=~]|to|through|thru)\s)(.*)$/i.exec(value);
  const tokens = (range ? range[1]! : value).split(/\s+/);
  for (let i = tokens.length - 1; i >= 0; i--) {
    const n = normalize(tokens.slice(i).join(' '));
    if (n !== null) return n;
  }
  return null;
}
