import { payFigures, monthTransactions, truthRow, w2Figures, type Drawing } from './documents.js';
import { prose, type Item } from './form-kit.js';
import type { DocWriter, FontName } from './page-writer.js';
import { addDays, fmtDate, int, isoDate, money, oneLine, pick, plainMoney } from './story.js';

/**
 * Layout families held out from every tuning step (evals/generator/layout-families.ts): nothing in Docket was written
 * or trained while looking at them, so `docket eval --set unseen-layouts` measures how reading holds on a layout
 * nobody here has seen. They differ from the tuning families in what lenders see differ between issuers: label words
 * and their order, labels above values rather than beside them, numbered boxes, page sizes, several copies of a form on
 * one page, signed amounts in one column. Never tune the extractor against these: add a new held-out family instead
 * when one has been looked at.
 */

const LEGAL = { w: 612, h: 1008 } as const;
const A4 = { w: 595, h: 842 } as const;
const HALF_LANDSCAPE = { w: 792, h: 432 } as const;

/** A cell with a tiny label at its top-left and its value below: the usual shape of a printed tax form's box. */
async function box(
  w: DocWriter,
  x: number,
  y: number,
  wd: number,
  ht: number,
  label: string,
  value: string,
  field?: { name: string; kind: 'money' | 'text' | 'ssn' | 'year' | 'date'; normalized?: string },
  valueFont: FontName = 'mono',
): Promise<void> {
  w.rect(x, y, wd, ht, { border: 0.5 });
  await w.text(label, x + 2, y + 7, { font: 'sans', size: 5.5 });
  if (!value) return;
  const size = Math.min(9, (wd - 8) / (0.6 * value.length));
  if (field) await w.field(field.name, field.kind, value, x + 4, y + ht - 5, { font: valueFont, size }, field.normalized);
  else await w.text(value, x + 4, y + ht - 5, { font: valueFont, size });
}

// ---------------------------------------------------------------- W-2: four copies on one page (payroll vendors)

/**
 * The "4-up" W-2 many payroll services mail: copies B, C, 2 and 2 in the four quarters of a letter page, each in the
 * IRS box order with the employee's first name and last name in cells of their own. The truth holds the first copy's
 * values; any copy read right is right.
 */
const w2FourUp: Drawing = async ({ w, facts, rand, index }) => {
  const s = facts.story;
  const { year, wages, federal, ss, medicare } = w2Figures(facts, rand, index);
  const state = wages * 0.045;
  const [first, ...rest] = facts.w2.name.split(' ');
  const last = rest.join(' ');
  w.newPage();
  const copies = ['Copy B To Be Filed With Employee\'s FEDERAL Tax Return', 'Copy C For EMPLOYEE\'S RECORDS', 'Copy 2 To Be Filed With Employee\'s State, City, or Local Income Tax Return', 'Copy 2 To Be Filed With Employee\'s State, City, or Local Income Tax Return'];
  for (const [c, caption] of copies.entries()) {
    const ox = 24 + (c % 2) * 288;
    const oy = 30 + Math.floor(c / 2) * 372;
    const record = c === 0;
    const f = (name: string, kind: 'money' | 'text' | 'ssn' | 'year') => (record ? { name, kind } : undefined);
    await box(w, ox, oy, 130, 22, "a Employee's soc. sec. no.", facts.w2.ssn, f('employee_ssn', 'ssn'));
    await box(w, ox + 130, oy, 134, 22, 'OMB No. 1545-0008', '');
    await box(w, ox, oy + 22, 130, 22, 'b Employer ID number (EIN)', s.employer.ein, f('employer_ein', 'text'));
    await box(w, ox + 130, oy + 22, 67, 22, '1 Wages, tips, other comp.', plainMoney(wages), f('wages', 'money'));
    await box(w, ox + 197, oy + 22, 67, 22, '2 Federal income tax withheld', plainMoney(federal), f('federal_tax_withheld', 'money'));
    await box(w, ox, oy + 44, 130, 44, "c Employer's name, address, and ZIP code", '');
    if (record) await w.field('employer_name', 'text', facts.w2.employer, ox + 4, oy + 62, { font: 'mono', size: 7.5 });
    else await w.text(facts.w2.employer, ox + 4, oy + 62, { font: 'mono', size: 7.5 });
    await w.text(s.employer.address.street, ox + 4, oy + 72, { font: 'mono', size: 7 });
    await w.text(`${s.employer.address.city} ${s.employer.address.state} ${s.employer.address.zip}`, ox + 4, oy + 81, { font: 'mono', size: 7 });
    await box(w, ox + 130, oy + 44, 67, 22, '3 Social security wages', plainMoney(wages), f('social_security_wages', 'money'));
    await box(w, ox + 197, oy + 44, 67, 22, '4 Social security tax withheld', plainMoney(ss), f('social_security_tax', 'money'));
    await box(w, ox + 130, oy + 66, 67, 22, '5 Medicare wages and tips', plainMoney(wages), f('medicare_wages', 'money'));
    await box(w, ox + 197, oy + 66, 67, 22, '6 Medicare tax withheld', plainMoney(medicare), f('medicare_tax', 'money'));
    await box(w, ox, oy + 88, 130, 22, 'd Control number', `${int(rand, 10000, 99999)}`);
    await box(w, ox + 130, oy + 88, 134, 22, '12a See instructions for box 12', `D | ${plainMoney(wages * 0.05)}`);
    // e: first name and initial, last name, suffix, in cells of their own.
    w.rect(ox, oy + 110, 264, 44, { border: 0.5 });
    await w.text("e Employee's first name and initial", ox + 2, oy + 117, { font: 'sans', size: 5.5 });
    await w.text('Last name', ox + 132, oy + 117, { font: 'sans', size: 5.5 });
    await w.text('Suff.', ox + 236, oy + 117, { font: 'sans', size: 5.5 });
    const nameBox = await w.text(first!, ox + 4, oy + 129, { font: 'mono', size: 8.5 });
    const lastBox = await w.text(last, ox + 134, oy + 129, { font: 'mono', size: 8.5 });
    if (record) w.record('employee_name', 'text', facts.w2.name, { x: nameBox.x, y: nameBox.y, w: lastBox.x + lastBox.w - nameBox.x, h: nameBox.h });
    await w.text(s.address.street, ox + 4, oy + 139, { font: 'mono', size: 7 });
    await w.text(`${s.address.city} ${s.address.state} ${s.address.zip}`, ox + 4, oy + 148, { font: 'mono', size: 7 });
    await w.text("f Employee's address and ZIP code", ox + 2, oy + 160, { font: 'sans', size: 5.5 });
    await box(w, ox, oy + 166, 44, 22, '15 State', s.address.state);
    await box(w, ox + 44, oy + 166, 86, 22, "Employer's state ID no.", `${int(rand, 100000, 999999)}`);
    await box(w, ox + 130, oy + 166, 67, 22, '16 State wages, tips, etc.', plainMoney(wages), f('state_wages', 'money'));
    await box(w, ox + 197, oy + 166, 67, 22, '17 State income tax', plainMoney(state), f('state_income_tax', 'money'));
    await w.text('W-2', ox, oy + 204, { font: 'sansBold', size: 16 });
    await w.text('Wage and Tax Statement', ox + 34, oy + 200, { font: 'sansBold', size: 7.5 });
    if (record) await w.field('tax_year', 'year', String(year), ox + 150, oy + 204, { font: 'sansBold', size: 14 });
    else await w.text(String(year), ox + 150, oy + 204, { font: 'sansBold', size: 14 });
    await w.text(caption, ox, oy + 216, { font: 'sans', size: 5.5 });
    await w.text('Department of the Treasury - Internal Revenue Service', ox, oy + 224, { font: 'sans', size: 5.5 });
  }
};

