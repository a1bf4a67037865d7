import type { FieldKind, FieldRole, FieldSpec, IncomePeriod } from './spec.js';

/**
 * Value shapes and field builders the catalog files share. A shape refuses what is not this kind of value (a label
 * read in a value's place, OCR noise), so a field is absent rather than wrong.
 */

/**
 * A person's name: two words at least (a lone "ID" or "Taxes" read beside a label is none); letters, spaces, commas,
 * periods, apostrophes and hyphens, never digits or OCR's stray symbols
 * ("RBROOK, C/"), and none of the form's own words: OCR that misses a name reads the neighbouring label instead
 * ("Statement perjoq", "Mailing TR", "Box 1 Wages, tips, other compensation").
 */
export const NAME_SHAPE = /^(?=.*[A-Za-z]{2}.*[\s,]+.*[A-Za-z])(?!.*\b(?:statement|mailing|address|addr|wages|compensation|period|employer|employee|account|balance|box|date|number|social|security|street|payer|recipient|tin|identification|form|omb|copy|name|information|rate|pay|county|taxes|savings|checking|report|total|amount|income|department)\b)(?!.*[/\\|{}[\]<>=+_~#@$%^*;])[^\d]{2,}$/i;

/**
 * An organisation's name: four letters at least and eight words at most (a sentence of a report's notes is none), not
 * opening with a house number, none of the form's income words.
 * What OCR leaves of a label or a rule ("oN", "a7", "Seep Monthly Income", "Box 2 Federal income tax withheld") and
 * the next column's street address ("2754 Wren") are not employers, nor is a box label ("Box 2 Federal {neome").
 */
export const EMPLOYER_SHAPE = /^(?!(?:\S+\s+){8})(?!\d)(?!box\s*\d)(?!.*\b(?:income|monthly|withheld|wages|compensation|address)\b)(?=(?:[^A-Za-z]*[A-Za-z]){4})/i;

/**
 * Lines of an ID card by their shape, for when OCR loses the card's tiny labels: a name is two to four words in
 * capitals ending the line ("BRIGHTWATER, MATEO E"), not the card's own title words; a street is a house number and
 * words in capitals. Either may follow what is left of the label: a short run of letters ("nave", "appr").
 */
export const ID_NAME_LINE = /^(?!.*\b(?:STATE|DRIVER'?S?|LICEN[CS]E|IDENTIFICATION|CARD|CLASS|DONOR|VETERAN)\b)(?:[A-Za-z.:]{1,5}\s+)?(?<value>[A-Z][A-Z'-]+,?(?:\s[A-Z][A-Z'.-]*){1,3})$/;
export const ID_STREET_LINE = /^(?:[A-Za-z.:]{1,5}\s+)?(?<value>\d{1,6}\s+[A-Z][A-Z]+(?:\s[A-Z][A-Z.]*){0,4})$/;

/** A licence or ID number: one word of letters, digits, dashes or asterisks, with four digits or more. */
export const ID_NUMBER_SHAPE = /^(?=(?:\D*\d){4})[A-Z0-9*-]{5,20}$/i;

/**
 * A postal address opens with its house number or a post office box. What OCR leaves of a neighbouring label ("poB"
 * for DOB), a lone number ("38") or an address whose house number it lost is no address to compare.
 */
export const ADDRESS_SHAPE = /^(?:\d+[A-Za-z]?\s+\S|p\.?\s*o\.?\s*box\b)/i;

/** An account number as printed, whole or masked ("XXXXXX6918", "****-1234"): three digits at least, no words. */
export const ACCOUNT_NUMBER_SHAPE = /^(?=(?:\D*\d){3})[A-Z0-9*\u2022#-]+(?:\s[A-Z0-9*\u2022#-]+){0,3}$/i;

/** A masked number: some of its digits printed as X, * or bullets. */
export const MASKED = /[X*\u2022]{2,}/i;

/** A row of an address's box labels printed over its values: "Street City State ZIP", "Street, City, State, ZIP". */
export const ADDRESS_PARTS_ROW = /^(?:(?:street(?: address)?|city|state|zip(?: code)?|county|country|unit(?: #)?|apt\.?)\s*[,/]?\s*){2,}$/i;

/** An EIN or payer TIN as printed: two digits, a dash (often), seven digits. */
export const EIN_SHAPE = /^\d{2}-?\d{7}$/;

/** An EIN printed with its dash and a digit too few or too many ("12-345678", "01-23456789"): no valid EIN. */
export const MALFORMED_EIN = /^\d{2}-(?:\d{6}|\d{8})$/;

/** A taxpayer number (SSN or EIN shape) as a box prints it: whole, or masked with X or * in any of its digits. */
export const TIN_SHAPE = /^(?:[\dX*]{3}-?[\dX*]{2}-?[\dX*]{4}|[\dX*]{2}-?[\dX*]{7})$/i;

/**
 * A value of a kind's shape gone wrong, kept (its normalized value null) rather than dropped, because the wrong shape
 * is itself a finding: an SSN printed with a digit too few or too many ("912-34-567") is no SSN, and a document that
 * carries one is to be checked (core/rules/ssn-shape.ts).
 */
export const MALFORMED: Partial<Record<FieldKind, RegExp>> = {
  ssn: /^(?=(?:\D*\d){8}\D*$|(?:\D*\d){10}\D*$)\d{2,4}[-.\s]?\d{1,3}[-.\s]?\d{3,5}$/,
};

/**
 * A word only organisations' names hold ("Tidewater Municipal Schools", "Copperleaf Software Corp."): tells an
 * employer's or a bank's mailing block from a person's.
 */
export const ORGANIZATION_WORD =
  /\b(?:inc|llc|l\.l\.c|ltd|corp|corporation|co|company|bank|bancorp|credit union|trust|financial|services|group|schools?|university|college|hospital|health|district|county|city of|department|agency|association|partners|holdings|insurance|mutual|federal|national|software|systems|solutions|logistics|industries|enterprises|foundation|church|clinic|labs?|technologies|manufacturing|payroll)\b/i;

/** The second box of a name printed in two ("first name and initial | Last name"): its label. */
export const LAST_NAME_COLUMN = /^last name\b/i;

/** A person's name field. */
export function personName(fieldName: string, labels: RegExp[], options: { required?: boolean; role?: FieldRole } = {}): FieldSpec {
  return { name: fieldName, kind: 'text', labels, required: options.required ?? true, pii: true, validate: NAME_SHAPE, role: options.role ?? 'person_name' };
}

/** An organisation's name (employer, payer, insurer, lender). */
export function orgName(fieldName: string, labels: RegExp[], options: { required?: boolean; role?: FieldRole } = {}): FieldSpec {
  return { name: fieldName, kind: 'text', labels, required: options.required ?? false, validate: EMPLOYER_SHAPE, ...(options.role ? { role: options.role } : {}) };
}

/** An amount of money; with `period`, an income figure the rules compare. */
export function amount(fieldName: string, labels: RegExp[], options: { required?: boolean; role?: FieldRole; period?: IncomePeriod } = {}): FieldSpec {
  const role = options.role ?? (options.period ? 'income' : undefined);
  return { name: fieldName, kind: 'money', labels, required: options.required ?? false, ...(role ? { role } : {}), ...(options.period ? { period: options.period } : {}) };
}

export function date(fieldName: string, labels: RegExp[], options: { required?: boolean; role?: FieldRole; take?: 'first' | 'last' } = {}): FieldSpec {
  return { name: fieldName, kind: 'date', labels, required: options.required ?? false, ...(options.role ? { role: options.role } : {}), ...(options.take ? { take: options.take } : {}) };
}

export function text(fieldName: string, labels: RegExp[], options: { required?: boolean; role?: FieldRole; pii?: boolean; validate?: RegExp } = {}): FieldSpec {
  return {
    name: fieldName,
    kind: 'text',
    labels,
    required: options.required ?? false,
    ...(options.role ? { role: options.role } : {}),
    ...(options.pii ? { pii: true } : {}),
    ...(options.validate ? { validate: options.validate } : {}),
  };
}

export function taxYear(labels: RegExp[] = [/tax year/i, /calendar year/i, /\bfor (the )?year\b/i]): FieldSpec {
  // Tax forms print their year alone in large type by the title ("2021" under "OMB No. 1545-0112"): the one year
  // standing as a word of its own on the form, when no label leads to one.
  return { name: 'tax_year', kind: 'year', labels, required: true, byShape: { pattern: /^(?:19|20)\d{2}$/ } };
}
