import { monthTransactions, payFigures, truthRow, w2Figures, type Drawing } from './documents.js';
import type { DocWriter, FontName } from './page-writer.js';
import { fmtDate, int, isoDate, money, oneLine, plainMoney } from './story.js';

/**
 * The second round of held-out layout families (evals/generator/layout-families.ts), drawn on 2026-12-08 after the
 * first round's seven families of the URLA, W-2, pay stub and bank statement were looked at while the extractor was
 * being changed. Written from what lenders receive, without running Docket on them: the legacy 1003 with its borrower
 * and co-borrower columns, a two-up landscape W-2 whose box labels wrap onto two lines, a landscape pay statement with
 * its dates right-aligned at their colons and the net pay as a table row, and a statement whose debits are in
 * parentheses with its summary as sentences. Never tune the extractor against these: draw a third round instead.
 */

const LANDSCAPE = { w: 792, h: 612 } as const;

type Kind = 'money' | 'text' | 'ssn' | 'year' | 'date';

/** A ruled cell whose label may wrap onto several short lines at its top, with its value at the bottom. */
async function cell(
  w: DocWriter,
  at: { x: number; y: number; w: number; h: number },
  label: string[],
  value: string,
  field?: { name: string; kind: Kind; normalized?: string },
  style: { font?: FontName; size?: number; align?: 'left' | 'right' } = {},
): Promise<void> {
  w.rect(at.x, at.y, at.w, at.h, { border: 0.5 });
  for (const [i, line] of label.entries()) await w.text(line, at.x + 2, at.y + 6.5 + i * 6.5, { font: 'sans', size: 5.8 });
  if (!value) return;
  const font = style.font ?? 'sans';
  const size = Math.min(style.size ?? 9, (at.w - 8) / (0.55 * value.length));
  const x = style.align === 'right' ? at.x + at.w - 4 - (await w.width(value, { font, size })) : at.x + 4;
  if (field) await w.field(field.name, field.kind, value, x, at.y + at.h - 4, { font, size }, field.normalized);
  else await w.text(value, x, at.y + at.h - 4, { font, size });
}

// ---------------------------------------------------------------- URLA: the legacy 1003, borrower beside co-borrower

/**
 * The 1003 as lenders used it before the redesign (still in older files): Roman-numbered sections, the borrower's
 * column on the left and the co-borrower's on the right with the same labels, "Present Address (street, city, state,
 * ZIP)", income as a table with Borrower, Co-Borrower and Total columns, the purpose as ticked boxes.
 */