// ---------------------------------------------------------------- Pay stub: a check with its stub (half-landscape)

/**
 * A payroll check with the earnings stub below its perforation, on a landscape half page: labels in a header row above
 * their values ("Period Beginning", "Period Ending", "Check Date"), "This Period" and "Year to Date" columns, "Net
 * Amount" rather than "Net Pay", the employee named only as the payee.
 */
const payStubWithCheck: Drawing = async ({ w, facts, rand, index }) => {
  const s = facts.story;
  const { payDate, periodEnd, periodStart, gross, periods, taxes, net, rate } = payFigures(facts, index);
  const p = facts.payStub;
  w.newPage(HALF_LANDSCAPE);
  const checkNo = `${int(rand, 10000, 99999)}`;
  await w.text(p.employer.toUpperCase(), 36, 34, { font: 'serifBold', size: 12 });
  await w.text(oneLine(s.employer.address), 36, 46, { font: 'serif', size: 7.5 });
  await w.text(`No. ${checkNo}`, 680, 34, { font: 'serif', size: 9 });
  await w.text('DATE', 560, 66, { font: 'sans', size: 6.5 });
  await w.text(fmtDate(payDate, 'us'), 590, 66, { font: 'mono', size: 10 });
  await w.text('PAY TO THE ORDER OF', 36, 92, { font: 'sans', size: 6.5 });
  const payee = await w.text(p.name, 120, 92, { font: 'mono', size: 10.5 });
  w.record('employee_name', 'text', p.name, payee);
  w.rule(118, 95, 400, 0.5);
  w.rect(600, 80, 150, 18, { border: 0.6 });
  await w.text(`**${plainMoney(net)}`, 608, 93, { font: 'mono', size: 10 });
  await w.text('NON-NEGOTIABLE - THIS IS NOT A CHECK', 280, 124, { font: 'sansBold', size: 8 });
  w.rule(560, 140, 190, 0.5);
  await w.text('AUTHORIZED SIGNATURE', 600, 148, { font: 'sans', size: 6 });
  // Perforation, then the stub.
  for (let x = 20; x < 772; x += 8) w.rule(x, 166, 4, 0.4, 0.5);
  await w.text('EARNINGS STATEMENT - DETACH AND RETAIN', 36, 184, { font: 'sansBold', size: 8 });
  const heads = ['Employee', 'Period Beginning', 'Period Ending', 'Check Date', 'Check No.'];
  const xs = [36, 220, 330, 440, 550];
  for (const [i, h] of heads.entries()) await w.text(h, xs[i]!, 200, { font: 'sansBold', size: 7 });
  await w.text(p.name, xs[0]!, 212, { font: 'sans', size: 8.5 });
  await w.text(fmtDate(periodStart, 'us'), xs[1]!, 212, { font: 'sans', size: 8.5 });
  await w.field('pay_period_end', 'date', fmtDate(periodEnd, 'us'), xs[2]!, 212, { font: 'sans', size: 8.5 });
  await w.field('pay_date', 'date', fmtDate(payDate, 'us'), xs[3]!, 212, { font: 'sans', size: 8.5 });
  await w.text(checkNo, xs[4]!, 212, { font: 'sans', size: 8.5 });
  await w.text(`Company: ${p.employer}`, 36, 226, { font: 'sans', size: 7 });
  const companyWidth = await w.width('Company: ', { font: 'sans', size: 7 });
  const company = await w.width(p.employer, { font: 'sans', size: 7 });
  w.record('employer_name', 'text', p.employer, w.box(36 + companyWidth, 226 - 7, company, 9));
  // Earnings and deductions side by side.
  const earnHead = ['Earnings', 'Rate', 'Hours', 'This Period', 'Year to Date'];
  const ex = [36, 120, 170, 220, 300];
  for (const [i, h] of earnHead.entries()) await w.text(h, ex[i]!, 246, { font: 'sansBold', size: 7 });
  w.rule(36, 249, 330, 0.4);
  await w.text('Regular', ex[0]!, 260, { font: 'sans', size: 8 });
  await w.text(plainMoney(rate), ex[1]!, 260, { font: 'sans', size: 8 });
  await w.text('80.00', ex[2]!, 260, { font: 'sans', size: 8 });
  await w.text(plainMoney(gross), ex[3]!, 260, { font: 'sans', size: 8 });
  await w.text(plainMoney(gross * periods), ex[4]!, 260, { font: 'sans', size: 8 });
  w.rule(36, 300, 330, 0.4);
  await w.text('Total Gross', ex[0]!, 312, { font: 'sansBold', size: 8 });
  await w.field('gross_pay_current', 'money', plainMoney(gross), ex[3]!, 312, { font: 'sansBold', size: 8 });
  await w.field('gross_pay_ytd', 'money', plainMoney(gross * periods), ex[4]!, 312, { font: 'sansBold', size: 8 });
  const dx = [420, 560, 650];
  for (const [i, h] of ['Taxes and Deductions', 'This Period', 'Year to Date'].entries()) await w.text(h, dx[i]!, 246, { font: 'sansBold', size: 7 });
  w.rule(420, 249, 330, 0.4);
  for (const [i, [name, v]] of taxes.entries()) {
    await w.text(name, dx[0]!, 260 + i * 11, { font: 'sans', size: 8 });
    await w.text(plainMoney(v), dx[1]!, 260 + i * 11, { font: 'sans', size: 8 });
    await w.text(plainMoney(v * periods), dx[2]!, 260 + i * 11, { font: 'sans', size: 8 });
  }
  w.rule(420, 330, 330, 0.4);
  await w.text('Net Amount', dx[0]!, 344, { font: 'sansBold', size: 9 });
  await w.field('net_pay', 'money', money(net), dx[1]!, 344, { font: 'sansBold', size: 9 });
};

