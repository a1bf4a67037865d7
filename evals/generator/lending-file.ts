import type { FieldKind } from '../../core/document-types.js';
import type { Facts } from './documents.js';
import { heading, prose, section, sectionTitle, table, type Item, type Look, type SectionStyle } from './form-kit.js';
import type { DocWriter } from './page-writer.js';
import { addDays, fmtDate, fullName, int, money, oneLine, pick, plainMoney, type DateStyle, type Rand } from './story.js';

/**
 * The rest of a lender's file (issue 18): tax forms, disclosures, verifications, IDs, insurance, property papers,
 * letters, and distractors that are none of these. Each type is data: what the document says (its sections of labelled
 * values, a table, prose with values in it, a signature), built from the packet's story; how it looks is a layout
 * family that draws any such content. Three tuning families (the inline, boxed and column styles of form-kit) and two
 * held-out ones (labels above values in numbered cells; an A4 ledger with dotted leaders) give every type five
 * layouts, two of which nothing is tuned on.
 */

/** The truth types of a lender's file beyond the six Docket reads today (the real set's vocabulary, evals/real). */
export const EXTRA_TYPES = [
  '1099_int', '1099_div', '1099_misc', '1099_nec', '1099_r', 'ssa_1099', '1040', 'schedule_c', 'schedule_e', '4506_c',
  'loan_estimate', 'closing_disclosure', 'form_1008', 'voe_1005', 'verification_of_deposit', 'payroll_check',
  'brokerage_statement', 'passport', 'social_security_card', 'gift_letter', 'letter_of_explanation',
  'insurance_declaration', 'hoa_statement', 'utility_bill', 'purchase_contract', 'appraisal', 'credit_report',
] as const;
export type ExtraType = (typeof EXTRA_TYPES)[number];

/** Papers that are no lending document: the truth calls them `other`. */
export const DISTRACTORS = ['invoice', 'receipt', 'flyer'] as const;
export type Distractor = (typeof DISTRACTORS)[number];

export interface Content {
  title: string;
  /** Who issued it: the first line above the title. */
  issuer: string;
  sections: { title?: string; items: Item[] }[];
  table?: { columns: string[]; rows: string[][] };
  /** A letter's body: text with values in it. */
  prose?: (string | Item)[];
  signature?: { name: string; signer: string };
  footer?: string;
}

export interface ContentContext {
  facts: Facts;
  rand: Rand;
  index: number;
  /** Dates as this layout family prints them. */
  date: (d: Date) => string;
}

const f = (label: string, value: string, field: string, kind: FieldKind, normalized?: string): Item => ({ label, value, field, kind, ...(normalized ? { normalized } : {}) });
const p = (label: string, value: string): Item => ({ label, value });
const taxYear = (c: ContentContext) => c.facts.story.applicationDate.getUTCFullYear() - 1 - c.index;
const who = (c: ContentContext) => fullName(c.facts.story.borrower);
const wages = (c: ContentContext) => Math.round(c.facts.story.annual * 0.97);

/** A 1099-family form: payer, recipient, year, and the boxes given. */
const form1099 = (form: string, boxes: (c: ContentContext) => Item[]) => (c: ContentContext): Content => {
  const s = c.facts.story;
  const payer = pick(c.rand, [s.bank.name, 'Keel & Anchor Brokerage', 'Evergreen Retirement Services', 'Orchard Street Partners LLC']);
  return {
    issuer: payer,
    title: `Form ${form}`,
    sections: [
      {
        items: [
          f("PAYER'S name", payer, 'payer_name', 'text'),
          f("PAYER'S TIN", `${int(c.rand, 10, 99)}-${int(c.rand, 1000000, 9999999)}`, 'payer_tin', 'text'),
          f("RECIPIENT'S name", c.facts.extra.recipient, 'recipient_name', 'text'),
          f("RECIPIENT'S TIN", `XXX-XX-${c.facts.extra.ssn.slice(-4)}`, 'recipient_tin', 'text'),
          p("Street address", oneLine(s.address)),
          f('Tax year', String(taxYear(c)), 'tax_year', 'year'),
          ...boxes(c),
        ],
      },
    ],
    footer: 'Copy B For Recipient. This is important tax information and is being furnished to the IRS.',
  };
};