const urlaLegacyTwoColumn: Drawing = async ({ w, facts, rand }) => {
  const s = facts.story;
  const b = s.borrower;
  const c = s.coBorrower;
  const hand: FontName = 'hand';
  w.newPage();
  await w.text('Uniform Residential Loan Application', 180, 36, { font: 'serifBold', size: 14 });
  await w.text('This application is designed to be completed by the applicant(s) with the Lender\'s assistance.', 36, 50, { font: 'serif', size: 6.5 });
  const band = async (title: string, y: number) => {
    w.rect(30, y, 552, 11, { fill: [0.85, 0.85, 0.85] });
    await w.text(title, 240, y + 8.5, { font: 'sansBold', size: 7.5 });
  };
  await band('I. TYPE OF MORTGAGE AND TERMS OF LOAN', 60);
  await w.text('Mortgage Applied for:', 32, 81, { font: 'sans', size: 6 });
  w.checkbox('mortgage_conventional', true, 100, 75, 6);
  await w.text('Conventional', 108, 81, { font: 'sans', size: 6 });
  w.checkbox('mortgage_fha', false, 160, 75, 6);
  await w.text('FHA', 168, 81, { font: 'sans', size: 6 });
  await cell(w, { x: 230, y: 72, w: 120, h: 22 }, ['Amount'], `$ ${plainMoney(s.loanAmount)}`, { name: 'loan_amount', kind: 'money' }, { font: hand, size: 11 });
  await cell(w, { x: 350, y: 72, w: 70, h: 22 }, ['Interest Rate'], `${(5 + rand() * 2).toFixed(3)} %`, undefined, { font: hand, size: 11 });
  await cell(w, { x: 420, y: 72, w: 70, h: 22 }, ['No. of Months'], '360', undefined, { font: hand, size: 11 });
  await band('II. PROPERTY INFORMATION AND PURPOSE OF LOAN', 100);
  await cell(w, { x: 30, y: 111, w: 552, h: 22 }, ['Subject Property Address (street, city, state & ZIP)'], oneLine(s.property), { name: 'property_address', kind: 'text' }, { font: hand, size: 11 });
  await w.text('Purpose of Loan', 32, 142, { font: 'sans', size: 6 });
  w.checkbox('loan_purpose_purchase', s.loanPurpose === 'Purchase', 90, 136, 6);
  const purchase = await w.text('Purchase', 98, 142, { font: 'sans', size: 6 });
  w.checkbox('loan_purpose_construction', false, 140, 136, 6);
  await w.text('Construction', 148, 142, { font: 'sans', size: 6 });
  w.checkbox('loan_purpose_refinance', s.loanPurpose === 'Refinance', 200, 136, 6);
  const refinance = await w.text('Refinance', 208, 142, { font: 'sans', size: 6 });
  w.checkbox('loan_purpose_other', false, 250, 136, 6);
  await w.text('Other (explain):', 258, 142, { font: 'sans', size: 6 });
  w.record('loan_purpose', 'text', s.loanPurpose, s.loanPurpose === 'Purchase' ? purchase : refinance);

  await band('III. BORROWER INFORMATION', 152);
  await w.text('Borrower', 130, 172, { font: 'sansBold', size: 8 });
  await w.text('Co-Borrower', 400, 172, { font: 'sansBold', size: 8 });
  const half = 276;
  const column = async (x: number, who: 'Borrower' | 'Co-Borrower', person: typeof b | undefined, fields: { name?: string; ssn?: string; dob?: string }) => {
    const name = person ? `${person.first} ${person.middle} ${person.last}` : '';
    await cell(w, { x, y: 176, w: half, h: 22 }, [`${who}'s Name (include Jr. or Sr. if applicable)`], name, fields.name ? { name: fields.name, kind: 'text' } : undefined, { font: hand, size: 11 });
    await cell(w, { x, y: 198, w: 96, h: 22 }, ['Social Security Number'], person?.ssn ?? '', fields.ssn ? { name: fields.ssn, kind: 'ssn' } : undefined, { font: hand, size: 10 });
    await cell(w, { x: x + 96, y: 198, w: 80, h: 22 }, ['Home Phone (incl. area code)'], person ? `(555) ${int(rand, 200, 999)}-${int(rand, 1000, 9999)}` : '', undefined, { font: hand, size: 9 });
    await cell(w, { x: x + 176, y: 198, w: 62, h: 22 }, ['DOB (mm/dd/yyyy)'], person ? fmtDate(person.dob, 'us') : '', fields.dob ? { name: fields.dob, kind: 'date' } : undefined, { font: hand, size: 9 });
    await cell(w, { x: x + 238, y: 198, w: 38, h: 22 }, ['Yrs. School'], person ? String(int(rand, 12, 18)) : '', undefined, { font: hand, size: 9 });
    await cell(w, { x, y: 220, w: half, h: 22 }, ['Present Address (street, city, state, ZIP)'], person ? oneLine(s.address) : '', undefined, { font: hand, size: 10 });
  };
  await column(30, 'Borrower', b, { ssn: 'ssn', dob: 'date_of_birth' });
  w.record('borrower_name', 'text', `${b.first} ${b.middle} ${b.last}`, w.box(34, 186, half - 8, 10));
  w.record('current_address', 'text', oneLine(s.address), w.box(34, 230, half - 8, 10));
  await column(306, 'Co-Borrower', c, {});
  if (c) {
    w.record('co_borrower_name', 'text', `${c.first} ${c.middle} ${c.last}`, w.box(310, 186, half - 8, 10));
    w.record('co_borrower_ssn', 'ssn', c.ssn, w.box(310, 208, 88, 10));
  }

  await band('IV. EMPLOYMENT INFORMATION', 250);
  await w.text('Borrower', 130, 270, { font: 'sansBold', size: 8 });
  await w.text('Co-Borrower', 400, 270, { font: 'sansBold', size: 8 });
  await cell(w, { x: 30, y: 274, w: 170, h: 44 }, ['Name & Address of Employer'], '');
  await w.field('employer_name', 'text', s.employer.name, 34, 294, { font: hand, size: 10 });
  await w.text(oneLine(s.employer.address), 34, 310, { font: hand, size: 7.5 });
  await cell(w, { x: 200, y: 274, w: 106, h: 22 }, ['Employed since (mm/dd/yyyy)'], fmtDate(s.employer.hireDate, 'us'), { name: 'employment_start_date', kind: 'date' }, { font: hand, size: 9 });
  await cell(w, { x: 200, y: 296, w: 106, h: 22 }, ['Position/Title/Type of Business'], s.employer.position, undefined, { font: hand, size: 8 });
  await cell(w, { x: 306, y: 274, w: 170, h: 44 }, ['Name & Address of Employer'], '');
  await cell(w, { x: 476, y: 274, w: 106, h: 22 }, ['Employed since (mm/dd/yyyy)'], '');
  await cell(w, { x: 476, y: 296, w: 106, h: 22 }, ['Position/Title/Type of Business'], '');

  await band('V. MONTHLY INCOME AND COMBINED HOUSING EXPENSE INFORMATION', 326);
  const cols = [30, 170, 260, 350];
  for (const [i, h] of ['Gross Monthly Income', 'Borrower', 'Co-Borrower', 'Total'].entries()) await w.text(h, cols[i]! + 2, 346, { font: 'sansBold', size: 6.5 });
  w.rule(30, 349, 400, 0.5);
  const monthly = facts.urla.monthlyIncome;
  const rows: [string, number][] = [
    ['Base Empl. Income*', monthly],
    ['Overtime', 0],
    ['Bonuses', 0],
    ['Commissions', 0],
  ];
  let y = 360;
  for (const [label, amount] of rows) {
    await w.text(label, 32, y, { font: 'sans', size: 6.5 });
    await w.text('$', cols[1]! + 2, y, { font: 'sans', size: 6.5 });
    if (label.startsWith('Base')) await w.field('monthly_income', 'money', plainMoney(amount), cols[1]! + 12, y, { font: hand, size: 10 });
    else await w.text(plainMoney(amount), cols[1]! + 12, y, { font: hand, size: 10 });
    await w.text('$', cols[2]! + 2, y, { font: 'sans', size: 6.5 });
    await w.text('$', cols[3]! + 2, y, { font: 'sans', size: 6.5 });
    await w.text(plainMoney(amount), cols[3]! + 12, y, { font: hand, size: 10 });
    w.rule(30, y + 3, 400, 0.3);
    y += 14;
  }
  await w.text('* Self-employed borrower(s) may be required to provide additional documentation such as tax returns.', 32, y + 4, { font: 'sans', size: 5.5 });

  await band('IX. ACKNOWLEDGEMENT AND AGREEMENT', 430);
  await w.text('Each of the undersigned specifically represents to Lender that the information provided in this application is true and correct.', 32, 452, { font: 'serif', size: 6.5 });
  await w.text("Borrower's Signature", 32, 476, { font: 'sans', size: 6 });
  await w.text('X', 32, 498, { font: 'sansBold', size: 9 });
  await w.signature('borrower_signature', facts.urla.signed ? `${b.first} ${b.last}` : undefined, 44, 498, 190);
  await w.text('Date', 250, 476, { font: 'sans', size: 6 });
  if (facts.urla.dated) await w.field('application_date', 'date', fmtDate(s.applicationDate, 'us'), 250, 498, { font: hand, size: 11 });
  w.rule(30, 502, 270, 0.5);
  await w.text("Co-Borrower's Signature", 306, 476, { font: 'sans', size: 6 });
  await w.text('X', 306, 498, { font: 'sansBold', size: 9 });
  w.rule(306, 502, 270, 0.5);
  await w.text('Fannie Mae Form 1003 7/05 (rev. 6/09)', 30, 770, { font: 'sans', size: 6 });
  await w.text('Page 1 of 4', 520, 770, { font: 'sans', size: 6 });
};