// ---------------------------------------------------------------- Bank statement: A4, summary box, signed amounts

/**
 * A statement as many banks print it: the customer's name and address as a mailing block with no label, an "Account
 * Summary" box on the right ("Previous Balance", "New Balance", "Statement Closing Date"), and one signed "Amount"
 * column with the running balance. A4 paper.
 */
const bankSummaryBox: Drawing = async ({ w, facts, rand, index }) => {
  const s = facts.story;
  const bf = facts.bank;
  const { start, end, begin, balance, rows } = monthTransactions(facts, rand, index);
  const dates = (d: Date) => fmtDate(d, 'short');
  let page = 1;
  const header = async () => {
    w.newPage(A4);
    await w.text(s.bank.name, 40, 44, { font: 'serifBold', size: 16 });
    await w.text(`Page ${page} `, 520, 44, { font: 'sans', size: 8 });
    page++;
  };
  await header();
  const holder = await w.text(bf.holder.toUpperCase(), 56, 110, { font: 'mono', size: 10 });
  w.record('account_holder', 'text', bf.holder, holder);
  const street = await w.text(bf.address.street.toUpperCase(), 56, 123, { font: 'mono', size: 10 });
  const city = await w.text(`${bf.address.city.toUpperCase()} ${bf.address.state} ${bf.address.zip}`, 56, 136, { font: 'mono', size: 10 });
  w.record('mailing_address', 'text', oneLine(bf.address), { x: street.x, y: street.y, w: Math.max(street.w, city.w), h: city.y + city.h - street.y });
  // The summary box.
  w.rect(330, 80, 225, 126, { border: 0.8 });
  w.rect(330, 80, 225, 16, { fill: [0.2, 0.3, 0.45] });
  await w.text('Account Summary', 336, 92, { font: 'sansBold', size: 9, color: [1, 1, 1] });
  const deposits = rows.filter((r) => r.amount > 0).reduce((n, r) => n + r.amount, 0);
  const withdrawals = rows.filter((r) => r.amount < 0).reduce((n, r) => n - r.amount, 0);
  const line = async (y: number, label: string, value: string, field?: { name: string; kind: 'money' | 'text' | 'date'; normalized?: string }) => {
    await w.text(label, 336, y, { font: 'sans', size: 8 });
    const right = 549 - (await w.width(value, { font: 'sans', size: 8 }));
    if (field) await w.field(field.name, field.kind, value, right, y, { font: 'sans', size: 8 }, field.normalized);
    else await w.text(value, right, y, { font: 'sans', size: 8 });
  };
  await line(110, 'Account Number', `XXXXXX${s.bank.accountNumber.slice(-4)}`);
  await line(124, 'Statement Closing Date', dates(end), { name: 'statement_period_end', kind: 'date' });
  await line(138, 'Previous Balance', money(begin), { name: 'beginning_balance', kind: 'money' });
  await line(152, 'Deposits and Credits', `+ ${money(deposits)}`);
  await line(166, 'Withdrawals and Debits', `- ${money(withdrawals)}`);
  await line(184, 'New Balance', money(balance), { name: 'ending_balance', kind: 'money' });
  await w.text(`Primary account: ${s.bank.accountNumber}`, 40, 230, { font: 'sans', size: 8 });
  const accountWidth = await w.width('Primary account: ', { font: 'sans', size: 8 });
  w.record('account_number', 'text', s.bank.accountNumber, w.box(40 + accountWidth, 230 - 8, await w.width(s.bank.accountNumber, { font: 'sans', size: 8 }), 10));
  await w.text(`For the period ${dates(start)} through ${dates(end)}`, 40, 244, { font: 'sans', size: 8 });
  // Transactions: Posting Date | Description | Amount | Balance, debits with a minus sign.
  let y = 272;
  const columns = async () => {
    await w.text('Posting Date', 40, y, { font: 'sansBold', size: 8 });
    await w.text('Description', 120, y, { font: 'sansBold', size: 8 });
    await w.text('Amount', 400, y, { font: 'sansBold', size: 8 });
    await w.text('Balance', 490, y, { font: 'sansBold', size: 8 });
    w.rule(40, y + 4, 515, 0.5);
    y += 16;
  };
  await columns();
  for (const r of rows) {
    if (y > 800) {
      await header();
      y = 80;
      await columns();
    }
    const amount = `${r.amount < 0 ? '-' : ''}${plainMoney(Math.abs(r.amount))}`;
    await w.text(dates(r.on), 40, y, { font: 'sans', size: 8 });
    await w.text(r.description, 120, y, { font: 'sans', size: 8 });
    await w.text(amount, 450 - (await w.width(amount, { font: 'sans', size: 8 })), y, { font: 'sans', size: 8 });
    const bal = plainMoney(r.balance);
    await w.text(bal, 545 - (await w.width(bal, { font: 'sans', size: 8 })), y, { font: 'sans', size: 8 });
    w.transactions.push({ ...truthRow(r), page: w.pageNumber, bbox: w.box(40, y - 8, 515, 11) });
    y += 13;
  }
  await w.text('Thank you for banking with us. Deposits are insured up to the maximum allowed by law.', 40, Math.min(y + 14, 830), { font: 'sans', size: 7 });
};

