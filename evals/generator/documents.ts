import { heading, prose, section, sectionTitle, table, type Item, type Look, type SectionStyle } from './form-kit.js';
import type { DocWriter, TruthTransaction } from './page-writer.js';
import { addDays, fmtDate, fullName, int, isoDate, money, monthName, oneLine, pick, plainMoney, type Address, type DateStyle, type Rand, type Story } from './story.js';

/**
 * What each document shows. Built from the story; defects change single values here (a different name on the W-2,
 * an inflated income on the application...), so every document drawing stays free of defect logic.
 */
export interface Facts {
  story: Story;
  urla: { monthlyIncome: number; signed: boolean; dated: boolean };
  /** `withholdingAboveWages`: box 2 exceeds box 1 (a defect of the full lending file). */
  w2: { name: string; ssn: string; employer: string; years: number; withholdingAboveWages?: boolean };
  payStub: { name: string; employer: string; lastPayDate: Date; count: number };
  bank: { holder: string; address: Address; lastPeriodEnd: Date; months: number; largeDeposit?: number; nsf: boolean; extraTransactions: number };
  id: { dob: Date; address: Address };
  voe: { employer: string; name: string };
  /** The rest of the lending file (evals/generator/lending-file.ts). */
  extra: { recipient: string; ssn: string; ssnValid: boolean };
}

/** Layout `index` (0..2) of a type: fonts, sizes and section style differ visibly between the three. */
const LOOKS: { look: Look; style: SectionStyle; dates: DateStyle; shaded: boolean }[] = [
  { look: { font: 'sans', bold: 'sansBold', valueFont: 'sans', size: 10, valueSize: 10.5, margin: 54 }, style: 'inline', dates: 'us', shaded: true },
  { look: { font: 'serif', bold: 'serifBold', valueFont: 'book', size: 10.5, valueSize: 11, margin: 66 }, style: 'boxed', dates: 'us', shaded: false },
  { look: { font: 'mono', bold: 'mono', valueFont: 'monoModern', size: 9.5, valueSize: 10, margin: 48 }, style: 'columns', dates: 'short', shaded: true },
];

export const LAYOUT_COUNT = LOOKS.length;

export interface DrawContext {
  w: DocWriter;
  facts: Facts;
  layout: number;
  rand: Rand;
  /** Which occurrence of the type this is (second pay stub, previous year's W-2...), 0-based. */
  index: number;
}

export type Drawing = (ctx: DrawContext) => Promise<void>;

const lookOf = (layout: number, handFilled = false) => {
  const l = LOOKS[layout]!;
  return handFilled ? { ...l, look: { ...l.look, valueFont: 'hand' as const, valueSize: l.look.valueSize + 3 } } : l;
};

const fmt = (d: Date, style: DateStyle) => fmtDate(d, style);

// ---------------------------------------------------------------- URLA / Form 1003: three or four pages

