/**
 * Declarative document types: how to recognise each kind of document and which fields to read from it. Adding a
 * type is adding an entry here. The baseline classifier scores `signals` (phrases found on the first pages); the
 * baseline extractor finds each field's `labels` on a line and reads the value after it (same line) or below it.
 */

/**
 * Labels that are not fields Docket reads but sit on the same forms. Text starting with one (or with any field's
 * label) is a label, never a value: on a form whose labels run in a row above their values, the words right of a
 * label are the next label, and the value is below.
 */
export const COMMON_FORM_LABELS: readonly RegExp[] = [
  /^(marital status|citizenship|phone|home phone|cell phone|e-?mail|housing|dependents)\b/i,
  /^(position( or title)?|title|job title|occupancy|overtime|bonus|commission|total monthly income|years in (line of )?work)\b/i,
  /^(employer address|account type|financial institution|cash or market value|liability|creditor|monthly payment)\b/i,
  /^(federal income tax withheld|social security (wages|tax withheld)|medicare (wages and tips|tax withheld)|employee'?s address|employer'?s address)\b/i,
  /^(pay period( start| end)?|period (start|end)|check (no|number|date)|pay date|net pay|gross pay)\b/i,
  /^(account holder|account (number|no)|mailing address|statement (period|date)|beginning balance|ending balance)\b/i,
];

export type FieldKind = 'money' | 'date' | 'ssn' | 'year' | 'text';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  /** Case-insensitive label patterns, most specific first. */
  labels: RegExp[];
  required: boolean;
  /** Field values that are PII: masked in logs, events and summaries. */
  pii?: boolean;
  /** Which value to take when the text after the label holds several (a period "10/01 - 10/15" ends on the last). */
  take?: 'first' | 'last';
  /** The normalized value must match this (an EIN's shape, a name without digits); else it is not this field. */
  validate?: RegExp;
  /** Where a value sits in prose (letters): patterns over the page's text with a named group `value`, tried first. */
  patterns?: RegExp[];
  /**
   * When no label is found: the value recognised by its shape alone, for documents whose labels are tiny and OCR
   * often loses them (an ID card's "DOB" and "EXP"). `pattern`: the one word on the document matching it (two
   * different matches: no value). `dateRank`: the earliest or the latest of the dates on the document (at least two).
   * `line`: the one line matching it whole, the value its named group `value` (a line of capitals that is a name).
   * Read with a lower confidence than a labelled value.
   */
  byShape?: { pattern: RegExp } | { dateRank: 'earliest' | 'latest' } | { line: RegExp };
  /**
   * A value that is there but does not parse (OCR garbled the digits of a date) is kept with a null normalized value:
   * the field is present and unread, for a person to read, rather than absent. An application whose date line is
   * filled in is not undated.
   */
  keepUnparsed?: boolean;
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

export interface DocumentTypeSpec {
  type: DocumentType;
  title: string;
  /** Phrases that identify the type, each with a weight. */
  signals: { pattern: RegExp; weight: number }[];
  fields: FieldSpec[];
  tables?: TableSpec[];
  signatures?: SignatureSpec[];
  /**
   * Little text by nature (an ID card): a segment that reads as a few words is still this type when the classifier
   * says so, rather than an unreadable "unknown" (activities/document/split-document.ts).
   */
  sparseText?: boolean;
}