const amount = (c: ContentContext, lo: number, hi: number) => int(c.rand, lo * 100, hi * 100) / 100;
/** A note rate in eighths of a point, 5.500 to 8.500, as disclosures print it. */
const noteRate = (c: ContentContext) => (5.5 + int(c.rand, 0, 24) / 8).toFixed(3);
/** An SSN with a digit missing (a defect) is no SSN: its truth is the text as printed. */
const ssnKind = (c: ContentContext): FieldKind => (c.facts.extra.ssnValid ? 'ssn' : 'text');

export const CONTENTS: Record<ExtraType | Distractor, (c: ContentContext) => Content> = {
  '1099_int': form1099('1099-INT Interest Income', (c) => [f('1 Interest income', money(amount(c, 12, 2400)), 'interest_income', 'money'), f('4 Federal income tax withheld', money(0), 'federal_tax_withheld', 'money')]),
  '1099_div': form1099('1099-DIV Dividends and Distributions', (c) => {
    const ordinary = amount(c, 40, 5200);
    return [f('1a Total ordinary dividends', money(ordinary), 'ordinary_dividends', 'money'), f('1b Qualified dividends', money(ordinary * 0.8), 'qualified_dividends', 'money')];
  }),
  '1099_misc': form1099('1099-MISC Miscellaneous Information', (c) => [f('1 Rents', money(amount(c, 6000, 24000)), 'rents', 'money'), f('3 Other income', money(amount(c, 100, 900)), 'other_income', 'money')]),
  '1099_nec': form1099('1099-NEC Nonemployee Compensation', (c) => [f('1 Nonemployee compensation', money(amount(c, 2000, 38000)), 'nonemployee_compensation', 'money')]),
  '1099_r': form1099('1099-R Distributions From Pensions, Annuities, Retirement', (c) => {
    const gross = amount(c, 3000, 30000);
    return [f('1 Gross distribution', money(gross), 'gross_distribution', 'money'), f('2a Taxable amount', money(gross), 'taxable_amount', 'money'), f('7 Distribution code(s)', pick(c.rand, ['7', '1', 'G']), 'distribution_code', 'text')];
  }),
  ssa_1099: (c) => {
    const b = c.facts.story.borrower;
    const net = amount(c, 9000, 26000);
    return {
      issuer: 'Social Security Administration',
      title: 'Form SSA-1099 Social Security Benefit Statement',
      sections: [{ items: [f('Box 1. Name', fullName(b), 'beneficiary_name', 'text'), f('Box 2. Beneficiary\'s Social Security Number', c.facts.extra.ssn, 'beneficiary_ssn', ssnKind(c)), f('Tax year', String(taxYear(c)), 'tax_year', 'year'), p('Box 3. Benefits paid', money(net)), f('Box 5. Net benefits', money(net), 'net_benefits', 'money')] }],
      footer: 'DO NOT RETURN THIS FORM TO SSA OR IRS',
    };
  },
  '1040': (c) => {
    const s = c.facts.story;
    const w = wages(c);
    const interest = amount(c, 20, 900);
    const agi = w + interest;
    const taxable = Math.max(0, agi - 14600);
    return {
      issuer: 'Department of the Treasury - Internal Revenue Service',
      title: `Form 1040 U.S. Individual Income Tax Return ${taxYear(c)}`,
      sections: [
        { items: [f('Your first name and middle initial / Last name', who(c), 'taxpayer_name', 'text'), f('Your social security number', c.facts.extra.ssn, 'taxpayer_ssn', ssnKind(c)), f('Tax year', String(taxYear(c)), 'tax_year', 'year'), f('Filing Status', s.coBorrower ? 'Married filing jointly' : 'Single', 'filing_status', 'text'), p('Home address', oneLine(s.address))] },
        { title: 'Income', items: [f('1z Wages, salaries, tips', plainMoney(w), 'wages', 'money'), p('2b Taxable interest', plainMoney(interest)), f('9 Total income', plainMoney(agi), 'total_income', 'money'), f('11 Adjusted gross income', plainMoney(agi), 'adjusted_gross_income', 'money'), f('15 Taxable income', plainMoney(taxable), 'taxable_income', 'money')] },
      ],
      signature: { name: 'taxpayer_signature', signer: who(c) },
    };
  },
  schedule_c: (c) => {
    const receipts = amount(c, 18000, 90000);
    const expenses = receipts * (0.3 + c.rand() * 0.4);
    return {
      issuer: 'Department of the Treasury - Internal Revenue Service',
      title: `SCHEDULE C (Form 1040) Profit or Loss From Business ${taxYear(c)}`,
      sections: [{ items: [f('Name of proprietor', who(c), 'proprietor_name', 'text'), f('Business name', pick(c.rand, ['Quiet Harbor Consulting', 'Pinecrest Tutoring', 'Redline Courier']), 'business_name', 'text'), f('Tax year', String(taxYear(c)), 'tax_year', 'year'), f('1 Gross receipts or sales', plainMoney(receipts), 'gross_receipts', 'money'), p('28 Total expenses', plainMoney(expenses)), f('31 Net profit or (loss)', plainMoney(receipts - expenses), 'net_profit', 'money')] }],
    };
  },
  schedule_e: (c) => {
    const rents = amount(c, 9000, 30000);
    const expenses = rents * (0.4 + c.rand() * 0.3);
    return {
      issuer: 'Department of the Treasury - Internal Revenue Service',
      title: `SCHEDULE E (Form 1040) Supplemental Income and Loss ${taxYear(c)}`,
      sections: [{ items: [f('Name(s) shown on return', who(c), 'taxpayer_name', 'text'), f('1a Physical address of each property', oneLine(c.facts.story.property), 'property_address', 'text'), f('3 Rents received', plainMoney(rents), 'rents_received', 'money'), f('20 Total expenses', plainMoney(expenses), 'total_expenses', 'money'), f('26 Total rental real estate income or (loss)', plainMoney(rents - expenses), 'net_rental_income', 'money')] }],
    };
  },
  '4506_c': (c) => ({
    issuer: 'Department of the Treasury - Internal Revenue Service',
    title: 'Form 4506-C IVES Request for Transcript of Tax Return',
    sections: [{ items: [f('1a Current name', who(c), 'taxpayer_name', 'text'), f('1b First taxpayer identification number', c.facts.extra.ssn, 'taxpayer_ssn', ssnKind(c)), p('3 Current address', oneLine(c.facts.story.address)), p('6 Transcript requested', 'Return Transcript'), f('8 Year or period requested', `12/31/${taxYear(c)}  12/31/${taxYear(c) - 1}`, 'tax_periods', 'text')] }],
    signature: { name: 'taxpayer_signature', signer: who(c) },
  }),
  loan_estimate: (c) => {
    const s = c.facts.story;
    const rate = noteRate(c);
    const pi = monthlyPayment(s.loanAmount, Number(rate), 30);
    return {
      issuer: `${pick(c.rand, ['Harborview', 'Keystone', 'Summit Ridge'])} Mortgage Co.`,
      title: 'Loan Estimate',
      sections: [
        { items: [f('Applicants', who(c), 'borrower_name', 'text'), f('Property', oneLine(s.property), 'property_address', 'text'), f('Date Issued', c.date(addDays(s.applicationDate, 3)), 'date_issued', 'date'), p('Loan Term', '30 years'), p('Purpose', s.loanPurpose)] },
        { title: 'Loan Terms', items: [f('Loan Amount', money(s.loanAmount), 'loan_amount', 'money'), f('Interest Rate', `${rate} %`, 'interest_rate', 'text'), f('Monthly Principal & Interest', money(pi), 'monthly_principal_interest', 'money'), f('Estimated Cash to Close', money(s.loanAmount * 0.06), 'cash_to_close', 'money')] },
      ],
    };
  },
  closing_disclosure: (c) => {
    const s = c.facts.story;
    const rate = noteRate(c);
    return {
      issuer: 'Closing Disclosure',
      title: 'Closing Disclosure',
      sections: [
        { title: 'Closing Information', items: [f('Closing Date', c.date(addDays(s.applicationDate, 35)), 'closing_date', 'date'), f('Property', oneLine(s.property), 'property_address', 'text'), f('Borrower', who(c), 'borrower_name', 'text'), p('Sale Price', money(s.loanAmount * 1.2))] },
        { title: 'Loan Terms', items: [f('Loan Amount', money(s.loanAmount), 'loan_amount', 'money'), f('Interest Rate', `${rate}%`, 'interest_rate', 'text'), f('Monthly Principal & Interest', money(monthlyPayment(s.loanAmount, Number(rate), 30)), 'monthly_principal_interest', 'money'), f('Cash to Close', money(s.loanAmount * 0.055), 'cash_to_close', 'money')] },
      ],
    };
  },
  form_1008: (c) => {
    const s = c.facts.story;
    return {
      issuer: 'Fannie Mae Form 1008',
      title: 'Uniform Underwriting and Transmittal Summary',
      sections: [
        { title: 'I. Borrower and Property Information', items: [f('Borrower Name', who(c), 'borrower_name', 'text'), f('Property Address', oneLine(s.property), 'property_address', 'text'), f('Appraised Value', money(s.loanAmount * 1.25), 'appraised_value', 'money')] },
        { title: 'II. Mortgage Information', items: [f('Note Rate', `${noteRate(c)}%`, 'note_rate', 'text'), f('Loan Amount', money(s.loanAmount), 'loan_amount', 'money')] },
        { title: 'III. Underwriting Information', items: [f('Total Income (Borrower)', money(s.annual / 12), 'total_monthly_income', 'money'), p('Total Debt Ratio', `${int(c.rand, 22, 44)}.${int(c.rand, 0, 9)}%`)] },
      ],
    };
  },
  voe_1005: (c) => {
    const s = c.facts.story;
    return {
      issuer: 'Fannie Mae Form 1005',
      title: 'Request for Verification of Employment',
      sections: [
        { title: 'Part I - Request', items: [f('1. To (Name and address of employer)', c.facts.voe.employer, 'employer_name', 'text'), f('7. Name and Address of Applicant', c.facts.voe.name, 'employee_name', 'text')] },
        { title: 'Part II - Verification of Present Employment', items: [f("9. Applicant's Date of Employment", c.date(s.employer.hireDate), 'hire_date', 'date'), p('10. Present Position', s.employer.position), f('12A. Current Gross Base Pay - Annual', money(s.annual), 'annual_salary', 'money')] },
      ],
      signature: { name: 'employer_signature', signer: 'M. Okafor' },
    };
  },
  verification_of_deposit: (c) => {
    const s = c.facts.story;
    return {
      issuer: s.bank.name,
      title: 'Request for Verification of Deposit',
      sections: [
        { title: 'Part I - Request', items: [f('1. To (Name and address of depository)', s.bank.name, 'institution_name', 'text'), f('8. Name and Address of Applicant(s)', who(c), 'account_holder', 'text')] },
        { title: 'Part II - Verification of Depository', items: [p('Type of Account', 'Checking'), f('Account Number', s.bank.accountNumber, 'account_number', 'text'), f('Current Balance', money(amount(c, 2500, 40000)), 'current_balance', 'money'), f('Date Opened', c.date(addDays(s.applicationDate, -int(c.rand, 800, 4000))), 'date_opened', 'date')] },
      ],
    };
  },
  payroll_check: (c) => {
    const s = c.facts.story;
    const pay = addDays(c.facts.payStub.lastPayDate, -14 * (c.index + 2));
    return {
      issuer: s.employer.name,
      title: 'PAYROLL CHECK',
      sections: [{ items: [f('Check No.', String(int(c.rand, 1000, 99999)), 'check_number', 'text'), f('Date', c.date(pay), 'check_date', 'date'), f('Pay to the order of', c.facts.payStub.name, 'payee_name', 'text'), f('Amount', money((s.annual / 26) * 0.77), 'amount', 'money'), f('Payer', s.employer.name, 'payer_name', 'text')] }],
      footer: 'VOID AFTER 90 DAYS',
    };
  },
  brokerage_statement: (c) => {
    const s = c.facts.story;
    const end = addDays(s.applicationDate, -int(c.rand, 10, 40));
    const value = amount(c, 8000, 240000);
    const firm = pick(c.rand, ['Keel & Anchor Brokerage', 'Evergreen Retirement Services', 'Lodestar Investments']);
    return {
      issuer: firm,
      title: pick(c.rand, ['Investment Account Statement', 'Retirement Account Statement']),
      sections: [{ items: [f('Account owner', who(c), 'account_holder', 'text'), f('Account number', `${int(c.rand, 1000, 9999)}-${int(c.rand, 1000, 9999)}`, 'account_number', 'text'), f('Period ending', c.date(end), 'statement_period_end', 'date'), f('Total account value', money(value), 'ending_value', 'money')] }],
      table: { columns: ['Holding', 'Quantity', 'Price', 'Value'], rows: [['Total Market Index Fund', '120.000', '212.40', plainMoney(value * 0.6)], ['Intermediate Bond Fund', '300.000', '10.85', plainMoney(value * 0.3)], ['Money Market', '', '', plainMoney(value * 0.1)]] },
    };
  },
  passport: (c) => {
    const s = c.facts.story;
    const b = s.borrower;
    return {
      issuer: 'United States of America',
      title: 'PASSPORT',
      sections: [{ items: [f('Passport No.', `${int(c.rand, 500000000, 599999999)}`, 'passport_number', 'text'), f('Surname', b.last.toUpperCase(), 'surname', 'text'), f('Given Names', `${b.first.toUpperCase()} ${b.middle}`, 'given_names', 'text'), p('Nationality', 'UNITED STATES OF AMERICA'), f('Date of birth', c.date(b.dob), 'date_of_birth', 'date'), f('Date of expiration', c.date(addDays(s.applicationDate, int(c.rand, 300, 3000))), 'expiration_date', 'date')] }],
    };
  },
  social_security_card: (c) => ({
    issuer: 'Social Security',
    title: 'SOCIAL SECURITY',
    sections: [{ items: [f('This number has been established for', who(c).toUpperCase(), 'full_name', 'text'), f('Number', c.facts.extra.ssn, 'ssn', ssnKind(c))] }],
    signature: { name: 'holder_signature', signer: who(c) },
  }),
  gift_letter: (c) => {
    const s = c.facts.story;
    const donor = `${pick(c.rand, ['Margaret', 'Harold', 'Denise', 'Walter'])} ${s.borrower.last}`;
    const gift = Math.round(s.loanAmount * 0.05 / 100) * 100;
    return {
      issuer: 'Gift Letter',
      title: 'Gift Letter',
      sections: [],
      prose: ['I, ', f('', donor, 'donor_name', 'text'), ', have given a gift of ', f('', money(gift), 'gift_amount', 'money'), ' to ', f('', who(c), 'recipient_name', 'text'), `, my ${pick(c.rand, ['son', 'daughter', 'nephew', 'niece'])}, toward the purchase of `, f('', oneLine(s.property), 'property_address', 'text')],
      signature: { name: 'donor_signature', signer: donor },
      footer: 'No repayment of this gift is expected or implied.',
    };
  },
  letter_of_explanation: (c) => {
    const s = c.facts.story;
    return {
      issuer: oneLine(s.address),
      title: 'Letter of Explanation',
      sections: [{ items: [f('Date', c.date(addDays(s.applicationDate, -2)), 'letter_date', 'date'), f('Borrower', who(c), 'borrower_name', 'text')] }],
      prose: [pick(c.rand, ['The credit inquiry of last spring was for a car loan I did not take.', 'The deposit on my statement is the sale of my old car to a neighbour.', 'The gap in my employment was a planned move between two positions.']), ' I am glad to provide anything further.'],
      signature: { name: 'borrower_signature', signer: who(c) },
    };
  },
  insurance_declaration: (c) => {
    const s = c.facts.story;
    const start = addDays(s.applicationDate, int(c.rand, 10, 40));
    return {
      issuer: pick(c.rand, ['Granite Shield Insurance', 'Bayside Mutual', 'Hearthstone Home Assurance']),
      title: 'Homeowners Policy Declarations',
      sections: [{ items: [f('Named Insured', who(c), 'insured_name', 'text'), f('Policy Number', `HO-${int(c.rand, 1000000, 9999999)}`, 'policy_number', 'text'), f('Residence Premises', oneLine(s.property), 'property_address', 'text'), f('Policy Period From', c.date(start), 'effective_date', 'date'), f('To', c.date(addDays(start, 365)), 'expiration_date', 'date'), f('Coverage A - Dwelling', money(Math.round(s.loanAmount * 1.1 / 1000) * 1000), 'dwelling_coverage', 'money'), f('Annual Premium', money(amount(c, 900, 3200)), 'annual_premium', 'money')] }],
    };
  },
  hoa_statement: (c) => {
    const s = c.facts.story;
    const dues = amount(c, 90, 620);
    return {
      issuer: `${s.property.city} Commons Homeowners Association`,
      title: 'Homeowners Association Statement',
      sections: [{ items: [f('Owner', who(c), 'owner_name', 'text'), f('Property', oneLine(s.property), 'property_address', 'text'), f('Statement Date', c.date(addDays(s.applicationDate, -int(c.rand, 5, 30))), 'statement_date', 'date'), f('Monthly Assessment', money(dues), 'monthly_dues', 'money'), f('Balance Due', money(dues), 'balance_due', 'money')] }],
    };
  },
  utility_bill: (c) => {
    const s = c.facts.story;
    return {
      issuer: pick(c.rand, ['Riverbend Power & Light', 'Cascade Water District', 'Prairie Gas Company']),
      title: 'Your Monthly Bill',
      sections: [{ items: [f('Account Holder', who(c), 'account_holder', 'text'), f('Service Address', oneLine(s.address), 'service_address', 'text'), f('Bill Date', c.date(addDays(s.applicationDate, -int(c.rand, 5, 25))), 'statement_date', 'date'), f('Amount Due', money(amount(c, 40, 260)), 'amount_due', 'money')] }],
      table: { columns: ['Service', 'Usage', 'Charge'], rows: [['Basic service charge', '', '12.00'], ['Energy', `${int(c.rand, 300, 1400)} kWh`, plainMoney(amount(c, 30, 200))]] },
    };
  },
  purchase_contract: (c) => {
    const s = c.facts.story;
    const price = Math.round(s.loanAmount * 1.2 / 1000) * 1000;
    return {
      issuer: 'Residential Purchase Agreement',
      title: 'Residential Purchase Agreement',
      sections: [{ items: [f('Buyer', who(c), 'buyer_name', 'text'), f('Seller', `${pick(c.rand, ['Gideon', 'Rosalind', 'Omar'])} ${pick(c.rand, ['Whitcombe', 'Abernathy', 'Castellano'])}`, 'seller_name', 'text'), f('Property', oneLine(s.property), 'property_address', 'text'), f('Purchase Price', money(price), 'purchase_price', 'money'), f('Earnest Money Deposit', money(price * 0.02), 'earnest_money', 'money'), f('Date of Agreement', c.date(addDays(s.applicationDate, -int(c.rand, 3, 20))), 'contract_date', 'date')] }],
      signature: { name: 'buyer_signature', signer: who(c) },
    };
  },
  appraisal: (c) => {
    const s = c.facts.story;
    return {
      issuer: 'Uniform Residential Appraisal Report',
      title: 'Uniform Residential Appraisal Report - Summary',
      sections: [{ items: [f('Property Address', oneLine(s.property), 'property_address', 'text'), f('Borrower', who(c), 'borrower_name', 'text'), f('Appraised Value', money(Math.round(s.loanAmount * 1.25 / 1000) * 1000), 'appraised_value', 'money'), f('Effective Date of Appraisal', c.date(addDays(s.applicationDate, int(c.rand, 5, 20))), 'effective_date', 'date'), f('Appraiser', `${pick(c.rand, ['Lena', 'Victor', 'Ruth'])} ${pick(c.rand, ['Ostrowski', 'Delacroix', 'Pembrook'])}`, 'appraiser_name', 'text')] }],
    };
  },
  credit_report: (c) => {
    const s = c.facts.story;
    return {
      issuer: pick(c.rand, ['Tri-Merge Credit Services', 'Meridian Credit Reporting']),
      title: 'Residential Mortgage Credit Report',
      sections: [{ items: [f('Applicant', who(c), 'borrower_name', 'text'), f('SSN', c.facts.extra.ssn, 'ssn', ssnKind(c)), f('Report Date', c.date(addDays(s.applicationDate, 1)), 'report_date', 'date'), f('Representative Score', String(int(c.rand, 640, 810)), 'credit_score', 'text'), f('Total Monthly Payments', money(amount(c, 150, 1800)), 'total_monthly_payments', 'money')] }],
      table: { columns: ['Creditor', 'Type', 'Balance', 'Payment'], rows: [['Aurora Auto Finance', 'Installment', plainMoney(amount(c, 3000, 22000)), plainMoney(amount(c, 150, 600))], ['Bluecrest Card', 'Revolving', plainMoney(amount(c, 200, 5000)), plainMoney(amount(c, 25, 150))]] },
    };
  },
  invoice: (c) => {
    const vendor = pick(c.rand, ['Brightline Office Supply', 'Kettle & Crane Catering', 'Oakmont Landscaping']);
    const total = amount(c, 80, 2400);
    return {
      issuer: vendor,
      title: 'INVOICE',
      sections: [{ items: [f('Invoice #', `INV-${int(c.rand, 10000, 99999)}`, 'invoice_number', 'text'), f('Invoice Date', c.date(addDays(c.facts.story.applicationDate, -int(c.rand, 10, 200))), 'invoice_date', 'date'), f('Total Due', money(total), 'total', 'money')] }],
      table: { columns: ['Description', 'Qty', 'Amount'], rows: [['Services rendered', '1', plainMoney(total)]] },
    };
  },
  receipt: (c) => {
    const total = amount(c, 4, 180);
    return {
      issuer: pick(c.rand, ['CORNER MARKET #118', 'QUICKFUEL 2204', 'HARBOR HARDWARE']),
      title: 'SALES RECEIPT',
      sections: [{ items: [f('Date', c.date(addDays(c.facts.story.applicationDate, -int(c.rand, 1, 60))), 'date', 'date'), f('TOTAL', money(total), 'total', 'money'), p('VISA **** ', String(int(c.rand, 1000, 9999)))] }],
      footer: 'THANK YOU FOR SHOPPING WITH US',
    };
  },
  flyer: (c) => ({
    issuer: pick(c.rand, ['Lantern Falls Community Center', 'Goldmere Farmers Market']),
    title: pick(c.rand, ['Spring Open House', 'Summer Concert Series']),
    sections: [],
    prose: ['Join your neighbours for music, food trucks and games for the kids. Free entry, all ages welcome. Bring a chair.'],
    footer: 'Sponsored by local businesses',
  }),
};