// ---------------------------------------------------------------- ID card: AAMVA-style numbered fields, real size

/** A driver's licence at its real size on a letter page, with AAMVA's numbered field captions (4d DLN, 1, 2, 8, 3 DOB, 4b EXP). */
const idNumbered: Drawing = async ({ w, facts }) => {
  const s = facts.story;
  const b = s.borrower;
  w.newPage();
  const x = 72;
  const y = 72;
  const cw = 3.375 * 72 * 1.1;
  const ch = 2.125 * 72 * 1.1;
  w.rect(x, y, cw, ch, { fill: [0.95, 0.9, 0.95], border: 0.8 });
  w.rect(x + 8, y + 34, 70, 90, { fill: [0.7, 0.7, 0.74] });
  await w.text(`${s.id.state} USA`, x + 8, y + 14, { font: 'sansBold', size: 9 });
  await w.text('DRIVER LICENSE', x + 90, y + 14, { font: 'sansBold', size: 9, color: [0.5, 0.1, 0.3] });
  const left = x + 86;
  const tag = (t: string, top: number) => w.text(t, left, top, { font: 'sans', size: 5, color: [0.4, 0.1, 0.1] });
  await tag('4d DLN', y + 32);
  await w.field('id_number', 'text', s.id.number, left + 22, y + 32, { font: 'sansBold', size: 8 });
  await tag('1', y + 44);
  const lastBox = await w.text(b.last.toUpperCase(), left + 8, y + 44, { font: 'sansBold', size: 8 });
  await tag('2', y + 54);
  const firstBox = await w.text(`${b.first.toUpperCase()} ${b.middle}`, left + 8, y + 54, { font: 'sansBold', size: 8 });
  w.record('full_name', 'text', `${b.first} ${b.middle} ${b.last}`, { x: lastBox.x, y: lastBox.y, w: Math.max(lastBox.w, firstBox.w), h: firstBox.y + firstBox.h - lastBox.y });
  await tag('8', y + 66);
  await w.field('street_address', 'text', facts.id.address.street.toUpperCase(), left + 8, y + 66, { font: 'sans', size: 7 });
  await w.text(`${facts.id.address.city.toUpperCase()}, ${facts.id.address.state} ${facts.id.address.zip}`, left + 8, y + 75, { font: 'sans', size: 7 });
  await tag('3 DOB', y + 90);
  await w.field('date_of_birth', 'date', fmtDate(facts.id.dob, 'us'), left + 22, y + 90, { font: 'sansBold', size: 7.5 });
  await tag('4b EXP', y + 100);
  await w.field('expiration_date', 'date', fmtDate(s.id.expires, 'us'), left + 22, y + 100, { font: 'sansBold', size: 7.5 });
  await tag('4a ISS', y + 110);
  await w.text(fmtDate(s.id.issued, 'us'), left + 22, y + 110, { font: 'sans', size: 7.5 });
  await tag('15 SEX', y + 122);
  await w.text('X', left + 22, y + 122, { font: 'sans', size: 7.5 });
  await w.text(`${b.first} ${b.last}`, x + 10, y + ch - 14, { font: 'handScrawl', size: 9, color: [0.1, 0.1, 0.3] });
};

// ---------------------------------------------------------------- VOE: a numbered request-for-verification form

/** A request for verification of employment in the numbered-item shape of the industry form (Part II answered by the employer). */
const voeNumberedForm: Drawing = async ({ w, facts, rand }) => {
  const s = facts.story;
  const v = facts.voe;
  w.newPage(LEGAL);
  await w.text('Request for Verification of Employment', 40, 40, { font: 'sansBold', size: 13 });
  await w.text('Privacy Act Notice: this information is to be used by the agency collecting it in determining whether you qualify as a prospective mortgagor.', 40, 54, { font: 'sans', size: 6 });
  await w.text('Part I - Request', 40, 76, { font: 'sansBold', size: 9 });
  await box(w, 40, 82, 266, 48, '1. To (Name and address of employer)', '');
  const employer = await w.text(v.employer, 44, 104, { font: 'mono', size: 8.5 });
  w.record('employer_name', 'text', v.employer, employer);
  await w.text(oneLine(s.employer.address), 44, 116, { font: 'mono', size: 7 });
  await box(w, 306, 82, 266, 48, '2. From (Name and address of lender)', `${pick(rand, ['Harborview', 'Keystone', 'Summit Ridge'])} Mortgage Co.`);
  await box(w, 40, 130, 532, 40, '7. Name and Address of Applicant (include employee or badge number)', '');
  const name = await w.text(v.name, 44, 152, { font: 'mono', size: 8.5 });
  w.record('employee_name', 'text', v.name, name);
  await w.text(oneLine(s.address), 44, 164, { font: 'mono', size: 7 });
  await w.text('Part II - Verification of Present Employment', 40, 192, { font: 'sansBold', size: 9 });
  await box(w, 40, 198, 177, 30, "9. Applicant's Date of Employment", fmtDate(s.employer.hireDate, 'us'), { name: 'hire_date', kind: 'date' });
  await box(w, 217, 198, 177, 30, '10. Present Position', s.employer.position);
  await box(w, 394, 198, 178, 30, '11. Probability of Continued Employment', 'Good');
  await box(w, 40, 228, 266, 30, '12A. Current Gross Base Pay (Enter Amount and Check Period)  Annual', money(s.annual), { name: 'annual_salary', kind: 'money' });
  await box(w, 306, 228, 266, 30, '13. For Military Personnel Only', 'N/A');
  await box(w, 40, 258, 532, 30, '12B. Gross Earnings  Year to Date / Past Year', `${money(s.annual * 0.4)}  /  ${money(s.annual * 0.98)}`);
  await w.text('Part IV - Authorized Signature', 40, 316, { font: 'sansBold', size: 9 });
  await w.signature('hr_signature', 'R. Lindqvist', 40, 350, 220, 'hand');
  await box(w, 300, 330, 130, 26, '27. Title', 'Payroll Manager');
  await box(w, 430, 330, 142, 26, '28. Date', fmtDate(addDays(s.applicationDate, -4), 'us'));
};