const urla: Drawing = async ({ w, facts, layout, rand }) => {
  const s = facts.story;
  // Layout 1 is filled in by hand: values in a handwriting font over a printed form.
  const { look, style, dates, shaded } = lookOf(layout, layout === 1);
  const b = s.borrower;
  w.newPage();
  let y = await heading(w, 'Uniform Residential Loan Application', 60, look, 16);
  await w.text('Freddie Mac Form 65 / Fannie Mae Form 1003', look.margin, y, { font: look.font, size: 8 });
  y += 16;
  y = await sectionTitle(w, 'Section 1: Borrower Information', y, look, shaded);
  const personal: Item[] = [
    { label: 'Borrower Name', value: fullName(b), field: 'borrower_name', kind: 'text' },
    { label: 'Social Security Number', value: b.ssn, field: 'ssn', kind: 'ssn' },
    { label: 'Date of Birth', value: fmt(b.dob, dates === 'short' ? 'us' : dates), field: 'date_of_birth', kind: 'date' },
    { label: 'Citizenship', value: 'U.S. Citizen' },
    { label: 'Marital Status', value: s.coBorrower ? 'Married' : pick(rand, ['Unmarried', 'Separated']) },
    { label: 'Current Address', value: oneLine(s.address), field: 'current_address', kind: 'text' },
    { label: 'Phone', value: `(555) ${int(rand, 200, 999)}-${int(rand, 1000, 9999)}` },
    { label: 'Housing', value: pick(rand, ['Rent', 'Own', 'No primary housing expense']) },
  ];
  y = await section(w, personal, y, style, look);
  if (s.coBorrower) {
    y = await sectionTitle(w, 'Co-Borrower Information', y, look, shaded);
    y = await section(
      w,
      [
        { label: 'Co-Borrower Name', value: fullName(s.coBorrower), field: 'co_borrower_name', kind: 'text' },
        { label: 'Co-Borrower SSN', value: s.coBorrower.ssn, field: 'co_borrower_ssn', kind: 'ssn' },
      ],
      y,
      style,
      look,
    );
  }
  y = await sectionTitle(w, 'Current Employment / Self-Employment and Income', y, look, shaded);
  const monthly = facts.urla.monthlyIncome;
  await section(
    w,
    [
      { label: 'Employer Name', value: s.employer.name, field: 'employer_name', kind: 'text' },
      { label: 'Position or Title', value: s.employer.position },
      { label: 'Employer Address', value: oneLine(s.employer.address) },
      { label: 'Start Date', value: fmt(s.employer.hireDate, 'us'), field: 'employment_start_date', kind: 'date' },
      { label: 'Base Monthly Income', value: money(monthly), field: 'monthly_income', kind: 'money' },
      { label: 'Overtime', value: money(0) },
      { label: 'Bonus', value: money(0) },
      { label: 'Total Monthly Income', value: money(monthly) },
    ],
    y,
    style,
    look,
  );

  w.newPage();
  y = await sectionTitle(w, 'Section 2: Financial Information - Assets and Liabilities', 60, look, shaded);
  const balance = int(rand, 8_000, 90_000);
  y = await section(
    w,
    [
      { label: 'Account Type', value: 'Checking' },
      { label: 'Financial Institution', value: s.bank.name },
      { label: 'Account Number', value: `****${s.bank.accountNumber.slice(-4)}` },
      { label: 'Cash or Market Value', value: money(balance) },
    ],
    y,
    style,
    look,
  );
  y = await table(
    w,
    [
      { title: 'Liability', width: 200 },
      { title: 'Creditor', width: 150 },
      { title: 'Monthly Payment', width: 110, align: 'right' },
    ],
    [
      ['Auto loan', pick(rand, ['Ridgeback Auto Finance', 'Coastal Motor Credit']), money(int(rand, 180, 650))],
      ['Revolving', pick(rand, ['Lumen Card Services', 'Orchard Bank Card']), money(int(rand, 25, 300))],
    ],
    y,
    look,
  );
  y = await sectionTitle(w, 'Section 4: Loan and Property Information', y + 6, look, shaded);
  await section(
    w,
    [
      { label: 'Loan Amount', value: money(s.loanAmount), field: 'loan_amount', kind: 'money' },
      { label: 'Loan Purpose', value: s.loanPurpose, field: 'loan_purpose', kind: 'text' },
      { label: 'Property Address', value: oneLine(s.property), field: 'property_address', kind: 'text' },
      { label: 'Occupancy', value: 'Primary Residence' },
    ],
    y,
    style,
    look,
  );

  w.newPage();
  y = await sectionTitle(w, 'Section 5: Declarations', 60, look, shaded);
  const questions = [
    'Will you occupy the property as your primary residence?',
    'Have you had an ownership interest in another property in the last three years?',
    'Are you borrowing any money for this real estate transaction?',
    'Are you a co-signer or guarantor on any debt or loan not disclosed?',
    'Are there any outstanding judgments against you?',
    'Are you currently delinquent or in default on a Federal debt?',
    'Have you declared bankruptcy within the past 7 years?',
  ];
  for (const [i, q] of questions.entries()) {
    await w.text(`${String.fromCharCode(65 + i)}. ${q}`, look.margin, y, { font: look.font, size: look.size - 0.5 });
    const yes = i === 0 ? true : rand() < 0.1;
    w.checkbox(`declaration_${String.fromCharCode(97 + i)}_yes`, yes, 470, y - 8);
    await w.text('Yes', 482, y, { font: look.font, size: look.size - 1 });
    w.checkbox(`declaration_${String.fromCharCode(97 + i)}_no`, !yes, 510, y - 8);
    await w.text('No', 522, y, { font: look.font, size: look.size - 1 });
    y += look.size * 2.2;
  }
  y = await sectionTitle(w, 'Section 6: Acknowledgments and Agreements', y + 10, look, shaded);
  y = await prose(
    w,
    ['I agree to, acknowledge, and represent that the information I have given in this application is true, accurate and complete as of the date I signed it. '],
    y,
    look,
  );
  await w.text('Borrower Signature', look.margin, y + 26, { font: look.font, size: look.size - 1 });
  await w.signature('borrower_signature', facts.urla.signed ? fullName(b) : undefined, look.margin + 110, y + 26, 220);
  await w.text('Date Signed', 420, y + 26, { font: look.font, size: look.size - 1 });
  if (facts.urla.dated) {
    await w.field('application_date', 'date', fmt(s.applicationDate, 'us'), 485, y + 26, { font: layout === 1 ? 'hand' : look.valueFont, size: look.valueSize + (layout === 1 ? 2 : 0) });
  }
  w.rule(480, y + 29, 80);
};