function monthlyPayment(principal: number, ratePct: number, years: number): number {
  const r = ratePct / 100 / 12;
  const n = years * 12;
  return Math.round(((principal * r) / (1 - (1 + r) ** -n)) * 100) / 100;
}

// ---------------------------------------------------------------- Layout families that draw any content

export type ContentRenderer = (w: DocWriter, content: Content) => Promise<void>;

const TUNING_LOOKS: { look: Look; style: SectionStyle; dates: DateStyle }[] = [
  { look: { font: 'sans', bold: 'sansBold', valueFont: 'sans', size: 10, valueSize: 10.5, margin: 54 }, style: 'inline', dates: 'us' },
  { look: { font: 'serif', bold: 'serifBold', valueFont: 'book', size: 10.5, valueSize: 11, margin: 66 }, style: 'boxed', dates: 'long' },
  { look: { font: 'mono', bold: 'mono', valueFont: 'monoModern', size: 9.5, valueSize: 10, margin: 48 }, style: 'columns', dates: 'short' },
];

/** The tuning families: form-kit's inline, boxed and column sections. */
function tuningRenderer(i: number): { render: ContentRenderer; dates: DateStyle } {
  const { look, style, dates } = TUNING_LOOKS[i]!;
  return {
    dates,
    render: async (w, c) => {
      w.newPage();
      await w.text(c.issuer, look.margin, 48, { font: look.font, size: 9 });
      let y = await heading(w, c.title, 72, look, 14);
      for (const sec of c.sections) {
        if (sec.title) y = await sectionTitle(w, sec.title, y, look, i !== 1);
        y = await section(w, sec.items, y, style, look);
      }
      if (c.table) {
        const width = (612 - 2 * look.margin) / c.table.columns.length;
        y = await table(w, c.table.columns.map((title, k) => ({ title, width, ...(k ? { align: 'right' as const } : {}) })), c.table.rows, y + 8, look);
      }
      if (c.prose) y = await prose(w, c.prose, y + 6, look);
      if (c.signature) await w.signature(c.signature.name, c.signature.signer, look.margin, y + 30, 200);
      if (c.footer) await w.text(c.footer, look.margin, 760, { font: look.font, size: 7.5 });
    },
  };
}