// ---------------------------------------------------------------- URLA: the redesigned 1003's section shape

/**
 * The application in the redesigned URLA's shape: numbered sections (1a Personal Information, 1b Current Employment,
 * 4a Loan and Property Information, 7 Acknowledgments), labels above cells, the name in one cell with its parts named,
 * the address split into street, city, state and ZIP cells, income per month with "Base" as its line.
 */
const urlaRedesigned: Drawing = async ({ w, facts, rand }) => {
  const s = facts.story;
  const b = s.borrower;
  const valueFont: FontName = 'sans';
  w.newPage();
  await w.text('Uniform Residential Loan Application', 36, 40, { font: 'serifBold', size: 15 });
  await w.text('Verify and complete the information on this application.', 36, 52, { font: 'serif', size: 7.5 });
  const title = async (t: string, y: number) => {
    w.rect(36, y, 540, 14, { fill: [0.15, 0.22, 0.35] });
    await w.text(t, 40, y + 10, { font: 'sansBold', size: 8.5, color: [1, 1, 1] });
  };
  await title('Section 1: Borrower Information.', 64);
  await w.text('1a. Personal Information', 36, 92, { font: 'sansBold', size: 8 });
  await box(w, 36, 98, 300, 26, 'Name (First, Middle, Last, Suffix)', `${b.first} ${b.middle} ${b.last}`, undefined, valueFont);
  w.record('borrower_name', 'text', `${b.first} ${b.middle} ${b.last}`, w.box(40, 98 + 13, 290, 10));
  await box(w, 336, 98, 120, 26, 'Social Security Number', b.ssn, { name: 'ssn', kind: 'ssn' }, valueFont);
  await box(w, 456, 98, 120, 26, 'Date of Birth (mm/dd/yyyy)', fmtDate(b.dob, 'us'), { name: 'date_of_birth', kind: 'date' }, valueFont);
  await w.text('Current Address', 36, 138, { font: 'sansBold', size: 7 });
  await box(w, 36, 142, 250, 26, 'Street', s.address.street, undefined, valueFont);
  await box(w, 286, 142, 150, 26, 'City', s.address.city, undefined, valueFont);
  await box(w, 436, 142, 50, 26, 'State', s.address.state, undefined, valueFont);
  await box(w, 486, 142, 90, 26, 'ZIP', s.address.zip, undefined, valueFont);
  w.record('current_address', 'text', oneLine(s.address), w.box(40, 155, 530, 10));
  if (s.coBorrower) {
    const c = s.coBorrower;
    await box(w, 36, 168, 300, 26, 'Co-Borrower Name (First, Middle, Last, Suffix)', `${c.first} ${c.last}`, { name: 'co_borrower_name', kind: 'text' }, valueFont);
    await box(w, 336, 168, 120, 26, 'Co-Borrower Social Security Number', c.ssn, { name: 'co_borrower_ssn', kind: 'ssn' }, valueFont);
  }
  await w.text('1b. Current Employment/Self-Employment and Income', 36, 212, { font: 'sansBold', size: 8 });
  await box(w, 36, 218, 300, 26, 'Employer or Business Name', s.employer.name, { name: 'employer_name', kind: 'text' }, valueFont);
  await box(w, 336, 218, 120, 26, 'Start Date (mm/dd/yyyy)', fmtDate(s.employer.hireDate, 'us'), { name: 'employment_start_date', kind: 'date' }, valueFont);
  await box(w, 456, 218, 120, 26, 'Position or Title', s.employer.position, undefined, valueFont);
  await w.text('Gross Monthly Income', 36, 258, { font: 'sansBold', size: 7 });
  await box(w, 36, 262, 180, 24, 'Base  $ /month', plainMoney(facts.urla.monthlyIncome), { name: 'monthly_income', kind: 'money' }, valueFont);
  await box(w, 216, 262, 180, 24, 'Overtime  $ /month', '0.00', undefined, valueFont);
  await box(w, 396, 262, 180, 24, 'TOTAL  $ /month', plainMoney(facts.urla.monthlyIncome), undefined, valueFont);
  await title('Section 4: Loan and Property Information.', 304);
  await box(w, 36, 324, 180, 26, 'Loan Amount  $', plainMoney(s.loanAmount), { name: 'loan_amount', kind: 'money' }, valueFont);
  await w.text('Loan Purpose', 222, 332, { font: 'sans', size: 6 });
  // The purpose is the ticked box's word.
  w.checkbox('loan_purpose_purchase', s.loanPurpose === 'Purchase', 222, 338, 8);
  const purchase = await w.text('Purchase', 233, 345, { font: 'sans', size: 7.5 });
  w.checkbox('loan_purpose_refinance', s.loanPurpose === 'Refinance', 280, 338, 8);
  const refinance = await w.text('Refinance', 291, 345, { font: 'sans', size: 7.5 });
  w.record('loan_purpose', 'text', s.loanPurpose, s.loanPurpose === 'Purchase' ? purchase : refinance);
  await box(w, 36, 350, 540, 26, 'Property Address  Street, City, State, ZIP', oneLine(s.property), { name: 'property_address', kind: 'text' }, valueFont);
  await title('Section 7: Acknowledgments and Agreements.', 396);
  await w.text('I have read this application and agree that the information I have provided is true and complete.', 36, 424, { font: 'serif', size: 8 });
  await w.text('Borrower Signature', 36, 452, { font: 'sans', size: 7 });
  await w.signature('borrower_signature', facts.urla.signed ? `${b.first} ${b.last}` : undefined, 36, 478, 300);
  await w.text('Date (mm/dd/yyyy)', 380, 452, { font: 'sans', size: 7 });
  if (facts.urla.dated) await w.field('application_date', 'date', fmtDate(s.applicationDate, 'us'), 386, 478, { font: 'hand', size: 13 });
  w.rule(380, 481, 150);
  await w.text(`Loan Identifier ${int(rand, 1000000, 9999999)}`, 36, 760, { font: 'sans', size: 6.5 });
  await w.text('Uniform Residential Loan Application  Freddie Mac Form 65  Fannie Mae Form 1003', 300, 760, { font: 'sans', size: 6.5 });
};