// ---------------------------------------------------------------- W-2

/** A W-2's year and boxes: the year before the application (`index` years earlier), wages near the story's salary. */
export function w2Figures(facts: Facts, rand: Rand, index: number) {
  const s = facts.story;
  const year = s.applicationDate.getUTCFullYear() - 1 - index;
  const wages = Math.round(s.annual * (0.94 + rand() * 0.06) * (1 - 0.03 * index));
  const federal = facts.w2.withholdingAboveWages ? wages * 1.08 : wages * 0.12;
  return { year, wages, federal, ss: wages * 0.062, medicare: wages * 0.0145 };
}

const w2: Drawing = async ({ w, facts, layout, rand, index }) => {
  const s = facts.story;
  const { look } = lookOf(layout);
  const { year, wages, federal, ss, medicare } = w2Figures(facts, rand, index);
  w.newPage();
  const wf = facts.w2;
  if (layout === 0) {
    // The familiar grid: boxed cells with numbered labels.
    const cell = async (x: number, y: number, wd: number, label: string, value: string, field?: string, kind?: 'money' | 'text' | 'ssn' | 'year') => {
      w.rect(x, y, wd, 34, { border: 0.7 });
      await w.text(label, x + 3, y + 9, { font: 'sans', size: 6.5 });
      // Monospace glyphs are 0.6 em wide: shrink long values (addresses) so they stay inside the cell.
      const size = Math.min(10, (wd - 10) / (0.6 * value.length));
      if (field && kind) await w.field(field, kind, value, x + 6, y + 26, { font: 'mono', size });
      else await w.text(value, x + 6, y + 26, { font: 'mono', size });
    };
    await w.text('Form W-2 Wage and Tax Statement', 54, 60, { font: 'sansBold', size: 14 });
    await w.field('tax_year', 'year', String(year), 470, 60, { font: 'sansBold', size: 18 });
    await cell(54, 80, 250, "a Employee's social security number", wf.ssn, 'employee_ssn', 'ssn');
    await cell(54, 114, 250, 'b Employer identification number (EIN)', s.employer.ein, 'employer_ein', 'text');
    await cell(54, 148, 250, "c Employer's name, address, and ZIP code", wf.employer, 'employer_name', 'text');
    await cell(54, 182, 250, 'Employer address', oneLine(s.employer.address));
    await cell(54, 216, 250, "e Employee's name", wf.name, 'employee_name', 'text');
    await cell(54, 250, 250, "f Employee's address and ZIP code", oneLine(s.address));
    await cell(304, 80, 127, '1 Wages, tips, other compensation', plainMoney(wages), 'wages', 'money');
    await cell(431, 80, 127, '2 Federal income tax withheld', plainMoney(federal), 'federal_tax_withheld', 'money');
    await cell(304, 114, 127, '3 Social security wages', plainMoney(wages), 'social_security_wages', 'money');
    await cell(431, 114, 127, '4 Social security tax withheld', plainMoney(ss), 'social_security_tax', 'money');
    await cell(304, 148, 127, '5 Medicare wages and tips', plainMoney(wages), 'medicare_wages', 'money');
    await cell(431, 148, 127, '6 Medicare tax withheld', plainMoney(medicare), 'medicare_tax', 'money');
    await w.text('Copy C - For EMPLOYEE\'S RECORDS', 54, 310, { font: 'sans', size: 8 });
    return;
  }
  const { style } = lookOf(layout);
  let y = await heading(w, layout === 1 ? 'W-2 Wage and Tax Statement' : 'FORM W-2  WAGE AND TAX STATEMENT', 64, look, 15);
  y = await section(
    w,
    [
      { label: 'Tax Year', value: String(year), field: 'tax_year', kind: 'year' },
      { label: "Employer's name", value: wf.employer, field: 'employer_name', kind: 'text' },
      { label: 'Employer identification number', value: s.employer.ein, field: 'employer_ein', kind: 'text' },
      { label: "Employee's name", value: wf.name, field: 'employee_name', kind: 'text' },
      { label: "Employee's SSN", value: wf.ssn, field: 'employee_ssn', kind: 'ssn' },
      { label: 'Box 1 Wages, tips, other compensation', value: money(wages), field: 'wages', kind: 'money' },
      { label: 'Box 2 Federal income tax withheld', value: money(federal), field: 'federal_tax_withheld', kind: 'money' },
      { label: 'Box 3 Social security wages', value: money(wages), field: 'social_security_wages', kind: 'money' },
      { label: 'Box 5 Medicare wages and tips', value: money(wages), field: 'medicare_wages', kind: 'money' },
    ],
    y,
    style,
    look,
  );
  await w.text('This information is being furnished to the Internal Revenue Service.', look.margin, y + 10, { font: look.font, size: 8 });
};

