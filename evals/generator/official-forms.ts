import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FieldKind } from '../../core/document-types.js';
import type { Drawing } from './documents.js';
import type { DocWriter } from './page-writer.js';
import { fullName, int, oneLine, plainMoney } from './story.js';

/**
 * Official forms filled on their real blanks (issue 18): the blank is the public-domain IRS form kept in the real set
 * (evals/real, where its source, commit and licence are recorded); values are drawn into the rectangles of the form's
 * own fill-in fields, read once from the blank (left, bottom, width, height in PDF points). These are held-out
 * families: nothing is tuned on them.
 */

const REAL_FILES = fileURLToPath(new URL('../real/files/', import.meta.url));
const blanks = new Map<string, Promise<Uint8Array>>();
const blank = (file: string) => {
  let bytes = blanks.get(file);
  if (!bytes) blanks.set(file, (bytes = readFile(path.join(REAL_FILES, file)).then((b) => new Uint8Array(b))));
  return bytes;
};

type Rect = readonly [x: number, y: number, w: number, h: number];

/** Writes a value into a fill-in rectangle: amounts right-aligned as tax software prints them, text from the left. */
async function put(w: DocWriter, pageHeight: number, rect: Rect, value: string, field?: { name: string; kind: FieldKind }): Promise<void> {
  const style = { font: 'mono' as const, size: Math.min(9, rect[3] - 2) };
  const width = await w.width(value, style);
  const right = field?.kind === 'money' || /^[\d,]+\.\d\d$/.test(value);
  const x = right ? rect[0] + rect[2] - width - 3 : rect[0] + 3;
  const baseline = pageHeight - rect[1] - 3;
  if (field) await w.field(field.name, field.kind, value, x, baseline, style);
  else await w.text(value, x, baseline, style);
}

/** Form 1040 (2023), page 1: name, SSN, address, and the income lines. */
const irs1040: Drawing = async ({ w, facts, rand }) => {
  const s = facts.story;
  const b = s.borrower;
  await w.blankPage(await blank('tax-1040-blank-2023.pdf'), 0);
  const H = 792;
  const wages = Math.round(s.annual * 0.97);
  const interest = int(rand, 20, 900);
  const total = wages + interest;
  await put(w, H, [36, 690, 201, 14], `${b.first} ${b.middle}`);
  await put(w, H, [239, 690, 229, 14], b.last);
  w.record('taxpayer_name', 'text', `${b.first} ${b.middle} ${b.last}`, w.box(36, H - 704, 432, 14));
  await put(w, H, [469, 690, 107, 14], facts.extra.ssn, { name: 'taxpayer_ssn', kind: facts.extra.ssnValid ? 'ssn' : 'text' });
  await put(w, H, [36, 642, 381, 14], s.address.street);
  await put(w, H, [36, 618, 301, 14], s.address.city);
  await put(w, H, [339, 618, 63, 14], s.address.state);
  await put(w, H, [404, 618, 63, 14], s.address.zip);
  await put(w, H, [504, 378, 72, 12], plainMoney(wages));
  await put(w, H, [504, 270, 72, 12], plainMoney(wages), { name: 'wages', kind: 'money' });
  await put(w, H, [504, 258, 72, 12], plainMoney(interest));
  await put(w, H, [504, 162, 72, 12], plainMoney(total), { name: 'total_income', kind: 'money' });
  await put(w, H, [504, 138, 72, 12], plainMoney(total), { name: 'adjusted_gross_income', kind: 'money' });
  await put(w, H, [504, 126, 72, 12], plainMoney(13850));
  await put(w, H, [504, 102, 72, 12], plainMoney(13850));
  await put(w, H, [504, 90, 72, 12], plainMoney(Math.max(0, total - 13850)), { name: 'taxable_income', kind: 'money' });
};

/** Schedule E (2023), page 1: one rental property in column A. */
const irsScheduleE: Drawing = async ({ w, facts, rand }) => {
  const s = facts.story;
  await w.blankPage(await blank('tax-sche-blank-2023.pdf'), 0);
  const H = 792;
  const rents = int(rand, 9000, 30000);
  const expenses = Math.round(rents * (0.4 + rand() * 0.3));
  await put(w, H, [36, 684, 417, 14], fullName(s.borrower), { name: 'taxpayer_name', kind: 'text' });
  await put(w, H, [454, 684, 122, 14], facts.extra.ssn);
  await put(w, H, [66, 600, 510, 12], oneLine(s.property), { name: 'property_address', kind: 'text' });
  await put(w, H, [65, 540, 72, 12], '1');
  await put(w, H, [317, 438, 86, 12], plainMoney(rents), { name: 'rents_received', kind: 'money' });
  await put(w, H, [317, 222, 86, 12], plainMoney(expenses), { name: 'total_expenses', kind: 'money' });
  await put(w, H, [317, 186, 86, 12], plainMoney(rents - expenses), { name: 'net_rental_income', kind: 'money' });
};

/**
 * Form 1099-INT (2021), Copy B: the upper of the two forms on the sheet. This blank has no fill-in fields; the places
 * are those of its printed captions (pdftotext -bbox), values written under each caption, top-left origin.
 */
const irs1099Int: Drawing = async ({ w, facts, rand }) => {
  const s = facts.story;
  await w.blankPage(await blank('tax-1099int-blank-01.pdf'), 0);
  const style = { font: 'mono' as const, size: 8.5 };
  const payer = s.bank.name;
  await w.field('payer_name', 'text', payer, 50, 60, style);
  await w.text(oneLine(s.bank.address), 50, 71, style);
  await w.field('payer_tin', 'text', `${int(rand, 10, 99)}-${int(rand, 1000000, 9999999)}`, 50, 158, style);
  await w.field('recipient_tin', 'text', `XXX-XX-${facts.extra.ssn.slice(-4)}`, 172, 158, style);
  await w.field('recipient_name', 'text', facts.extra.recipient, 50, 204, style);
  await w.text(s.address.street, 50, 240, style);
  await w.text(`${s.address.city}, ${s.address.state} ${s.address.zip}`, 50, 276, style);
  await w.field('interest_income', 'money', plainMoney(int(rand, 1200, 240000) / 100), 300, 106, style);
  await w.field('federal_tax_withheld', 'money', '0.00', 300, 202, style);
};

/** Family id (`<type>/<name>`) -> drawing. */
export const OFFICIAL_FORM_DRAWINGS = {
  '1040/irs-2023-blank': irs1040,
  'schedule_e/irs-2023-blank': irsScheduleE,
  '1099_int/irs-2021-copy-b-blank': irs1099Int,
} satisfies Record<string, Drawing>;