// ---------------------------------------------------------------- W-2: two copies side by side, labels that wrap

/**
 * Two copies of the W-2 side by side on a landscape page, as some payroll services print them: box labels wrapped onto
 * two lines in narrow cells, amounts right-aligned, the employee's name in capitals on the first line of the name and
 * address box, the employer identification number spelled out. The truth holds the left copy's values.
 */
const w2TwoUpLandscape: Drawing = async ({ w, facts, rand, index }) => {
  const s = facts.story;
  const { year, wages, federal, ss, medicare } = w2Figures(facts, rand, index);
  w.newPage(LANDSCAPE);
  const captions = ['Copy B-To Be Filed With Employee\'s FEDERAL Tax Return.', 'Copy C-For EMPLOYEE\'S RECORDS (See Notice to Employee.)'];
  const control = `${int(rand, 100000, 999999)}`;
  const stateId = `${int(rand, 1000000, 9999999)}`;
  for (const [c, caption] of captions.entries()) {
    const ox = 30 + c * 376;
    const oy = 60;
    const record = c === 0;
    const f = (name: string, kind: Kind) => (record ? { name, kind } : undefined);
    const right = { align: 'right' as const, font: 'sans' as FontName, size: 8.5 };
    await cell(w, { x: ox, y: oy, w: 176, h: 26 }, ['b  Employer identification number', '    (EIN)'], s.employer.ein, f('employer_ein', 'text'), { size: 8.5 });
    await cell(w, { x: ox + 176, y: oy, w: 80, h: 26 }, ['1  Wages, tips, other', '    compensation'], plainMoney(wages), f('wages', 'money'), right);
    await cell(w, { x: ox + 256, y: oy, w: 80, h: 26 }, ['2  Federal income', '    tax withheld'], plainMoney(federal), f('federal_tax_withheld', 'money'), right);
    await cell(w, { x: ox, y: oy + 26, w: 176, h: 52 }, ["c  Employer's name, address, and ZIP code"], '');
    const employer = await w.text(facts.w2.employer.toUpperCase(), ox + 4, oy + 44, { font: 'sans', size: 8 });
    if (record) w.record('employer_name', 'text', facts.w2.employer, employer);
    await w.text(s.employer.address.street.toUpperCase(), ox + 4, oy + 54, { font: 'sans', size: 7.5 });
    await w.text(`${s.employer.address.city.toUpperCase()}, ${s.employer.address.state} ${s.employer.address.zip}`, ox + 4, oy + 64, { font: 'sans', size: 7.5 });
    await cell(w, { x: ox + 176, y: oy + 26, w: 80, h: 26 }, ['3  Social security', '    wages'], plainMoney(wages), f('social_security_wages', 'money'), right);
    await cell(w, { x: ox + 256, y: oy + 26, w: 80, h: 26 }, ['4  Social security', '    tax withheld'], plainMoney(ss), f('social_security_tax', 'money'), right);
    await cell(w, { x: ox + 176, y: oy + 52, w: 80, h: 26 }, ['5  Medicare wages', '    and tips'], plainMoney(wages), f('medicare_wages', 'money'), right);
    await cell(w, { x: ox + 256, y: oy + 52, w: 80, h: 26 }, ['6  Medicare tax', '    withheld'], plainMoney(medicare), f('medicare_tax', 'money'), right);
    await cell(w, { x: ox, y: oy + 78, w: 176, h: 26 }, ["a  Employee's social security number"], facts.w2.ssn, f('employee_ssn', 'ssn'), { size: 8.5 });
    await cell(w, { x: ox + 176, y: oy + 78, w: 160, h: 26 }, ['d  Control number'], control, undefined, { size: 8 });
    await cell(w, { x: ox, y: oy + 104, w: 336, h: 52 }, ["e/f  Employee's name, address, and ZIP code"], '');
    const name = await w.text(facts.w2.name.toUpperCase(), ox + 4, oy + 120, { font: 'sans', size: 8.5 });
    if (record) w.record('employee_name', 'text', facts.w2.name, name);
    await w.text(s.address.street.toUpperCase(), ox + 4, oy + 131, { font: 'sans', size: 8 });
    await w.text(`${s.address.city.toUpperCase()}, ${s.address.state} ${s.address.zip}`, ox + 4, oy + 142, { font: 'sans', size: 8 });
    await cell(w, { x: ox, y: oy + 156, w: 112, h: 26 }, ['12a  Code | Amount'], `D  ${plainMoney(wages * 0.06)}`, undefined, { size: 8 });
    await cell(w, { x: ox + 112, y: oy + 156, w: 112, h: 26 }, ['13  Statutory  Retirement', '     employee    plan'], 'X', undefined, { size: 7 });
    await cell(w, { x: ox + 224, y: oy + 156, w: 112, h: 26 }, ['14  Other'], '', undefined);
    await cell(w, { x: ox, y: oy + 182, w: 40, h: 26 }, ['15  State'], s.address.state, undefined, { size: 8 });
    await cell(w, { x: ox + 40, y: oy + 182, w: 136, h: 26 }, ["Employer's state ID number"], stateId, undefined, { size: 8 });
    await cell(w, { x: ox + 176, y: oy + 182, w: 80, h: 26 }, ['16  State wages,', '     tips, etc.'], plainMoney(wages), undefined, right);
    await cell(w, { x: ox + 256, y: oy + 182, w: 80, h: 26 }, ['17  State income', '     tax'], plainMoney(wages * 0.04), undefined, right);
    await w.text('Form', ox, oy + 230, { font: 'sans', size: 6 });
    await w.text('W-2', ox + 16, oy + 232, { font: 'sansBold', size: 14 });
    await w.text('Wage and Tax', ox + 50, oy + 224, { font: 'sans', size: 7 });
    await w.text('Statement', ox + 50, oy + 232, { font: 'sans', size: 7 });
    const yearAt = ox + 150;
    if (record) await w.field('tax_year', 'year', String(year), yearAt, oy + 232, { font: 'sansBold', size: 16 });
    else await w.text(String(year), yearAt, oy + 232, { font: 'sansBold', size: 16 });
    await w.text('Department of the Treasury-Internal Revenue Service', ox + 200, oy + 230, { font: 'sans', size: 5 });
    await w.text(caption, ox, oy + 246, { font: 'sans', size: 6 });
  }
};