// ---------------------------------------------------------------- Pay stub

/** A biweekly pay stub's dates and amounts (`index` stubs before the latest). */
export function payFigures(facts: Facts, index: number) {
  const s = facts.story;
  const payDate = addDays(facts.payStub.lastPayDate, -14 * index);
  const periodEnd = addDays(payDate, -5);
  const periodStart = addDays(periodEnd, -13);
  const gross = s.annual / 26;
  const periods = Math.max(1, Math.floor((payDate.getTime() - Date.UTC(payDate.getUTCFullYear(), 0, 1)) / (14 * 86_400_000)) + 1);
  const taxes = [
    ['Federal Income Tax', gross * 0.11],
    ['Social Security', gross * 0.062],
    ['Medicare', gross * 0.0145],
    ['State Income Tax', gross * 0.04],
  ] as const;
  const net = gross - taxes.reduce((n, [, v]) => n + v, 0);
  return { payDate, periodEnd, periodStart, gross, periods, taxes, net, rate: s.annual / 2080 };
}

const payStub: Drawing = async ({ w, facts, layout, index }) => {
  const s = facts.story;
  const { look, dates } = lookOf(layout);
  const { payDate, periodEnd, periodStart, gross, periods, taxes, net } = payFigures(facts, index);
  const p = facts.payStub;
  w.newPage();
  let y = await heading(w, p.employer, 56, look, 14);
  await w.text(oneLine(s.employer.address), look.margin, y, { font: look.font, size: 8.5 });
  y += 22;
  y = await heading(w, layout === 2 ? 'PAY STUB' : 'Earnings Statement', y, look, 13);
  const items: Item[] = [
    { label: 'Employer', value: p.employer, field: 'employer_name', kind: 'text' },
    { label: 'Employee', value: p.name, field: 'employee_name', kind: 'text' },
    { label: 'Pay Period', value: `${fmt(periodStart, dates)} - ${fmt(periodEnd, dates)}`, field: 'pay_period_end', kind: 'date', normalized: isoDate(periodEnd) },
    { label: 'Pay Date', value: fmt(payDate, dates), field: 'pay_date', kind: 'date' },
  ];
  y = await section(w, items, y, layout === 1 ? 'boxed' : 'inline', look);
  const earnings: string[][] = [
    ['Regular', plainMoney(s.annual / 2080), '80.00', plainMoney(gross), plainMoney(gross * periods)],
    ['Overtime', plainMoney((s.annual / 2080) * 1.5), '0.00', '0.00', '0.00'],
  ];
  y = await table(
    w,
    [
      { title: 'Earnings', width: 150 },
      { title: 'Rate', width: 80, align: 'right' },
      { title: 'Hours', width: 70, align: 'right' },
      { title: 'Current', width: 100, align: 'right' },
      { title: 'Year to Date', width: 100, align: 'right' },
    ],
    earnings,
    y + 6,
    look,
    { zebra: layout === 1 },
  );
  y = await section(
    w,
    [
      { label: 'Gross Pay (Current)', value: money(gross), field: 'gross_pay_current', kind: 'money' },
      { label: 'Gross Pay (YTD)', value: money(gross * periods), field: 'gross_pay_ytd', kind: 'money' },
    ],
    y,
    'inline',
    look,
  );
  y = await table(
    w,
    [
      { title: 'Deductions', width: 250 },
      { title: 'Current', width: 125, align: 'right' },
      { title: 'Year to Date', width: 125, align: 'right' },
    ],
    taxes.map(([name, v]) => [name, plainMoney(v), plainMoney(v * periods)]),
    y + 6,
    look,
  );
  await section(w, [{ label: 'Net Pay', value: money(net), field: 'net_pay', kind: 'money' }], y, 'inline', look);
};