/** Held out: labels above values in numbered cells, three to a row, under a dark title band (the shape of many official forms). */
const cellsRenderer: ContentRenderer = async (w, c) => {
  w.newPage();
  w.rect(30, 30, 552, 26, { fill: [0.12, 0.16, 0.24] });
  await w.text(c.title, 38, 48, { font: 'sansBold', size: 12, color: [1, 1, 1] });
  await w.text(c.issuer, 38, 70, { font: 'sans', size: 8 });
  let y = 80;
  let n = 1;
  for (const sec of c.sections) {
    if (sec.title) {
      await w.text(sec.title.toUpperCase(), 30, y + 12, { font: 'sansBold', size: 8 });
      y += 18;
    }
    for (let i = 0; i < sec.items.length; i += 3) {
      for (const [j, item] of sec.items.slice(i, i + 3).entries()) {
        const x = 30 + j * 184;
        w.rect(x, y, 184, 32, { border: 0.5 });
        // Labels that carry their own box number keep it; the others are numbered in order.
        const caption = /^(\d|box\b)/i.test(item.label) ? item.label : `${n++} ${item.label}`.trim();
        await w.text(caption, x + 3, y + 8, { font: 'sans', size: 5.8 });
        const size = Math.min(9.5, 170 / (0.55 * Math.max(1, item.value.length)));
        if (item.field && item.kind) await w.field(item.field, item.kind, item.value, x + 5, y + 25, { font: 'sans', size }, item.normalized);
        else if (item.value) await w.text(item.value, x + 5, y + 25, { font: 'sans', size });
      }
      y += 32;
    }
    y += 8;
  }
  const look: Look = { font: 'sans', bold: 'sansBold', valueFont: 'sans', size: 9, valueSize: 9, margin: 30 };
  if (c.table) y = await table(w, c.table.columns.map((title) => ({ title, width: 552 / c.table!.columns.length })), c.table.rows, y + 14, look);
  if (c.prose) y = await prose(w, c.prose, y + 8, look);
  if (c.signature) await w.signature(c.signature.name, c.signature.signer, 30, y + 30, 240, 'hand');
  if (c.footer) await w.text(c.footer, 30, 770, { font: 'sans', size: 6.5 });
};