// ---------------------------------------------------------------- Pay stub: a landscape statement, net pay in the table

/**
 * A landscape earnings statement as large payroll services print it: the company at the top left, "Period Starting:",
 * "Period Ending:" and "Pay Date:" right-aligned at their colons, the employee's name and address as an unlabelled
 * mailing block on the right, one table of earnings then deductions with "this period" and "year to date" columns,
 * where "Gross Pay" and "Net Pay" are rows of the table.
 */
const payStubLandscapeStatement: Drawing = async ({ w, facts, rand, index }) => {
  const s = facts.story;
  const { payDate, periodEnd, periodStart, gross, periods, taxes, net, rate } = payFigures(facts, index);
  const p = facts.payStub;
  w.newPage(LANDSCAPE);
  await w.text('CO.', 40, 40, { font: 'sans', size: 6 });
  await w.text('FILE', 70, 40, { font: 'sans', size: 6 });
  await w.text('DEPT.', 100, 40, { font: 'sans', size: 6 });
  await w.text(`${String.fromCharCode(65 + int(rand, 0, 25))}${String.fromCharCode(65 + int(rand, 0, 25))}J`, 40, 50, { font: 'mono', size: 7.5 });
  await w.text(`${int(rand, 100000, 999999)}`, 70, 50, { font: 'mono', size: 7.5 });
  await w.text(`${int(rand, 100, 999)}`, 100, 50, { font: 'mono', size: 7.5 });
  const employer = await w.text(p.employer, 40, 72, { font: 'sansBold', size: 9 });
  w.record('employer_name', 'text', p.employer, employer);
  await w.text(s.employer.address.street, 40, 83, { font: 'sans', size: 8 });
  await w.text(`${s.employer.address.city}, ${s.employer.address.state} ${s.employer.address.zip}`, 40, 94, { font: 'sans', size: 8 });
  await w.text('Earnings Statement', 560, 40, { font: 'sansBold', size: 13 });
  const dated = async (y: number, label: string, value: string, field?: { name: string; normalized?: string }) => {
    await w.text(label, 640 - (await w.width(label, { font: 'sans', size: 8 })), y, { font: 'sans', size: 8 });
    if (field) await w.field(field.name, 'date', value, 648, y, { font: 'sans', size: 8 }, field.normalized);
    else await w.text(value, 648, y, { font: 'sans', size: 8 });
  };
  await dated(58, 'Period Starting:', fmtDate(periodStart, 'us'));
  await dated(69, 'Period Ending:', fmtDate(periodEnd, 'us'), { name: 'pay_period_end' });
  await dated(80, 'Pay Date:', fmtDate(payDate, 'us'), { name: 'pay_date' });
  await w.text(`Taxable Marital Status: ${rand() < 0.5 ? 'Single' : 'Married'}`, 40, 122, { font: 'sans', size: 7.5 });
  await w.text('Exemptions/Allowances:', 40, 132, { font: 'sans', size: 7.5 });
  await w.text('Federal:   0', 60, 142, { font: 'sans', size: 7.5 });
  const name = await w.text(p.name.toUpperCase(), 500, 122, { font: 'sansBold', size: 9.5 });
  w.record('employee_name', 'text', p.name, name);
  await w.text(s.address.street.toUpperCase(), 500, 134, { font: 'sans', size: 8.5 });
  await w.text(`${s.address.city.toUpperCase()}, ${s.address.state} ${s.address.zip}`, 500, 146, { font: 'sans', size: 8.5 });

  const xs = { label: 40, rate: 180, hours: 240, current: 330, ytd: 420 };
  const right = async (text: string, x: number, y: number, field?: string, bold = false) => {
    const style = { font: (bold ? 'sansBold' : 'sans') as FontName, size: 8 };
    const at = x - (await w.width(text, style));
    if (field) await w.field(field, 'money', text, at, y, style);
    else await w.text(text, at, y, style);
  };
  let y = 178;
  await w.text('Earnings', xs.label, y, { font: 'sansBold', size: 8 });
  await w.text('rate', xs.rate - 16, y, { font: 'sansBold', size: 8 });
  await w.text('hours', xs.hours - 20, y, { font: 'sansBold', size: 8 });
  await w.text('this period', xs.current - 40, y, { font: 'sansBold', size: 8 });
  await w.text('year to date', xs.ytd - 44, y, { font: 'sansBold', size: 8 });
  w.rule(40, y + 3, 390, 0.5);
  y += 13;
  await w.text('Regular', xs.label, y, { font: 'sans', size: 8 });
  await right(plainMoney(rate), xs.rate, y);
  await right('80.00', xs.hours, y);
  await right(plainMoney(gross), xs.current, y);
  await right(plainMoney(gross * periods), xs.ytd, y);
  y += 16;
  await w.text('Gross Pay', xs.label + 20, y, { font: 'sansBold', size: 8 });
  await right(`$${plainMoney(gross)}`, xs.current, y, 'gross_pay_current', true);
  await right(plainMoney(gross * periods), xs.ytd, y, 'gross_pay_ytd', true);
  y += 18;
  await w.text('Deductions', xs.label, y, { font: 'sansBold', size: 8 });
  await w.text('Statutory', xs.label + 60, y, { font: 'sans', size: 7 });
  y += 12;
  for (const [label, amount] of taxes) {
    await w.text(label, xs.label + 20, y, { font: 'sans', size: 8 });
    await right(`-${plainMoney(amount)}`, xs.current, y);
    await right(plainMoney(amount * periods), xs.ytd, y);
    y += 11;
  }
  y += 6;
  await w.text('Net Pay', xs.label + 20, y, { font: 'sansBold', size: 8.5 });
  await right(`$${plainMoney(net)}`, xs.current, y, 'net_pay', true);
  w.rule(40, y + 4, 390, 0.5);
  await w.text('Your federal taxable wages this period are', xs.label, y + 24, { font: 'sans', size: 7 });
  await w.text(`$${plainMoney(gross * 0.95)}`, xs.label + 150, y + 24, { font: 'sans', size: 7 });
  // The deposit advice on the right.
  w.rect(500, 178, 250, 70, { border: 0.5 });
  await w.text('Deposited to the account of', 506, 190, { font: 'sans', size: 7 });
  await w.text('account number', 640, 190, { font: 'sans', size: 7 });
  await w.text(p.name.toUpperCase(), 506, 202, { font: 'sans', size: 7.5 });
  await w.text(`xxxxxx${int(rand, 1000, 9999)}`, 640, 202, { font: 'sans', size: 7.5 });
  await w.text('NON-NEGOTIABLE', 560, 236, { font: 'sansBold', size: 9 });
  await w.text(`Advice number: ${int(rand, 10000000, 99999999)}`, 506, 262, { font: 'sans', size: 7 });
  await w.text(`${periodEnd.getUTCFullYear()} ${p.employer}. All rights reserved.`, 40, 580, { font: 'sans', size: 6 });
};