// ---------------------------------------------------------------- Bank statement: one month, one or more pages

const DEBITS = ['Grocery Outlet', 'City Power & Light', 'Metro Water Utility', 'Card Payment - Lumen', 'Fuel Stop #2231', 'Pharmacy', 'Streaming Service', 'Restaurant', 'Insurance Premium', 'Mobile Phone', 'Hardware Store', 'Online Marketplace'];

/** One month of a statement (`index` months before the latest): its period, opening balance and rows in date order. */
export function monthTransactions(facts: Facts, rand: Rand, index: number) {
  const s = facts.story;
  const bf = facts.bank;
  // index 0 is the latest month.
  const end = addDays(bf.lastPeriodEnd, -30 * index);
  const start = addDays(end, -29);
  const netPay = (s.annual / 26) * 0.77;
  let balance = int(rand, 2_500, 18_000) + (rand() < 0.5 ? 0.5 : 0.25);
  const begin = balance;
  // Build the month's transactions in date order; payroll every 14 days, bills in between.
  const days: { day: number; description: string; amount: number; overdraw?: boolean }[] = [];
  let paydays = 0;
  for (let d = int(rand, 1, 13); d < 30; d += 14, paydays++) days.push({ day: d, description: `Payroll Deposit - ${s.employer.name.split(' ')[0]}`, amount: netPay });
  // Debits spend about 85% of the month's pay, so long statements (many rows) stay solvent.
  const debits = int(rand, 10, 22) + bf.extraTransactions;
  const meanDebit = Math.min(250, (netPay * paydays * 0.85) / debits);
  for (let i = 0; i < debits; i++) days.push({ day: int(rand, 0, 29), description: pick(rand, DEBITS), amount: -Math.round(meanDebit * (0.2 + rand() * 1.6) * 100) / 100 });
  if (index === 0 && bf.largeDeposit) days.push({ day: int(rand, 5, 25), description: 'Mobile Deposit - Check', amount: bf.largeDeposit });
  if (index === 0 && bf.nsf) {
    const day = int(rand, 10, 26);
    // Its amount is set when the loop reaches it, so that it overdraws whatever the balance is then.
    days.push({ day, description: 'Overdraft Item Paid - Card Purchase', amount: -1, overdraw: true });
    days.push({ day, description: 'NSF Fee', amount: -35 });
    days.push({ day: Math.min(29, day + 2), description: 'Transfer from Savings', amount: 1200 });
  }
  days.sort((a, b) => a.day - b.day);
  const rows: { on: Date; description: string; amount: number; balance: number }[] = [];
  for (const t of days) {
    if (t.overdraw) t.amount = -Math.round((balance + 150 + rand() * 250) * 100) / 100;
    // Keep ordinary months solvent: a debit that would overdraw is skipped unless the defect wants it.
    if (t.amount < 0 && balance + t.amount < 0 && !(bf.nsf && index === 0)) continue;
    balance = Math.round((balance + t.amount) * 100) / 100;
    rows.push({ on: addDays(start, t.day), description: t.description, amount: t.amount, balance });
  }
  return { start, end, begin, balance, rows };
}

/** The truth of a statement row, without its place on the page. */
export const truthRow = (r: { on: Date; description: string; amount: number; balance: number }): Omit<TruthTransaction, 'page' | 'bbox'> => ({
  date: isoDate(r.on),
  description: r.description,
  amount: r.amount.toFixed(2),
  balance: r.balance.toFixed(2),
});

