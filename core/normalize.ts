/** Normalizers for field values: pure functions, no locale magic. Each returns null when the text is not a value. */
import type { FieldKind } from './document-types.js';

/**
 * "$ 7,500.00" -> "7500.00"; "(1,234.50)" -> "-1234.50". Words around one amount are dropped ("is $81,234.00."),
 * but text that is not one amount is refused: an SSN, a date, a ZIP code run into a street, two amounts in a row.
 */
export function normalizeMoney(text: string): string | null {
  // A bare whole number followed by words is a house number, a count or a code ("1635 Quarry Hill Way"), not money.
  if (/^[^\d$]*\d+\s+[A-Za-z]{2,}/.test(text.trim()) && !/[$.]/.test(text.split(/\s+[A-Za-z]/)[0]!)) return null;
  const t = text.replace(/\s+/g, '').replace(/^[^\d$(-]+/, '').replace(/[^\d)]+$/, '');
  const m = /^(\()?(-)?\$?(-)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\)?$/.exec(t);
  if (!m || m[4] === undefined) return null;
  const negative = Boolean(m[1] || m[2] || m[3]);
  const whole = m[4].replace(/,/g, '');
  const cents = (m[5] ?? '00').padEnd(2, '0');
  return `${negative ? '-' : ''}${Number(whole)}.${cents}`;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * Passports print dates as "14 JAN /JAN 23" or "20 Juin/Jun 1978": a day, the month in the issuing state's language and
 * in English (either first), and a year of two or four digits. The English month is the one found in MONTHS; a
 * two-digit year below 50 is of this century (passports are valid ten years; birth years of 1950-1999 stay in the 1900s).
 */
const PASSPORT_DATE = /\b(\d{1,2})\s+([A-Za-zÀ-ÿ]{3,9})\.?\s*\/\s*([A-Za-zÀ-ÿ]{3,9})\.?\s+(\d{4}|\d{2})\b/;

/** "03/15/2026", "2026-03-15", "March 15, 2026", "15 Mar 2026", "15 MAR/MARS 26" -> "2026-03-15". */
export function normalizeDate(text: string): string | null {
  let y: number | undefined;
  let mo: number | undefined;
  let d: number | undefined;
  let m = /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/.exec(text);
  if (m) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = /\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b/.exec(text))) [mo, d, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = /\b([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})\b/.exec(text))) {
    mo = MONTHS.indexOf(m[1]!.slice(0, 3).toLowerCase()) + 1;
    [d, y] = [Number(m[2]), Number(m[3])];
  } else if ((m = /\b(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{4})\b/.exec(text))) {
    mo = MONTHS.indexOf(m[2]!.slice(0, 3).toLowerCase()) + 1;
    [d, y] = [Number(m[1]), Number(m[3])];
  } else if ((m = PASSPORT_DATE.exec(text))) {
    const month = [m[3]!, m[2]!].map((w) => MONTHS.indexOf(w.slice(0, 3).toLowerCase()) + 1).find((n) => n > 0);
    const year = Number(m[4]);
    [d, mo, y] = [Number(m[1]), month, m[4]!.length === 2 ? (year < 50 ? 2000 + year : 1900 + year) : year];
  }
  if (!y || !mo || !d || mo < 1 || mo > 12 || d < 1 || d > 31 || !possibleYear(y)) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** "123-45-6789", "123 45 6789" or, as OCR reads a dash, "123-45.6789" -> "123-45-6789". */
export function normalizeSsn(text: string): string | null {
  const m = /\b(\d{3})[-\s.]?(\d{2})[-\s.]?(\d{4})\b/.exec(text);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

/** No loan document carries a year outside 1900-2100: "2626" or "1207" is a misread 2026 or 2027, not a date. */
export function possibleYear(y: number): boolean {
  return y >= 1900 && y <= 2100;
}

/** A four-digit year between 1900 and 2100. */
export function normalizeYear(text: string): string | null {
  const m = /\b(19\d{2}|20\d{2}|2100)\b/.exec(text);
  return m ? m[1]! : null;
}

/** Collapses whitespace and trims punctuation at the ends; title case is left to the source. */
export function normalizeText(text: string): string | null {
  const t = text.replace(/\s+/g, ' ').replace(/^[\s:;,.-]+|[\s:;,-]+$/g, '');
  return t.length ? t : null;
}

/** SSN masked for anything a person or log may see: "***-**-6789". */
export function maskSsn(ssn: string): string {
  const digits = ssn.replace(/\D/g, '');
  return `***-**-${digits.slice(-4)}`;
}

/** The normalizer of a field kind: what the extractor, the LLM route and the generator's truth all compare by. */
export function normalizeAs(kind: FieldKind, text: string): string | null {
  switch (kind) {
    case 'money':
      return normalizeMoney(text);
    case 'date':
      return normalizeDate(text);
    case 'ssn':
      return normalizeSsn(text);
    case 'year':
      return normalizeYear(text);
    case 'text':
      return normalizeText(text);
  }
}