// ---------------------------------------------------------------- W-2: a payroll portal's summary table

/** A payroll portal's printout: employee and employer blocks without box letters, then a "Box | Description | Amount" table. */
const w2PortalTable: Drawing = async ({ w, facts, rand, index }) => {
  const s = facts.story;
  const { year, wages, federal, ss, medicare } = w2Figures(facts, rand, index);
  w.newPage();
  await w.text(`${year} W-2 and Earnings Summary`, 50, 60, { font: 'serifBold', size: 15 });
  await w.text('This summary is not the official form. Your official W-2 is attached.', 50, 74, { font: 'serif', size: 8 });
  const pair = async (y: number, label: string, value: string, field?: { name: string; kind: 'text' | 'ssn' | 'year' }) => {
    await w.text(label, 50, y, { font: 'serif', size: 9.5 });
    if (field) await w.field(field.name, field.kind, value, 190, y, { font: 'serif', size: 9.5 });
    else await w.text(value, 190, y, { font: 'serif', size: 9.5 });
  };
  await pair(104, 'Tax year', String(year), { name: 'tax_year', kind: 'year' });
  await pair(120, 'Employee', facts.w2.name, { name: 'employee_name', kind: 'text' });
  await pair(136, 'SSN', facts.w2.ssn, { name: 'employee_ssn', kind: 'ssn' });
  await pair(152, 'Company', facts.w2.employer, { name: 'employer_name', kind: 'text' });
  await pair(168, 'Federal EIN', s.employer.ein, { name: 'employer_ein', kind: 'text' });
  await pair(184, 'Company address', oneLine(s.employer.address));
  let y = 216;
  for (const [i, h] of ['Box', 'Description', 'Amount'].entries()) await w.text(h, [50, 100, 420][i]!, y, { font: 'serifBold', size: 9.5 });
  w.rule(50, y + 4, 460, 0.6);
  y += 18;
  const rows: [string, string, number, string][] = [
    ['1', 'Wages, tips, other compensation', wages, 'wages'],
    ['2', 'Federal income tax withheld', federal, 'federal_tax_withheld'],
    ['3', 'Social security wages', wages, 'social_security_wages'],
    ['4', 'Social security tax withheld', ss, 'social_security_tax'],
    ['5', 'Medicare wages and tips', wages, 'medicare_wages'],
    ['6', 'Medicare tax withheld', medicare, 'medicare_tax'],
  ];
  for (const [boxNo, label, amount, field] of rows) {
    await w.text(boxNo, 50, y, { font: 'serif', size: 9.5 });
    await w.text(label, 100, y, { font: 'serif', size: 9.5 });
    await w.field(field, 'money', money(amount), 420, y, { font: 'serif', size: 9.5 });
    y += 16;
  }
};

// ---------------------------------------------------------------- Pay stub: an online payroll portal's pay statement