const bankStatement: Drawing = async ({ w, facts, layout, rand, index }) => {
  const s = facts.story;
  const bf = facts.bank;
  const { look, style, dates, shaded } = lookOf(layout);
  const { start, end, begin, balance, rows: month } = monthTransactions(facts, rand, index);
  const rows = month.map((t) => [fmt(t.on, dates === 'short' ? 'us' : dates), t.description, t.amount < 0 ? plainMoney(-t.amount) : '', t.amount > 0 ? plainMoney(t.amount) : '', plainMoney(t.balance)]);
  const txns = month.map(truthRow);
  w.newPage();
  let y = await heading(w, s.bank.name, 56, look, 15);
  await w.text(oneLine(s.bank.address), look.margin, y, { font: look.font, size: 8 });
  y += 20;
  y = await sectionTitle(w, layout === 1 ? 'Bank Statement' : 'Statement of Account', y, look, shaded);
  y = await section(
    w,
    [
      { label: 'Account Holder', value: bf.holder, field: 'account_holder', kind: 'text' },
      { label: 'Mailing Address', value: oneLine(bf.address), field: 'mailing_address', kind: 'text' },
      { label: 'Account Number', value: s.bank.accountNumber, field: 'account_number', kind: 'text' },
      { label: 'Statement Period', value: `${fmt(start, dates)} - ${fmt(end, dates)}`, field: 'statement_period_end', kind: 'date', normalized: isoDate(end) },
      { label: 'Beginning Balance', value: money(begin), field: 'beginning_balance', kind: 'money' },
      { label: 'Ending Balance', value: money(balance), field: 'ending_balance', kind: 'money' },
    ],
    y,
    style,
    look,
  );
  const first = w.transactions.length;
  y = await table(
    w,
    [
      { title: 'Date', width: 78 },
      { title: 'Description', width: 200 },
      { title: 'Withdrawals', width: 74, align: 'right' },
      { title: 'Deposits', width: 74, align: 'right' },
      { title: 'Balance', width: 74, align: 'right' },
    ],
    rows,
    y + 4,
    look,
    {
      zebra: layout !== 2,
      continued: `${s.bank.name} - ${monthName(end)} statement (continued)`,
      onRow: (r, at) => w.transactions.push({ ...txns[r]!, page: at.page, bbox: w.box(look.margin, at.y, 500, at.h) }),
    },
  );
  if (w.transactions.length - first !== txns.length) throw new Error('generator: transaction rows and truth disagree');
  await w.text(`Member FDIC. Questions? Call (555) 010-${int(rand, 1000, 9999)}.`, look.margin, Math.min(y + 10, 770), { font: look.font, size: 7.5 });
};

// ---------------------------------------------------------------- Driver's license / state ID: a card on a page

const idCard: Drawing = async ({ w, facts, layout }) => {
  const s = facts.story;
  const b = s.borrower;
  w.newPage();
  // The card at twice its real size, as a photocopy on a letter page.
  const x = 90;
  const y = 90;
  const cw = 3.375 * 72 * 2 * 0.88;
  const ch = 2.125 * 72 * 2 * 0.88;
  const tint: [number, number, number][] = [
    [0.88, 0.93, 0.98],
    [0.97, 0.93, 0.86],
    [0.9, 0.96, 0.9],
  ];
  w.rect(x, y, cw, ch, { fill: tint[layout], border: 1 });
  w.rect(x + 16, y + 52, 110, 140, { fill: [0.75, 0.75, 0.78] });
  const font = layout === 2 ? 'mono' : 'sansBold';
  const plain = layout === 2 ? 'mono' : 'sans';
  await w.text(`STATE OF ${s.id.state}`, x + 16, y + 24, { font, size: 14 });
  await w.text(layout === 1 ? 'IDENTIFICATION CARD' : "DRIVER'S LICENSE", x + 16, y + 42, { font: plain, size: 10 });
  const left = x + 140;
  const name = layout === 0 ? `${b.last.toUpperCase()}, ${b.first.toUpperCase()} ${b.middle}` : `${b.first.toUpperCase()} ${b.middle} ${b.last.toUpperCase()}`;
  const line = async (label: string, value: string, top: number, field?: string, kind?: 'text' | 'date', normalized?: string) => {
    await w.text(label, left, top, { font: plain, size: 7, color: [0.5, 0.1, 0.1] });
    if (field && kind) await w.field(field, kind, value, left + 34, top, { font, size: 10.5 }, normalized);
    else await w.text(value, left + 34, top, { font, size: 10.5 });
  };
  await line(layout === 1 ? 'ID NO' : 'DLN', s.id.number, y + 66, 'id_number', 'text');
  await line('NAME', name, y + 86, 'full_name', 'text');
  await line('ADDR', facts.id.address.street.toUpperCase(), y + 104, 'street_address', 'text');
  await line('', `${facts.id.address.city.toUpperCase()}, ${facts.id.address.state} ${facts.id.address.zip}`, y + 118);
  await line('DOB', fmt(facts.id.dob, 'us'), y + 138, 'date_of_birth', 'date');
  await line('ISS', fmt(s.id.issued, 'us'), y + 156);
  await line('EXP', fmt(s.id.expires, 'us'), y + 174, 'expiration_date', 'date');
  await w.text(fullName(b), x + 20, y + ch - 26, { font: 'handScrawl', size: 13, color: [0.1, 0.1, 0.3] });
};