// ---------------------------------------------------------------- Bank statement: debits in parentheses, summary in sentences

/**
 * A statement whose balances are sentences ("Beginning balance on March 1, 2026"), whose debits are in parentheses in
 * one Amount column beside the running balance, with the account number in a box at the top right and the owner as a
 * mailing block below a return address. Long dates in the header, short ones in the rows.
 */
const bankParenthesesSentences: Drawing = async ({ w, facts, rand, index }) => {
  const s = facts.story;
  const bf = facts.bank;
  const { start, end, begin, balance, rows } = monthTransactions(facts, rand, index);
  const row = (d: Date) => `${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}`;
  let page = 1;
  const pageHead = async () => {
    w.newPage();
    await w.text(s.bank.name.toUpperCase(), 50, 50, { font: 'sansBold', size: 12 });
    await w.text(`P.O. Box ${int(rand, 1000, 9999)}  ${s.bank.address.city}, ${s.bank.address.state} ${s.bank.address.zip}`, 50, 61, { font: 'sans', size: 7 });
    await w.text(`page ${page}`, 530, 50, { font: 'sans', size: 7 });
    page++;
  };
  await pageHead();
  w.rect(380, 70, 180, 46, { border: 0.6 });
  await w.text(`${fmtDate(start, 'long')} through`, 388, 82, { font: 'sans', size: 7.5 });
  const periodEnd = await w.text(fmtDate(end, 'long'), 388, 92, { font: 'sans', size: 7.5 });
  w.record('statement_period_end', 'date', fmtDate(end, 'long'), periodEnd, isoDate(end));
  await w.text('Account Number:', 388, 106, { font: 'sans', size: 7.5 });
  const number = await w.text(s.bank.accountNumber, 452, 106, { font: 'sansBold', size: 7.5 });
  w.record('account_number', 'text', s.bank.accountNumber, number);
  const holder = await w.text(bf.holder.toUpperCase(), 70, 120, { font: 'sans', size: 9 });
  w.record('account_holder', 'text', bf.holder, holder);
  const street = await w.text(bf.address.street.toUpperCase(), 70, 131, { font: 'sans', size: 9 });
  const city = await w.text(`${bf.address.city.toUpperCase()} ${bf.address.state} ${bf.address.zip}`, 70, 142, { font: 'sans', size: 9 });
  w.record('mailing_address', 'text', oneLine(bf.address), { x: street.x, y: street.y, w: Math.max(street.w, city.w), h: city.y + city.h - street.y });
  await w.text('CHECKING SUMMARY', 50, 180, { font: 'sansBold', size: 9 });
  w.rule(50, 184, 510, 0.6);
  const deposits = rows.filter((r) => r.amount > 0);
  const debits = rows.filter((r) => r.amount < 0);
  const sentence = async (y: number, text: string, value: string, field?: string) => {
    await w.text(text, 50, y, { font: 'sans', size: 8 });
    const at = 560 - (await w.width(value, { font: 'sans', size: 8 }));
    if (field) await w.field(field, 'money', value, at, y, { font: 'sans', size: 8 });
    else await w.text(value, at, y, { font: 'sans', size: 8 });
  };
  await sentence(198, `Beginning balance on ${fmtDate(start, 'long')}`, money(begin), 'beginning_balance');
  await sentence(210, `${deposits.length} deposits and other additions`, money(deposits.reduce((n, r) => n + r.amount, 0)));
  await sentence(222, `${debits.length} withdrawals and other subtractions`, `(${money(-debits.reduce((n, r) => n + r.amount, 0))})`);
  await sentence(236, `Ending balance on ${fmtDate(end, 'long')}`, money(balance), 'ending_balance');
  let y = 268;
  const heads = async () => {
    await w.text('TRANSACTION DETAIL', 50, y, { font: 'sansBold', size: 9 });
    y += 14;
    await w.text('DATE', 50, y, { font: 'sans', size: 7 });
    await w.text('DESCRIPTION', 90, y, { font: 'sans', size: 7 });
    await w.text('AMOUNT', 440, y, { font: 'sans', size: 7 });
    await w.text('BALANCE', 516, y, { font: 'sans', size: 7 });
    w.rule(50, y + 3, 510, 0.4);
    y += 13;
  };
  await heads();
  for (const r of rows) {
    if (y > 740) {
      await pageHead();
      y = 90;
      await heads();
    }
    const amount = r.amount < 0 ? `(${plainMoney(-r.amount)})` : plainMoney(r.amount);
    await w.text(row(r.on), 50, y, { font: 'sans', size: 8 });
    await w.text(r.description, 90, y, { font: 'sans', size: 8 });
    await w.text(amount, 478 - (await w.width(amount, { font: 'sans', size: 8 })), y, { font: 'sans', size: 8 });
    const bal = plainMoney(r.balance);
    await w.text(bal, 558 - (await w.width(bal, { font: 'sans', size: 8 })), y, { font: 'sans', size: 8 });
    w.transactions.push({ ...truthRow(r), page: w.pageNumber, bbox: w.box(50, y - 8, 510, 11) });
    y += 12;
  }
  await w.text(`Total for this period: ${rows.length} items`, 50, Math.min(y + 12, 770), { font: 'sans', size: 7 });
};

export const SECOND_HELD_OUT_DRAWINGS = {
  'urla_1003/legacy-two-column': urlaLegacyTwoColumn,
  'w2/two-up-landscape': w2TwoUpLandscape,
  'pay_stub/landscape-statement': payStubLandscapeStatement,
  'bank_statement/parentheses-sentences': bankParenthesesSentences,
} satisfies Record<string, Drawing>;
