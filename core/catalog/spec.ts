/**
 * What a document type is, as data: how to recognise it, which fields to read and what each field means to the
 * rules (its role). One file per type in this folder; `index.ts` lists them. The rules ask for roles, never for type
 * names, so a type added here joins every check its fields' roles call for.
 */

export type FieldKind = 'money' | 'date' | 'ssn' | 'year' | 'text';

/**
 * What a field means, for the rules that read it:
 * - `person_name`: the person the document is about (borrower, employee, account holder, ID holder, named insured,
 *   recipient, taxpayer); `co_person_name` a second person on it (co-borrower, spouse, joint holder).
 * - `ssn` / `co_ssn`: their taxpayer numbers (SSN or ITIN); `tin`: an organisation's EIN or payer TIN.
 * - `date_of_birth`, `address` (where the person lives), `employer` (who pays the person).
 * - `income`: an amount the person earns, over `period`.
 * - `as_of`: the date the document speaks for (pay date, statement end); `expires`: when it stops being valid;
 *   `signed`: the date the person signed or applied.
 * - `withheld`: tax withheld from `income`; `ss_wages` / `ss_tax` / `medicare_wages` / `medicare_tax`: the payroll
 *   tax boxes the integrity checks compare; `opening_balance` / `closing_balance`: a statement's balances.
 */
export type FieldRole =
  | 'person_name'
  | 'co_person_name'
  | 'ssn'
  | 'co_ssn'
  | 'tin'
  | 'date_of_birth'
  | 'address'
  | 'employer'
  | 'income'
  | 'as_of'
  | 'expires'
  | 'signed'
  | 'withheld'
  | 'ss_wages'
  | 'ss_tax'
  | 'medicare_wages'
  | 'medicare_tax'
  | 'opening_balance'
  | 'closing_balance';

/** The period an income figure covers. */
export type IncomePeriod = 'annual' | 'monthly' | 'pay_period' | 'ytd';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  /** Case-insensitive label patterns, most specific first. */
  labels: RegExp[];
  required: boolean;
  /** What the field means to the rules (spec.ts header); absent: a value the rules do not read. */
  role?: FieldRole;
  /** For `role: 'income'`: the period the amount covers. */
  period?: IncomePeriod;
  /** Field values that are PII: masked in logs, events and summaries. */
  pii?: boolean;
  /** Which value to take when the text after the label holds several (a period "10/01 - 10/15" ends on the last). */
  take?: 'first' | 'last';
  /**
   * In a table, the value sits on its label's row under the column headed by `header` ("Year to date", "This
   * period"): of the values on the row, the one under that header. Where no header above names the column and the
   * label does not either, `withoutHeader` says what the row gives: its first value (the period's figure comes
   * first) or none (a row "Gross earnings $5,919.23" is no year-to-date figure).
   */
  column?: {
    header: RegExp;
    withoutHeader: 'first' | 'none';
    /**
     * The header of the column this field is not in ("Year to date" for the period's figure): a section whose heading
     * names it ("Year to Date Information" over rows of "Gross Pay 60,000.00") holds no value of this field, and one
     * whose heading names `header` holds the field's value first on each row.
     */
    other?: RegExp;
  };
  /**
   * A value of the field's shape gone wrong (an EIN printed a digit short, "01-23456789"), kept as read with a null
   * normalized value rather than refused: the wrong shape is itself a finding (core/rules/ein-shape.ts).
   */
  malformed?: RegExp;
  /** The normalized value must match this (an EIN's shape, a name without digits); else it is not this field. */
  validate?: RegExp;
  /** Where a value sits in prose (letters): patterns over the page's text with a named group `value`, tried first. */
  patterns?: RegExp[];
  /**
   * When no label is found: the value recognised by its shape alone, for documents whose labels are tiny and OCR
   * often loses them (an ID card's "DOB" and "EXP"). `pattern`: the one word on the document matching it (two
   * different matches: no value). `dateRank`: the earliest or the latest of the dates on the document (at least two).
   * `line`: the one line matching it whole, the value its named group `value` (a line of capitals that is a name).
   * `block`: the name or the address of the one mailing block (name, street, city lines) of a person, or of an
   * organisation (its name holds an organisation's word), on the document.
   * Read with a lower confidence than a labelled value.
   */
  byShape?: { pattern: RegExp } | { dateRank: 'earliest' | 'latest' } | { line: RegExp } | { block: 'name' | 'address'; of: 'person' | 'organization' };
  /**
   * A value that is there but does not parse (OCR garbled the digits of a date) is kept with a null normalized value:
   * the field is present and unread, for a person to read, rather than absent. An application whose date line is
   * filled in is not undated.
   */
  keepUnparsed?: boolean;
  /**
   * Read first from the document's machine-readable zone (a passport's, checked by its check digits), whatever the
   * page's labels and language: which of the zone's fields it is.
   */
  mrz?: 'documentNumber' | 'dateOfBirth' | 'expiry' | 'name';
}

/** A table of rows (bank statement transactions): header words that name each column. */
export interface TableSpec {
  name: 'transactions';
  columns: { date: RegExp; description: RegExp; debit: RegExp; credit: RegExp; balance: RegExp };
}

/** A signature line: its label, and the label that ends the signing area on the same line (if any). */
export interface SignatureSpec {
  name: string;
  label: RegExp;
  until?: RegExp;
}

/** A signal this heavy defines its type (a title, a form name, a phrase only that document prints). */
export const DEFINING_WEIGHT = 3;

/** A phrase that identifies a type. `title` phrases are the document's own name: one alone is enough to type it. */
export interface Signal {
  pattern: RegExp;
  weight: number;
}

export interface DocumentTypeSpec<T extends string = string> {
  type: T;
  title: string;
  /** What it is for the underwriter: income, assets, identity, the loan itself, the property, or correspondence. */
  group: 'application' | 'income' | 'tax' | 'assets' | 'identity' | 'disclosure' | 'property' | 'credit' | 'correspondence';
  /** Phrases that identify the type, each with a weight (classify-document sums them over the first pages). */
  signals: Signal[];
  /**
   * Phrases that say the document is not this type though it shares its words (a 1096 transmittal names the 1099s it
   * summarises): any one found takes the type out of the running.
   */
  notSignals?: RegExp[];
  fields: FieldSpec[];
  /**
   * Labels the form prints for what Docket does not read ("Last name" beside the first-name box): text starting with one
   * is a label, never a value.
   */
  formLabels?: RegExp[];
  /**
   * Which loans need this document (guideline 7.1-7.2): every loan, loans to borrowers of these employment types, or
   * loans for these purposes. The required-documents rule takes its defaults from here.
   */
  requiredFor?: { always?: boolean; employment?: readonly string[]; purpose?: readonly string[] };
  tables?: TableSpec[];
  signatures?: SignatureSpec[];
  /**
   * Little text by nature (an ID card): a segment that reads as a few words is still this type when the classifier
   * says so, rather than an unreadable "unknown" (understanding/split-document.ts).
   */
  sparseText?: boolean;
}

/** Declares one catalog entry, keeping its type name as a literal (the catalog's list of names is derived from it). */
export function defineDocumentType<const T extends string>(spec: DocumentTypeSpec<T>): DocumentTypeSpec<T> {
  return spec;
}
