/** Calendar arithmetic on ISO dates ("YYYY-MM-DD"), in whole UTC days: no clock, no time zone. */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;

/** Days since 1970-01-01 for an ISO date (a date-time is cut to its date); undefined when it is not one. */
export function dayNumber(iso: string): number | undefined {
  const m = ISO_DATE.exec(iso);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  return Date.UTC(y, mo - 1, d) / 86_400_000;
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number | undefined {
  const a = dayNumber(from);
  const b = dayNumber(to);
  return a === undefined || b === undefined ? undefined : b - a;
}

/** 1 for January 1st. */
export function dayOfYear(iso: string): number | undefined {
  const n = dayNumber(iso);
  const jan1 = dayNumber(`${iso.slice(0, 4)}-01-01`);
  return n === undefined || jan1 === undefined ? undefined : n - jan1 + 1;
}

/** The ISO date part of a date or date-time, or undefined. */
export function isoDateOf(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const m = ISO_DATE.exec(text);
  return m && dayNumber(m[0]) !== undefined ? m[0] : undefined;
}