/** Held out: an A4 ledger: a centred serif title, "Label ........ value" lines with dotted leaders, values right-aligned. */
const ledgerRenderer: ContentRenderer = async (w, c) => {
  w.newPage({ w: 595, h: 842 });
  const centre = async (text: string, y: number, size: number, font: 'serif' | 'serifBold') => w.text(text, 297 - (await w.width(text, { font, size })) / 2, y, { font, size });
  await centre(c.issuer.toUpperCase(), 60, 9, 'serif');
  await centre(c.title, 84, 15, 'serifBold');
  let y = 120;
  for (const sec of c.sections) {
    if (sec.title) {
      await w.text(sec.title, 70, y, { font: 'serifBold', size: 10.5 });
      y += 18;
    }
    for (const item of sec.items) {
      const label = item.label.replace(/^\d+[a-z]?\.?\s+/i, '');
      await w.text(label, 70, y, { font: 'serif', size: 10 });
      const vw = await w.width(item.value, { font: 'serif', size: 10 });
      const lw = await w.width(label, { font: 'serif', size: 10 });
      const dot = await w.width(' .', { font: 'serif', size: 10 });
      // The leaders stop a dozen points short of the value, so that no dot is read as part of it.
      const dots = Math.max(0, Math.floor((513 - vw - (76 + lw)) / dot));
      if (dots) await w.text(' .'.repeat(dots), 76 + lw, y, { font: 'serif', size: 10 });
      if (item.field && item.kind) await w.field(item.field, item.kind, item.value, 525 - vw, y, { font: 'serif', size: 10 }, item.normalized);
      else if (item.value) await w.text(item.value, 525 - vw, y, { font: 'serif', size: 10 });
      y += 17;
    }
    y += 10;
  }
  const look: Look = { font: 'serif', bold: 'serifBold', valueFont: 'serif', size: 10, valueSize: 10, margin: 70 };
  if (c.table) y = await table(w, c.table.columns.map((title) => ({ title, width: 455 / c.table!.columns.length })), c.table.rows, y + 10, look);
  if (c.prose) y = await prose(w, c.prose, y + 8, look);
  if (c.signature) await w.signature(c.signature.name, c.signature.signer, 70, y + 30, 220);
  if (c.footer) await centre(c.footer, 800, 7.5, 'serif');
};

export interface ContentFamily {
  /** `<type>/<family>`, as in evals/generator/layout-families.ts. */
  suffix: string;
  split: 'tuning' | 'held-out';
  dates: DateStyle;
  render: ContentRenderer;
}

/** Five families for every content type: three tuning, two held out. */
export const CONTENT_FAMILIES: readonly ContentFamily[] = [
  ...[0, 1, 2].map((i): ContentFamily => ({ suffix: String(i), split: 'tuning', ...tuningRenderer(i) })),
  { suffix: 'numbered-cells', split: 'held-out', dates: 'us', render: cellsRenderer },
  { suffix: 'a4-ledger', split: 'held-out', dates: 'long', render: ledgerRenderer },
];

/** Draws one document of a content type in one family. */
export async function drawContent(w: DocWriter, type: ExtraType | Distractor, family: ContentFamily, facts: Facts, rand: Rand, index: number): Promise<void> {
  const content = CONTENTS[type]({ facts, rand, index, date: (d) => fmtDate(d, family.dates) });
  await family.render(w, content);
}