// ---------------------------------------------------------------- Verification of employment letter

const voeLetter: Drawing = async ({ w, facts, layout }) => {
  const s = facts.story;
  const { look, dates } = lookOf(layout);
  const v = facts.voe;
  w.newPage();
  let y = await heading(w, v.employer, 64, look, 16);
  await w.text(`${oneLine(s.employer.address)}  |  ${s.employer.phone}`, look.margin, y, { font: look.font, size: 8.5 });
  y += 10;
  w.rule(look.margin, y, 612 - 2 * look.margin, 1.2);
  y += 34;
  await w.text(fmt(addDays(s.applicationDate, -3), 'long'), look.margin, y, { font: look.font, size: look.size + 1 });
  y += 34;
  y = await heading(w, 'Verification of Employment', y, look, 13);
  const hire: Item = { label: '', value: fmt(s.employer.hireDate, dates === 'short' ? 'long' : dates), field: 'hire_date', kind: 'date' };
  const salary: Item = { label: '', value: money(s.annual), field: 'annual_salary', kind: 'money' };
  const name: Item = { label: '', value: v.name, field: 'employee_name', kind: 'text' };
  const employer: Item = { label: '', value: v.employer, field: 'employer_name', kind: 'text' };
  if (layout === 2) {
    // A form-style VOE: labels and values rather than prose.
    y = await prose(w, ['To whom it may concern: we confirm the employment details below.'], y, look);
    await section(
      w,
      [
        { label: 'Employer Name:', value: v.employer, field: 'employer_name', kind: 'text' },
        { label: 'Employee Name:', value: v.name, field: 'employee_name', kind: 'text' },
        { label: 'Position:', value: s.employer.position },
        { label: 'Hire Date:', value: fmt(s.employer.hireDate, 'us'), field: 'hire_date', kind: 'date' },
        { label: 'Annual Base Salary:', value: money(s.annual), field: 'annual_salary', kind: 'money' },
        { label: 'Employment Status:', value: 'Full-time, active' },
      ],
      y,
      'inline',
      look,
    );
    y += 170;
  } else {
    y = await prose(w, ['To whom it may concern:'], y, look);
    const runs: (string | Item)[] =
      layout === 0
        ? ['This letter confirms that ', name, ' has been employed by ', employer, ' since ', hire, ` as a ${s.employer.position}, full time. The current annual base salary is `, salary, '. Employment is active and expected to continue.']
        : ['At the request of the employee, ', employer, ' verifies that ', name, ` holds the position of ${s.employer.position}. Start date: `, hire, '. Annual base salary: ', salary, '. This verification is provided without liability.'];
    y = await prose(w, runs, y, look);
  }
  await w.text('Sincerely,', look.margin, y + 10, { font: look.font, size: look.size + 1 });
  await w.signature('hr_signature', 'M. Okafor', look.margin, y + 50, 180, 'hand');
  await w.text('Human Resources', look.margin, y + 66, { font: look.font, size: look.size });
};

/** The six types the generator draws with full layouts (the page classifier's training types); the rest are content. */
export type CoreType = 'urla_1003' | 'w2' | 'pay_stub' | 'bank_statement' | 'id_card' | 'voe_letter';

export const DRAWINGS: Record<CoreType, Drawing> = {
  urla_1003: urla,
  w2,
  pay_stub: payStub,
  bank_statement: bankStatement,
  id_card: idCard,
  voe_letter: voeLetter,
};