/** A portal's "Pay Statement": a two-column summary of Current and YTD totals, "Net Deposit", and dates as "Jun 5 - Jun 18, 2026". */
const payStubPortal: Drawing = async ({ w, facts, index }) => {
  const s = facts.story;
  const { payDate, periodEnd, periodStart, gross, periods, taxes, net } = payFigures(facts, index);
  const p = facts.payStub;
  const short = (d: Date) => fmtDate(d, 'short').replace(/, \d{4}$/, '');
  w.newPage(A4);
  await w.text('Pay Statement', 40, 56, { font: 'sansBold', size: 18, color: [0.1, 0.35, 0.3] });
  const employer = await w.text(p.employer, 40, 80, { font: 'sans', size: 10 });
  w.record('employer_name', 'text', p.employer, employer);
  await w.text(oneLine(s.employer.address), 40, 92, { font: 'sans', size: 8 });
  const name = await w.text(p.name, 330, 80, { font: 'sansBold', size: 10 });
  w.record('employee_name', 'text', p.name, name);
  await w.text(oneLine(s.address), 330, 92, { font: 'sans', size: 8 });
  await w.text('Pay period', 40, 124, { font: 'sans', size: 8, color: [0.4, 0.4, 0.4] });
  const period = `${short(periodStart)} - ${fmtDate(periodEnd, 'short')}`;
  await w.field('pay_period_end', 'date', period, 40, 138, { font: 'sans', size: 10 }, isoDate(periodEnd));
  await w.text('Pay day', 230, 124, { font: 'sans', size: 8, color: [0.4, 0.4, 0.4] });
  await w.field('pay_date', 'date', fmtDate(payDate, 'short'), 230, 138, { font: 'sans', size: 10 });
  await w.text('Net deposit', 400, 124, { font: 'sans', size: 8, color: [0.4, 0.4, 0.4] });
  await w.field('net_pay', 'money', money(net), 400, 140, { font: 'sansBold', size: 14 });
  let y = 180;
  for (const [i, h] of ['', 'Current', 'Year to date'].entries()) await w.text(h, [40, 300, 420][i]!, y, { font: 'sansBold', size: 9 });
  w.rule(40, y + 5, 515, 0.5);
  y += 20;
  const taxTotal = taxes.reduce((n, [, v]) => n + v, 0);
  const rows: [string, number, number, boolean][] = [
    ['Gross earnings', gross, gross * periods, true],
    ['Employee taxes', -taxTotal, -taxTotal * periods, false],
    ['Net pay', net, net * periods, false],
  ];
  for (const [label, cur, ytd, isGross] of rows) {
    await w.text(label, 40, y, { font: 'sans', size: 9.5 });
    if (isGross) {
      await w.field('gross_pay_current', 'money', money(cur), 300, y, { font: 'sans', size: 9.5 });
      await w.field('gross_pay_ytd', 'money', money(ytd), 420, y, { font: 'sans', size: 9.5 });
    } else {
      await w.text(cur < 0 ? `(${money(-cur)})` : money(cur), 300, y, { font: 'sans', size: 9.5 });
      await w.text(ytd < 0 ? `(${money(-ytd)})` : money(ytd), 420, y, { font: 'sans', size: 9.5 });
    }
    y += 18;
  }
  y += 14;
  await w.text('Employee taxes', 40, y, { font: 'sansBold', size: 9 });
  y += 16;
  for (const [label, v] of taxes) {
    await w.text(label, 52, y, { font: 'sans', size: 8.5 });
    await w.text(money(v), 300, y, { font: 'sans', size: 8.5 });
    await w.text(money(v * periods), 420, y, { font: 'sans', size: 8.5 });
    y += 14;
  }
};


// ---------------------------------------------------------------- Bank statement: a credit union's share draft account

/** A credit union statement on legal paper: "Member" block, "Statement Date", "Balance Forward", two-digit dates, "Withdrawals" and "Deposits" columns. */
const bankCreditUnion: Drawing = async ({ w, facts, rand, index }) => {
  const s = facts.story;
  const bf = facts.bank;
  const { start, end, begin, balance, rows } = monthTransactions(facts, rand, index);
  const md = (d: Date) => fmtDate(d, 'us').slice(0, 5);
  // The story's bank under a credit union's name: 'Harborline Credit Union' stays, 'First Larkspur Bank' becomes 'Larkspur Federal Credit Union'.
  const union = /credit union/i.test(s.bank.name) ? s.bank.name : `${s.bank.name.split(' ').find((word) => !/^(first|summit|prairie)$/i.test(word)) ?? 'Community'} Federal Credit Union`;
  let y = 0;
  const header = async (first: boolean) => {
    w.newPage(LEGAL);
    await w.text(union, 306 - (await w.width(union, { font: 'serifBold', size: 14 })) / 2, 48, { font: 'serifBold', size: 14 });
    if (!first) await w.text(`${bf.holder} - continued`, 40, 72, { font: 'serif', size: 8 });
    y = first ? 90 : 96;
  };
  await header(true);
  await w.text('Member:', 40, y, { font: 'serif', size: 9 });
  await w.field('account_holder', 'text', bf.holder, 90, y, { font: 'serif', size: 9 });
  await w.text('Statement Date:', 380, y, { font: 'serif', size: 9 });
  await w.field('statement_period_end', 'date', fmtDate(end, 'us'), 460, y, { font: 'serif', size: 9 });
  y += 13;
  await w.field('mailing_address', 'text', oneLine(bf.address), 90, y, { font: 'serif', size: 9 });
  await w.text('Member Number:', 380, y, { font: 'serif', size: 9 });
  await w.field('account_number', 'text', s.bank.accountNumber, 460, y, { font: 'serif', size: 9 });
  y += 26;
  w.rect(40, y - 11, 532, 15, { fill: [0.9, 0.9, 0.9] });
  await w.text(`SHARE DRAFT CHECKING   ${fmtDate(start, 'us')} thru ${fmtDate(end, 'us')}`, 44, y, { font: 'serifBold', size: 9 });
  y += 20;
  const cols = async () => {
    for (const [i, h] of ['Date', 'Transaction Description', 'Withdrawals', 'Deposits', 'Balance'].entries()) await w.text(h, [40, 80, 330, 410, 490][i]!, y, { font: 'serifBold', size: 8.5 });
    y += 14;
  };
  await cols();
  await w.text(md(start), 40, y, { font: 'serif', size: 8.5 });
  await w.text('Balance Forward', 80, y, { font: 'serif', size: 8.5 });
  await w.field('beginning_balance', 'money', plainMoney(begin), 490, y, { font: 'serif', size: 8.5 });
  y += 12;
  for (const r of rows) {
    if (y > 960) {
      await header(false);
      await cols();
    }
    await w.text(md(r.on), 40, y, { font: 'serif', size: 8.5 });
    await w.text(r.description, 80, y, { font: 'serif', size: 8.5 });
    await w.text(plainMoney(Math.abs(r.amount)), r.amount < 0 ? 330 : 410, y, { font: 'serif', size: 8.5 });
    await w.text(plainMoney(r.balance), 490, y, { font: 'serif', size: 8.5 });
    w.transactions.push({ ...truthRow(r), page: w.pageNumber, bbox: w.box(40, y - 8, 532, 11) });
    y += 12;
  }
  await w.text(md(end), 40, y, { font: 'serif', size: 8.5 });
  await w.text('Ending Balance', 80, y, { font: 'serifBold', size: 8.5 });
  await w.field('ending_balance', 'money', plainMoney(balance), 490, y, { font: 'serifBold', size: 8.5 });
};