export const DOCUMENT_TYPES = [
  'urla_1003',
  'w2',
  'pay_stub',
  'bank_statement',
  'id_card',
  'voe_letter',
  'unknown',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/**
 * A person's name: letters, spaces, commas, periods, apostrophes and hyphens, never digits or OCR's stray symbols
 * ("RBROOK, C/"), and none of the form's own words: OCR that misses a name reads the neighbouring label instead ("Statement perjoq", "Mailing TR",
 * "Box 1 Wages, tips, other compensation").
 */
const NAME_SHAPE = /^(?!.*\b(?:statement|mailing|address|addr|wages|compensation|period|employer|employee|account|balance|box|date|number|social|security)\b)(?!.*[/\\|{}[\]<>=+_~#@$%^*;])[^\d]{2,}$/i;
/**
 * An organisation's name: four letters at least, not opening with a house number, none of the form's income words.
 * What OCR leaves of a label or a rule ("oN", "a7", "Seep Monthly Income", "Box 2 Federal income tax withheld") and
 * the next column's street address ("2754 Wren") are not employers, nor is a box label ("Box 2 Federal {neome").
 */
const EMPLOYER_SHAPE = /^(?!\d)(?!box\s*\d)(?!.*\b(?:income|monthly|withheld|wages|compensation|address)\b)(?=(?:[^A-Za-z]*[A-Za-z]){4})/i;

/**
 * Lines of an ID card by their shape, for when OCR loses the card's tiny labels: a name is two to four words in
 * capitals ending the line ("BRIGHTWATER, MATEO E"), not the card's own title words; a street is a house number and
 * words in capitals. Either may follow what is left of the label: a short run of letters ("nave", "appr").
 */
const ID_NAME_LINE = /^(?!.*\b(?:STATE|DRIVER'?S?|LICEN[CS]E|IDENTIFICATION|CARD|CLASS|DONOR|VETERAN)\b)(?:[A-Za-z.:]{1,5}\s+)?(?<value>[A-Z][A-Z'-]+,?(?:\s[A-Z][A-Z'.-]*){1,3})$/;
const ID_STREET_LINE = /^(?:[A-Za-z.:]{1,5}\s+)?(?<value>\d{1,6}\s+[A-Z][A-Z]+(?:\s[A-Z][A-Z.]*){0,4})$/;

/**
 * A postal address opens with its house number or a post office box. What OCR leaves of a neighbouring label ("poB"
 * for DOB), a lone number ("38") or an address whose house number it lost is no address to compare.
 */
/** A licence or ID number: one word of letters, digits, dashes or asterisks, with four digits or more. */
const ID_NUMBER_SHAPE = /^(?=(?:\D*\d){4})[A-Z0-9*-]{5,20}$/i;

const ADDRESS_SHAPE = /^(?:\d+[A-Za-z]?\s+\S|p\.?\s*o\.?\s*box\b)/i;

const name = (labels: RegExp[], fieldName: string, required = true): FieldSpec => ({
  name: fieldName,
  kind: 'text',
  labels,
  required,
  pii: true,
  validate: NAME_SHAPE,
});

export const DOCUMENT_TYPE_SPECS: readonly DocumentTypeSpec[] = [
  {
    type: 'urla_1003',
    title: 'Uniform Residential Loan Application (URLA / Form 1003)',
    signals: [
      { pattern: /uniform residential loan application/i, weight: 5 },
      { pattern: /\b(form\s*)?1003\b/i, weight: 2 },
      { pattern: /borrower information/i, weight: 1 },
      { pattern: /declarations/i, weight: 1 },
    ],
    fields: [
      name([/(?<!co-)borrower name/i, /applicant name/i, /^name\b/i], 'borrower_name'),
      { name: 'ssn', kind: 'ssn', labels: [/social security number/i, /^ssn\b/i], required: true, pii: true },
      { name: 'date_of_birth', kind: 'date', labels: [/date of birth/i, /\bdob\b/i], required: true, pii: true },
      { name: 'current_address', kind: 'text', labels: [/current address/i, /present address/i], required: false, pii: true, validate: ADDRESS_SHAPE },
      { name: 'employer_name', kind: 'text', labels: [/employer name/i, /employer\b/i], required: true, validate: EMPLOYER_SHAPE },
      { name: 'employment_start_date', kind: 'date', labels: [/start date/i, /date hired/i], required: false },
      { name: 'monthly_income', kind: 'money', labels: [/base monthly income/i, /monthly income/i], required: true },
      { name: 'loan_amount', kind: 'money', labels: [/loan amount/i], required: true },
      { name: 'loan_purpose', kind: 'text', labels: [/loan purpose/i, /purpose of loan/i], required: false },
      { name: 'property_address', kind: 'text', labels: [/property address/i, /subject property/i], required: false, pii: true, validate: ADDRESS_SHAPE },
      name([/co-?borrower name/i], 'co_borrower_name', false),
      { name: 'co_borrower_ssn', kind: 'ssn', labels: [/co-?borrower ssn/i, /co-?borrower social security/i], required: false, pii: true },
      { name: 'application_date', kind: 'date', labels: [/application date/i, /date signed/i, /^date(?! of birth)\b/i], required: true, keepUnparsed: true },
    ],
    signatures: [{ name: 'borrower_signature', label: /borrower signature/i, until: /date signed/i }],
  },
  {
    type: 'w2',
    title: 'Form W-2, Wage and Tax Statement',
    signals: [
      { pattern: /wage and tax statement/i, weight: 5 },
      { pattern: /\bw-?2\b/i, weight: 2 },
      { pattern: /wages, tips, other comp/i, weight: 3 },
      { pattern: /employer identification number|\bEIN\b/i, weight: 1 },
    ],
    fields: [
      { name: 'tax_year', kind: 'year', labels: [/tax year/i, /\bform w-?2\b/i], required: true },
      { name: 'employer_name', kind: 'text', labels: [/employer'?s name, address,? and zip code/i, /employer'?s name/i, /employer name/i], required: true, validate: EMPLOYER_SHAPE },
      { name: 'employer_ein', kind: 'text', labels: [/employer identification number(\s*\(EIN\))?/i, /\bEIN\b:?/i], required: false, validate: /^\d{2}-?\d{7}$/ },
      name([/employee'?s name/i, /employee name/i], 'employee_name'),
      { name: 'employee_ssn', kind: 'ssn', labels: [/employee'?s social security number/i, /employee'?s ssn/i, /\bssn\b/i], required: false, pii: true },
      { name: 'wages', kind: 'money', labels: [/(box )?[1Il|] wages,? tips[,.]? other(?: |-)comp\w*/i, /wages,? tips[,.]? other(?: |-)comp\w*/i], required: true },
    ],
  },
  {
    type: 'pay_stub',
    title: 'Pay stub (earnings statement)',
    signals: [
      { pattern: /earnings statement/i, weight: 4 },
      { pattern: /pay stub|paystub/i, weight: 4 },
      { pattern: /pay period/i, weight: 2 },
      { pattern: /\bytd\b|year to date/i, weight: 1 },
      { pattern: /net pay/i, weight: 1 },
    ],
    fields: [
      { name: 'employer_name', kind: 'text', labels: [/employer name/i, /employer\b/i, /company/i], required: true, validate: EMPLOYER_SHAPE },
      name([/employee name/i, /employee\b/i], 'employee_name'),
      { name: 'pay_period_end', kind: 'date', labels: [/pay period end/i, /period end/i, /pay period/i], required: true, take: 'last' },
      { name: 'pay_date', kind: 'date', labels: [/pay date/i, /check date/i], required: true },
      { name: 'gross_pay_current', kind: 'money', labels: [/gross pay \(?current\)?/i, /current gross/i, /gross pay/i], required: true },
      { name: 'gross_pay_ytd', kind: 'money', labels: [/gross pay \(?ytd\)?/i, /ytd gross/i, /year to date gross/i], required: true },
      { name: 'net_pay', kind: 'money', labels: [/net pay/i], required: false },
    ],
  },
  {
    type: 'bank_statement',
    title: 'Bank statement',
    signals: [
      { pattern: /statement of account/i, weight: 4 },
      { pattern: /bank statement/i, weight: 4 },
      { pattern: /beginning balance|opening balance/i, weight: 2 },
      { pattern: /ending balance|closing balance/i, weight: 2 },
      { pattern: /deposits|withdrawals/i, weight: 1 },
    ],
    fields: [
      name([/account holder/i, /account name/i], 'account_holder'),
      { name: 'mailing_address', kind: 'text', labels: [/mailing address/i, /^address\b/i], required: false, pii: true, validate: ADDRESS_SHAPE },
      { name: 'account_number', kind: 'text', labels: [/account number/i, /account no/i], required: false, pii: true },
      { name: 'statement_period_end', kind: 'date', labels: [/period end/i, /statement period/i, /statement date/i], required: true, take: 'last' },
      { name: 'beginning_balance', kind: 'money', labels: [/beginning balance/i, /opening balance/i], required: true },
      { name: 'ending_balance', kind: 'money', labels: [/ending balance/i, /closing balance/i], required: true },
    ],
    tables: [
      {
        name: 'transactions',
        columns: { date: /^date$/i, description: /^(description|details|transaction)$/i, debit: /^(withdrawals?|debits?)$/i, credit: /^(deposits?|credits?)$/i, balance: /^balance$/i },
      },
    ],
  },
  {
    type: 'id_card',
    sparseText: true,
    title: "Driver's license or state ID",
    signals: [
      { pattern: /driver'?s? licen[cs]e/i, weight: 4 },
      { pattern: /identification card/i, weight: 4 },
      { pattern: /\bDL\b|\bDLN\b/, weight: 1 },
      { pattern: /\bexp(ires)?\b/i, weight: 1 },
    ],
    fields: [
      // What OCR leaves of a tiny label ("nave", "appr") may stand before a value recognised by its shape.
      { ...name([/^name\b/i, /full name/i], 'full_name'), byShape: { line: ID_NAME_LINE } },
      // A card holds its holder's birth date, the issue date and the expiry: birth is the earliest, expiry the latest.
      { name: 'date_of_birth', kind: 'date', labels: [/date of birth/i, /\bdob\b/i], required: true, pii: true, byShape: { dateRank: 'earliest' } },
      { name: 'street_address', kind: 'text', labels: [/^addr(ess)?\b/i], required: false, pii: true, validate: ADDRESS_SHAPE, byShape: { line: ID_STREET_LINE } },
      // License and ID numbers: up to three letters, then six to twelve digits (a date or a ZIP code is never one).
      { name: 'id_number', kind: 'text', labels: [/\bDLN?\b/, /licen[cs]e (no|number)/i, /id (no|number)/i], required: true, pii: true, validate: ID_NUMBER_SHAPE, byShape: { pattern: /^[A-Z]{0,3}\d{6,12}$/ } },
      { name: 'expiration_date', kind: 'date', labels: [/\bexp(ires|iration)?\b/i], required: true, byShape: { dateRank: 'latest' } },
    ],
  },
  {
    type: 'voe_letter',
    title: 'Verification of employment letter',
    signals: [
      { pattern: /verification of employment/i, weight: 5 },
      { pattern: /to whom it may concern/i, weight: 1 },
      { pattern: /employed (with|by|at)/i, weight: 2 },
    ],
    fields: [
      {
        name: 'employer_name',
        kind: 'text',
        labels: [/employer name/i, /employer\b/i],
        patterns: [/has been employed by (?<value>.+?) since\b/i, /employee, (?<value>.+?) verifies that/i],
        required: true,
        validate: EMPLOYER_SHAPE,
      },
      {
        ...name([/employee name/i, /^employee\b/i], 'employee_name'),
        patterns: [/confirms that (?<value>.+?) has been employed/i, /verifies that (?<value>.+?) holds the position/i],
      },
      { name: 'hire_date', kind: 'date', labels: [/hire date/i, /start date/i, /employed since/i], patterns: [/\bsince (?<value>\w+ \d{1,2}, \d{4}|\d{1,2}\/\d{1,2}\/\d{4})/i], required: false },
      { name: 'annual_salary', kind: 'money', labels: [/annual (base )?salary/i, /base salary/i, /annual (base )?pay/i], patterns: [/salary(?: is|:)? (?<value>\$[\d,]+(?:\.\d{2})?)/i], required: false },
    ],
  },
];

export function documentTypeSpec(type: DocumentType): DocumentTypeSpec | undefined {
  return DOCUMENT_TYPE_SPECS.find((s) => s.type === type);
}

/**
 * Baseline completeness rule: the documents every packet must hold. The RAG/rules issue replaces this with
 * requirements by loan purpose and employment type.
 */
export const REQUIRED_DOCUMENT_TYPES: readonly DocumentType[] = ['urla_1003', 'w2', 'pay_stub', 'bank_statement'];
