import type { PageText } from '../core/page.js';

/**
 * The machine-readable zone of a passport (ICAO Doc 9303, TD3: two lines of 44 characters at the foot of the data
 * page). Its second line holds the document number, nationality, birth date, sex and expiry at fixed places, each
 * number with a check digit, in the same OCR-B font whatever the issuing state's layout and language: the one part
 * of a passport that reads the same everywhere. OCR's slips are taken back where the place says what a character must
 * be (a digit where a date is: O read as 0), and a field counts only when its check digit agrees.
 */
export interface MrzReading {
  documentNumber?: string;
  nationality: string;
  /** YYYY-MM-DD. */
  dateOfBirth?: string;
  expiry?: string;
  sex?: 'M' | 'F';
  /**
   * The holder's name from the first line ("P<UTOERIKSSON<<ANNA<MARIA<<<" -> "ERIKSSON ANNA MARIA": surname first, as
   * the zone prints it). The name has no check digit: it is read only from a first line of the zone's own shape right
   * above a second line whose dates check.
   */
  name?: string;
  /** The page line it was read from (the second line), and the first line's, when the name was read. */
  page: number;
  line: number;
  nameLine?: number;
}

/** The zone's first line: P, a type letter or filler, the issuing state, then SURNAME<<GIVEN<NAMES and fillers. */
const FIRST_LINE = /^P[A-Z<]([A-Z<]{3})([A-Z<]{2,}?)<<([A-Z<]+?)<*$/;

/** The holder's name from the zone's first line, or undefined when the line is not one. */
export function mrzName(line: string): string | undefined {
  let text = letters(line.replace(/\s+/g, '').toUpperCase());
  // The fillers after the name, which OCR often reads as K, L, C or Z ("MARIA<LLLLLLLLKLK"): the name ends at the
  // first < after which there is nothing else.
  for (let i = 5; i < text.length; i++) {
    if (text[i] === '<' && /^[<KLCZ]+$/.test(text.slice(i))) {
      text = text.slice(0, i);
      break;
    }
  }
  const m = FIRST_LINE.exec(text);
  if (!m) return undefined;
  const words = (part: string) => part.split('<').filter(Boolean);
  const surname = words(m[2]!);
  const given = words(m[3]!);
  if (!surname.length || !given.length || [...surname, ...given].some((w) => w.length < 2 && given.length < 2)) return undefined;
  return [...surname, ...given].join(' ');
}

/** Letters OCR reads for digits in OCR-B, where the place holds a digit. */
const AS_DIGIT: Readonly<Record<string, string>> = { O: '0', Q: '0', D: '0', I: '1', L: '1', Z: '2', S: '5', B: '8', G: '6' };

/** A character's value in the 7-3-1 check: digits as themselves, A-Z as 10-35, the filler < as 0. */
function value(c: string): number {
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
  if (c >= 'A' && c <= 'Z') return c.charCodeAt(0) - 55;
  return 0;
}

export function checkDigit(text: string): number {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < text.length; i++) sum += value(text[i]!) * weights[i % 3]!;
  return sum % 10;
}

/** Digits OCR reads for letters, where the place holds letters (a nationality: "UT0" for UTO). */
const AS_LETTER: Readonly<Record<string, string>> = { '0': 'O', '1': 'I', '2': 'Z', '5': 'S', '8': 'B', '6': 'G' };

const digits = (s: string) => [...s].map((c) => AS_DIGIT[c] ?? c).join('');
const letters = (s: string) => [...s].map((c) => AS_LETTER[c] ?? c).join('');

/** "740812" -> "1974-08-12"; a birth year above the expiry's two digits + 10 is of the last century. */
function yymmdd(s: string, century: 'birth' | 'expiry'): string | undefined {
  if (!/^\d{6}$/.test(s)) return undefined;
  const [yy, mm, dd] = [Number(s.slice(0, 2)), Number(s.slice(2, 4)), Number(s.slice(4, 6))];
  if (mm < 1 || mm > 12 || dd < 1 || dd > 31) return undefined;
  // Passports are issued for at most ten years: expiries are of this century; birth years from 30 on are the 1900s.
  const year = century === 'expiry' ? 2000 + yy : yy >= 30 ? 1900 + yy : 2000 + yy;
  return `${year}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

/** The TD3 second line anywhere in the pages' lines (spaces OCR put in it removed), or undefined. */
export function readMrz(pages: PageText[]): MrzReading | undefined {
  for (const page of pages) {
    for (const [i, line] of page.lines.entries()) {
      const text = line.text.replace(/\s+/g, '').toUpperCase();
      // Number (9), check, nationality (3 letters), birth (6), check, sex, expiry (6), check: 28 characters at least.
      const m = /([A-Z0-9<]{9})([0-9OQDILZSBG])([A-Z0-9<]{3})([0-9OQDILZSBG]{6})([0-9OQDILZSBG])([MF<])([0-9OQDILZSBG]{6})([0-9OQDILZSBG])/.exec(text);
      if (!m) continue;
      const [, number, numberCheck, nationality, birth, birthCheck, sex, expiry, expiryCheck] = m as unknown as string[];
      const birthDigits = digits(birth!);
      const expiryDigits = digits(expiry!);
      const birthOk = checkDigit(birthDigits) === Number(digits(birthCheck!));
      const expiryOk = checkDigit(expiryDigits) === Number(digits(expiryCheck!));
      // Both dates must check: a line that merely looks like a zone (a reference number, a table row) is none.
      if (!birthOk || !expiryOk) continue;
      const numberOk = checkDigit(number!) === Number(digits(numberCheck!));
      const dateOfBirth = yymmdd(birthDigits, 'birth');
      const expiryDate = yymmdd(expiryDigits, 'expiry');
      const name = i > 0 ? mrzName(page.lines[i - 1]!.text) : undefined;
      return {
        ...(name ? { name, nameLine: i - 1 } : {}),
        ...(numberOk ? { documentNumber: number!.replace(/<+$/, '') } : {}),
        nationality: letters(nationality!).replace(/</g, ''),
        ...(dateOfBirth ? { dateOfBirth } : {}),
        ...(expiryDate ? { expiry: expiryDate } : {}),
        ...(sex === 'M' || sex === 'F' ? { sex } : {}),
        page: page.pageNumber,
        line: i,
      };
    }
  }
  return undefined;
}