// ---------------------------------------------------------------- ID card: a vertical state ID

/** A vertical (portrait) state ID card with two-letter captions (LN, FN, DOB, EXP DATE, ID NUM) and dates as MM-DD-YYYY. */
const idVertical: Drawing = async ({ w, facts }) => {
  const s = facts.story;
  const b = s.borrower;
  w.newPage();
  const x = 200;
  const y = 80;
  const cw = 2.125 * 72 * 1.6;
  const ch = 3.375 * 72 * 1.6;
  const dash = (d: Date) => fmtDate(d, 'us').replace(/\//g, '-');
  w.rect(x, y, cw, ch, { fill: [0.86, 0.92, 0.86], border: 0.8 });
  await w.text(`${s.id.state}`, x + 12, y + 24, { font: 'serifBold', size: 16 });
  await w.text('IDENTIFICATION CARD', x + 60, y + 22, { font: 'sans', size: 9 });
  await w.text('UNDER 21 UNTIL', x + 60, y + 34, { font: 'sansBold', size: 7, color: [0.6, 0.1, 0.1] });
  w.rect(x + 60, y + 46, 120, 130, { fill: [0.7, 0.72, 0.7] });
  const row = async (top: number, caption: string, value: string, field?: { name: string; kind: 'text' | 'date'; normalized?: string }) => {
    await w.text(caption, x + 14, top, { font: 'sans', size: 6.5, color: [0.2, 0.3, 0.5] });
    if (field) await w.field(field.name, field.kind, value, x + 64, top, { font: 'sansBold', size: 9 }, field.normalized);
    else await w.text(value, x + 64, top, { font: 'sansBold', size: 9 });
  };
  await row(y + 196, 'ID NUM', s.id.number, { name: 'id_number', kind: 'text' });
  await row(y + 212, 'LN', b.last.toUpperCase());
  await row(y + 226, 'FN', `${b.first.toUpperCase()} ${b.middle}`);
  w.record('full_name', 'text', `${b.first} ${b.middle} ${b.last}`, w.box(x + 64, y + 204, 150, 26));
  await row(y + 242, 'ADDRESS', facts.id.address.street.toUpperCase(), { name: 'street_address', kind: 'text' });
  await row(y + 254, '', `${facts.id.address.city.toUpperCase()} ${facts.id.address.state} ${facts.id.address.zip}`);
  await row(y + 272, 'DOB', dash(facts.id.dob), { name: 'date_of_birth', kind: 'date', normalized: isoDate(facts.id.dob) });
  await row(y + 288, 'EXP DATE', dash(s.id.expires), { name: 'expiration_date', kind: 'date', normalized: isoDate(s.id.expires) });
  await row(y + 304, 'ISSUE DATE', dash(s.id.issued));
  await w.text(`${b.first} ${b.last}`, x + 14, y + ch - 14, { font: 'hand', size: 14, color: [0.1, 0.1, 0.3] });
};

// ---------------------------------------------------------------- VOE: a letter printed from an e-mail

/** An HR reply printed from an e-mail client: From/To/Subject headers, then prose with the facts in other words ("joined", "earns"). */
const voeEmail: Drawing = async ({ w, facts }) => {
  const s = facts.story;
  const v = facts.voe;
  const look = { font: 'sans' as const, bold: 'sansBold' as const, valueFont: 'sans' as const, size: 10, valueSize: 10, margin: 60 };
  w.newPage();
  const domain = v.employer.toLowerCase().replace(/[^a-z]+/g, '').slice(0, 14);
  const headers: [string, string][] = [
    ['From:', `HR Department <hr@${domain}.example>`],
    ['Sent:', fmtDate(addDays(s.applicationDate, -2), 'long')],
    ['To:', 'underwriting@lender.example'],
    ['Subject:', 'RE: Employment verification request'],
  ];
  let y = 60;
  for (const [k, val] of headers) {
    await w.text(k, 60, y, { font: 'sansBold', size: 9 });
    await w.text(val, 120, y, { font: 'sans', size: 9 });
    y += 13;
  }
  w.rule(60, y, 492, 0.6);
  y += 30;
  const name: Item = { label: '', value: v.name, field: 'employee_name', kind: 'text' };
  const employer: Item = { label: '', value: v.employer, field: 'employer_name', kind: 'text' };
  const hire: Item = { label: '', value: fmtDate(s.employer.hireDate, 'long'), field: 'hire_date', kind: 'date' };
  const salary: Item = { label: '', value: money(s.annual), field: 'annual_salary', kind: 'money' };
  y = await prose(w, ['Hello,'], y, look);
  y = await prose(
    w,
    ['Thanks for your note. I can confirm that ', name, ' joined ', employer, ' on ', hire, ` and works with us today as ${s.employer.position}. Their base pay is `, salary, ' a year, paid every two weeks. Nothing about the role is expected to change.'],
    y,
    look,
  );
  y = await prose(w, ['Kind regards,'], y + 8, look);
  await prose(w, ['People Operations'], y, look);
};

export const HELD_OUT_DRAWINGS = {
  'urla_1003/redesigned-sections': urlaRedesigned,
  'w2/four-up-vendor': w2FourUp,
  'w2/portal-summary-table': w2PortalTable,
  'pay_stub/check-and-stub': payStubWithCheck,
  'pay_stub/portal-statement': payStubPortal,
  'bank_statement/summary-box-a4': bankSummaryBox,
  'bank_statement/credit-union-legal': bankCreditUnion,
  'id_card/aamva-numbered': idNumbered,
  'id_card/vertical-state-id': idVertical,
  'voe_letter/numbered-request-form': voeNumberedForm,
  'voe_letter/printed-email': voeEmail,
} satisfies Record<string, Drawing>;
