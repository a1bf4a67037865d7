import { describe, expect, it } from 'vitest';
import type { PageText, Word } from '../core/page.js';
import { cellPage as page } from '../core/test-support/text-page.js';
import { classifyDocument } from './classify-document.js';
import { extractFields, lettersForDigits, repairOcrDate, tidyOcrText, withoutSpecks } from './extract-fields.js';

describe('baseline classification and extraction', () => {
  const stub = page([
    { y: 0.05, cells: [{ x: 0.1, text: 'Earnings Statement' }] },
    { y: 0.1, cells: [{ x: 0.1, text: 'Employer: Northwind Logistics LLC' }, { x: 0.6, text: 'Employee: Avery Quinlan' }] },
    { y: 0.15, cells: [{ x: 0.1, text: 'Pay Period: 10/01/2026 - 10/15/2026' }, { x: 0.6, text: 'Pay Date: 10/20/2026' }] },
    { y: 0.2, cells: [{ x: 0.1, text: 'Gross Pay (Current)' }] },
    { y: 0.22, cells: [{ x: 0.1, text: '$3,461.54' }] },
    { y: 0.3, cells: [{ x: 0.1, text: 'Gross Pay (YTD): $65,769.26' }] },
  ]);

  it('classifies a pay stub by its signals', () => {
    const c = classifyDocument([stub]);
    expect(c.type).toBe('pay_stub');
    expect(c.confidence).toBeGreaterThan(0.5);
  });

  it('classifies text with no signals as unknown', () => {
    expect(classifyDocument([page([{ y: 0.1, cells: [{ x: 0.1, text: 'Dear neighbour, the fence is lovely' }] }])]).type).toBe('unknown');
  });

  it('reads values beside and below labels, stops at the next column, takes the period end', () => {
    const { fields, missingRequiredFields } = extractFields('pay_stub', [stub]);
    const byName = Object.fromEntries(fields.map((f) => [f.name, f]));
    expect(byName.employer_name!.value).toBe('Northwind Logistics LLC');
    expect(byName.employee_name!.value).toBe('Avery Quinlan');
    expect(byName.pay_period_end!.normalized).toBe('2026-10-15');
    expect(byName.pay_date!.normalized).toBe('2026-10-20');
    expect(byName.gross_pay_current!.normalized).toBe('3461.54');
    expect(byName.gross_pay_current!.bbox.y).toBeCloseTo(0.22);
    expect(byName.gross_pay_ytd!.normalized).toBe('65769.26');
    expect(byName.gross_pay_ytd!.evidence).toContain('Gross Pay (YTD)');
    expect(missingRequiredFields).toEqual([]);
  });

  it('reports required fields it could not find', () => {
    const { missingRequiredFields } = extractFields('w2', [page([{ y: 0.1, cells: [{ x: 0.1, text: 'Form W-2 Wage and Tax Statement 2025' }] }])]);
    expect(missingRequiredFields).toEqual(['employer_name', 'employee_name', 'wages']);
  });

  it('reads an ID card whose tiny labels OCR lost by the shape of its values', () => {
    // OCR read "DOB" as "008" and "EXP" as "185"; the values themselves are clear.
    const card = page(
      [
        { y: 0.1, cells: [{ x: 0.1, text: "STATE OF OH DRIVER'S LICENSE" }] },
        { y: 0.15, cells: [{ x: 0.3, text: 'DLN' }, { x: 0.36, text: 'P5494744' }] },
        { y: 0.18, cells: [{ x: 0.3, text: 'NAME' }, { x: 0.36, text: 'HALLORAN, TATUM L' }] },
        { y: 0.21, cells: [{ x: 0.36, text: 'FERNVALE, OR 97999' }] },
        { y: 0.24, cells: [{ x: 0.3, text: '008' }, { x: 0.36, text: '03/25/1975' }] },
        { y: 0.27, cells: [{ x: 0.3, text: '155' }, { x: 0.36, text: '10/07/2022' }] },
        { y: 0.3, cells: [{ x: 0.3, text: '185' }, { x: 0.36, text: '08/04/2027' }] },
      ],
      'ocr',
    );
    const { fields, missingRequiredFields } = extractFields('id_card', [card]);
    const byName = Object.fromEntries(fields.map((f) => [f.name, f]));
    expect(byName.date_of_birth?.normalized).toBe('1975-03-25');
    expect(byName.expiration_date?.normalized).toBe('2027-08-04');
    expect(byName.id_number?.normalized).toBe('P5494744');
    expect(byName.expiration_date!.confidence).toBeLessThan(0.9 * 0.9);
    expect(missingRequiredFields).toEqual([]);
  });

  it('takes no ID number that is not one word with four digits or more', () => {
    const card = (dln: string) => page([{ y: 0.15, cells: [{ x: 0.1, text: "DRIVER'S LICENSE" }, { x: 0.3, text: 'DLN' }, { x: 0.36, text: dln }] }], 'ocr');
    const idNumber = (dln: string) => extractFields('id_card', [card(dln)]).fields.find((f) => f.name === 'id_number')?.normalized;
    expect(idNumber('NAVE')).toBeUndefined();
    expect(idNumber('SH. 301.2575')).toBeUndefined();
    expect(idNumber('N3354067.')).toBe('N3354067');
    expect(idNumber('WDL-123-456')).toBe('WDL-123-456');
  });

  it('takes no value by shape when the shape is ambiguous', () => {
    const card = page([{ y: 0.1, cells: [{ x: 0.1, text: "DRIVER'S LICENSE 10/07/2022 A1234567 B7654321" }] }], 'ocr');
    const names = extractFields('id_card', [card]).fields.map((f) => f.name);
    expect(names).not.toContain('id_number'); // two candidates
    expect(names).not.toContain('date_of_birth'); // one date is no ranking
  });

  it('does not read a label OCR misspelt as a value', () => {
    const w2 = page(
      [
        { y: 0.1, cells: [{ x: 0.1, text: 'Form W-2 Wage and Tax Statement 2025' }] },
        { y: 0.2, cells: [{ x: 0.1, text: "c Employer's name, address and ZIP code" }] },
        { y: 0.23, cells: [{ x: 0.12, text: '5 Medicare wages and Ups' }] },
      ],
      'ocr',
    );
    expect(extractFields('w2', [w2]).fields.find((f) => f.name === 'employer_name')).toBeUndefined();
    // The same words on a text layer are exact: only OCR gets the benefit of the doubt.
    const named = page(
      [
        { y: 0.2, cells: [{ x: 0.1, text: "c Employer's name, address and ZIP code" }] },
        { y: 0.23, cells: [{ x: 0.12, text: 'Northwind Logistics LLC' }] },
      ],
      'ocr',
    );
    expect(extractFields('w2', [named]).fields.find((f) => f.name === 'employer_name')?.value).toBe('Northwind Logistics LLC');
  });
});

describe('OCR slips on dates and employers', () => {
  const field = (p: PageText, type: Parameters<typeof extractFields>[0], name: string) => extractFields(type, [p]).fields.find((f) => f.name === name);

  it('rejoins a date whose digits OCR split, and keeps an application date it cannot parse as present but unread', () => {
    const split = page([{ y: 0.8, cells: [{ x: 0.1, text: 'Borrower Signature Noor Yarborough' }, { x: 0.6, text: 'Date Signed 10/1 9/2026' }] }], 'ocr');
    expect(field(split, 'urla_1003', 'application_date')).toMatchObject({ normalized: '2026-10-19' });
    for (const specked of ['05/ 16/. 2026', '05/" 16/. 2026', '_ 05/. 16/2026']) {
      const p = page([{ y: 0.8, cells: [{ x: 0.6, text: `Date Signed ${specked}` }] }], 'ocr');
      expect(field(p, 'urla_1003', 'application_date')?.normalized, specked).toBe('2026-05-16');
    }
    const garbled = page([{ y: 0.8, cells: [{ x: 0.1, text: 'Borrower Signature Noor Yarborough' }, { x: 0.6, text: 'Date Signed 03/ 2 q/. 2026' }] }], 'ocr');
    const unread = field(garbled, 'urla_1003', 'application_date');
    expect(unread).toMatchObject({ value: '03/ 2 q/. 2026', normalized: null });
    expect(unread!.confidence).toBeLessThan(0.5);
    expect(extractFields('urla_1003', [garbled]).missingRequiredFields).not.toContain('application_date');
    // An impossible year is a misread 0 ("2626" for 2026): mended, and less sure than a clean read.
    const year = page([{ y: 0.8, cells: [{ x: 0.6, text: 'Date Signed 05/19/2626' }] }], 'ocr');
    const mended = field(year, 'urla_1003', 'application_date');
    expect(mended?.normalized).toBe('2026-05-19');
    expect(mended!.confidence).toBeLessThan(0.9 * 0.8 + 1e-9);
    // The same on the text layer is what the document says: not a date.
    const printed = page([{ y: 0.8, cells: [{ x: 0.6, text: 'Date Signed 05/19/2626' }] }]);
    expect(field(printed, 'urla_1003', 'application_date')?.normalized ?? null).toBeNull();
  });

  it('does not take a neighbouring label for a person\'s name', () => {
    for (const label of ['Statement perjoq', 'Mailing TR']) {
      const p = page([{ y: 0.3, cells: [{ x: 0.1, text: `Account Holder ${label}` }] }], 'ocr');
      expect(field(p, 'bank_statement', 'account_holder'), label).toBeUndefined();
    }
    const p = page([{ y: 0.3, cells: [{ x: 0.1, text: 'Account Holder Harper Brightwater' }] }], 'ocr');
    expect(field(p, 'bank_statement', 'account_holder')?.normalized).toBe('Harper Brightwater');
  });

  it('does not take a stray mark or the next column\'s street address for the employer', () => {
    for (const junk of ['oN', 'a7', '2754 Wren', 'Addzess.', 'Box 2 Federal {neome']) {
      const p = page([{ y: 0.3, cells: [{ x: 0.1, text: `Employer Name ${junk}` }] }], 'ocr');
      expect(field(p, 'urla_1003', 'employer_name'), junk).toBeUndefined();
    }
    const p = page([{ y: 0.3, cells: [{ x: 0.1, text: 'Employer Name Tidewater Municipal Schools' }] }], 'ocr');
    expect(field(p, 'urla_1003', 'employer_name')?.normalized).toBe('Tidewater Municipal Schools');
  });

  it('ignores OCR specks beside a label: neither a value nor the start of the next column', () => {
    const p = page(
      [
        { y: 0.2, cells: [{ x: 0.1, text: 'Borrower Name Lo' }, { x: 0.5, text: 'Current Address C w' }] },
        { y: 0.22, cells: [{ x: 0.1, text: 'Lucia Szabo' }, { x: 0.5, text: '9711 Harbor View Drive, Fernvale, OR 97999' }] },
      ],
      'ocr',
    );
    const speck = (w: Word) => ['Lo', 'C', 'w'].includes(w.text);
    for (const line of p.lines) for (const w of line.words) if (speck(w)) w.confidence = 0.05;
    expect(field(p, 'urla_1003', 'borrower_name')?.normalized).toBe('Lucia Szabo');
    expect(field(p, 'urla_1003', 'current_address')?.normalized).toBe('9711 Harbor View Drive, Fernvale, OR 97999');
    // The same short words read surely are print, and stay (a one-word "Lo" is no name: the name below is read).
    for (const line of p.lines) for (const w of line.words) if (speck(w)) w.confidence = 0.9;
    expect(withoutSpecks(p).lines[0]!.words.map((w) => w.text)).toContain('Lo');
    expect(field(p, 'urla_1003', 'borrower_name')?.value).toBe('Lucia Szabo');
  });

  it('mends impossible parts of an OCR date by reading 8, 9 and 6 back as 0, and nothing else', () => {
    expect(repairOcrDate('87/85/1975')).toBe('07/05/1975');
    expect(repairOcrDate('11/24/2619')).toBe('11/24/2019');
    expect(repairOcrDate('18/22/2020')).toBe('10/22/2020');
    expect(repairOcrDate('93/27/1990 :')).toBe('03/27/1990 :');
    // Possible parts stay as read, even when wrong; no lookalike or two equally near readings: no repair.
    expect(repairOcrDate('11/16/1929')).toBeUndefined();
    expect(repairOcrDate('47/16/1979')).toBeUndefined();
    expect(repairOcrDate('11/16/8888')).toBeUndefined();
    expect(repairOcrDate('no date here')).toBeUndefined();
  });

  it('mends dates with month names and a year with an inserted digit, by the year of the period start', () => {
    expect(repairOcrDate('Jan. 19,.2026 - Feb 17, 2626')).toBe('Jan. 19,.2026 - Feb 17, 2026');
    expect(repairOcrDate('Dec 23, 2025 - Jan 21, 20826')).toBe('Dec 23, 2025 - Jan 21, 2026');
    // Alone, 20826 could be 2026, 2082 or 2086.
    expect(repairOcrDate('Jan 21, 20826')).toBeUndefined();
  });

  it("takes a statement period's end after its dash, mended on OCR, and never the period's start in its place", () => {
    const statement = (period: string) =>
      page(
        [
          { y: 0.05, cells: [{ x: 0.1, text: 'Prairie Gate National Bank' }] },
          { y: 0.08, cells: [{ x: 0.1, text: 'Statement of Account' }] },
          { y: 0.12, cells: [{ x: 0.1, text: 'Account Holder' }, { x: 0.5, text: 'Statement Period' }] },
          { y: 0.14, cells: [{ x: 0.1, text: 'Priya Ashworth' }, { x: 0.5, text: period }] },
          { y: 0.2, cells: [{ x: 0.1, text: 'Date Description Withdrawals Deposits Balance' }] },
        ],
        'ocr',
      );
    const end = (period: string) => field(statement(period), 'bank_statement', 'statement_period_end');
    expect(end('Jul 17, 2026 - Aug 15, 2026')?.normalized).toBe('2026-08-15');
    expect(end('Jul 17, 2026 - Aug 15, 20826')?.normalized).toBe('2026-08-15');
    expect(end('Jul 17, 2026 - Aug 15, 20826')!.confidence).toBeLessThan(end('Jul 17, 2026 - Aug 15, 2026')!.confidence);
    expect(end('Aug 5, 2026 - Sep 3, 2626')?.normalized).toBe('2026-09-03');
    expect(end('Jul 17, 2026 - Aug 15, 7777')).toBeUndefined();
  });

  it('reads an ID card whose tiny labels OCR garbled by the shape of its lines', () => {
    const card = page(
      [
        { y: 0.1, cells: [{ x: 0.1, text: 'STATE OF TX' }] },
        { y: 0.12, cells: [{ x: 0.1, text: "DRIVER'S LICENSE" }] },
        { y: 0.15, cells: [{ x: 0.2, text: 'DLN N5523396' }] },
        { y: 0.17, cells: [{ x: 0.2, text: 'nave BRIGHTWATER, MATEO E' }] },
        { y: 0.19, cells: [{ x: 0.2, text: 'AobR 8978 ASTER BEND AVENUE' }] },
        { y: 0.21, cells: [{ x: 0.2, text: 'CEDAR BLUFF, NC 27999' }] },
        { y: 0.23, cells: [{ x: 0.2, text: 'bos 11/16/1979' }] },
        { y: 0.25, cells: [{ x: 0.2, text: 'Ex 08/08/2029' }] },
      ],
      'ocr',
    );
    expect(field(card, 'id_card', 'full_name')?.normalized).toBe('BRIGHTWATER, MATEO E');
    expect(field(card, 'id_card', 'street_address')?.normalized).toBe('8978 ASTER BEND AVENUE');
    expect(field(card, 'id_card', 'date_of_birth')?.normalized).toBe('1979-11-16');
    // Two lines of that shape: neither is taken.
    card.lines.push(page([{ y: 0.3, cells: [{ x: 0.2, text: 'JORDAN A BRIGHTWATER' }] }], 'ocr').lines[0]!);
    expect(field(card, 'id_card', 'full_name')).toBeUndefined();
  });

  it('finds a label whose words OCR ran together', () => {
    const stub = page([{ y: 0.5, cells: [{ x: 0.1, text: 'NetPay $2,635.85' }] }], 'ocr');
    expect(field(stub, 'pay_stub', 'net_pay')?.normalized).toBe('2635.85');
    expect(field({ ...stub, source: 'text-layer' }, 'pay_stub', 'net_pay')).toBeUndefined();
  });

  it('reads back the O and l OCR gave as 0 and 1 in words, and only there', () => {
    expect(lettersForDigits('335 01d Mill Road, Cedar Bluff, NC 27999')).toBe('335 Old Mill Road, Cedar Bluff, NC 27999');
    expect(lettersForDigits('Wi1low Court')).toBe('Willow Court');
    for (const kept of ['1st Avenue', 'N7381730', '2101 Elm Street', 'Apt 10B', '1O1']) expect(lettersForDigits(kept)).toBe(kept);
    const p = page([{ y: 0.2, cells: [{ x: 0.1, text: 'Mailing Address 335 01d Mill Road, Cedar Bluff, NC 27999' }] }], 'ocr');
    expect(field(p, 'bank_statement', 'mailing_address')?.normalized).toBe('335 Old Mill Road, Cedar Bluff, NC 27999');
  });

  it('finds the value under a label on a turned scan, where the line\'s far end rides higher than the label\'s middle', () => {
    const p = page(
      [
        { y: 0.159, cells: [{ x: 0.065, text: "Employer's name" }, { x: 0.486, text: 'Box 2 Federal income tax withheld' }] },
        { y: 0.174, cells: [{ x: 0.066, text: 'Cobalt Ridge Logistics Inc.' }, { x: 0.488, text: '$10,233.12' }] },
      ],
      'ocr',
    );
    // Turned: the amount at the line's far end sits at 0.164, and the line's box starts there.
    const line = p.lines[1]!;
    line.words.at(-1)!.bbox.y = 0.164;
    line.bbox = { ...line.bbox, y: 0.164 };
    expect(field(p, 'w2', 'employer_name')?.normalized).toBe('Cobalt Ridge Logistics Inc.');
  });

  it('tidies quote marks stuck to words and a dot after the opening house number', () => {
    expect(tidyOcrText('HARPER \u2018A MARCHETTI')).toBe('HARPER A MARCHETTI');
    expect(tidyOcrText('5122. LARKSPUR LANE')).toBe('5122 LARKSPUR LANE');
    expect(tidyOcrText("Rowan O'Brien-Quinlan")).toBe("Rowan O'Brien-Quinlan");
    expect(tidyOcrText('9102 Juniper Court; Eastwick, OH 44999')).toBe('9102 Juniper Court, Eastwick, OH 44999');
    expect(tidyOcrText('588 Wren Hollow Street, Cedar Bluff,. NC 27999')).toBe('588 Wren Hollow Street, Cedar Bluff, NC 27999');
    expect(tidyOcrText('1146 Harbor -View Drive, Fernvale, OR97999')).toBe('1146 Harbor View Drive, Fernvale, OR 97999');
    expect(tidyOcrText('N3354067.')).toBe('N3354067');
    // A dash between words and a dot after a word stay: they may be print.
    expect(tidyOcrText('Bluefen - Analytics Ltd.')).toBe('Bluefen - Analytics Ltd.');
  });

  it('finds a long label OCR wrote one letter off, and not a short one', () => {
    const signed = page([{ y: 0.8, cells: [{ x: 0.1, text: 'Borrower Signature Quinn Reyes' }, { x: 0.6, text: 'pate Signed 08/10/2026' }] }], 'ocr');
    expect(field(signed, 'urla_1003', 'application_date')?.normalized).toBe('2026-08-10');
    expect(field({ ...signed, source: 'text-layer' }, 'urla_1003', 'application_date')).toBeUndefined();
    // Another field's label one letter away is that label: "Employee Name" is no misread "Employer Name".
    const voe = page([{ y: 0.3, cells: [{ x: 0.1, text: 'Employee Name Rowan Quinlan' }] }], 'ocr');
    expect(field(voe, 'voe_letter', 'employer_name')).toBeUndefined();
    // "DOB" one letter off is not looked for: "DOG 03/27/1996" is no birth date label.
    const card = page([{ y: 0.2, cells: [{ x: 0.1, text: 'DOG 03/27/1996' }] }], 'ocr');
    expect(field(card, 'id_card', 'date_of_birth')).toBeUndefined();
  });

  it('reads the whole value under a label followed by a stray mark or one character, not cut at the mark', () => {
    for (const mark of ['-', '2']) {
      const urla = page(
        [
          { y: 0.05, cells: [{ x: 0.1, text: 'Uniform Residential Loan Application' }] },
          { y: 0.2, cells: [{ x: 0.09, text: 'Social Security Number' }, { x: 0.51, text: 'Current Address' }, { x: 0.8, text: mark }] },
          { y: 0.22, cells: [{ x: 0.09, text: '940-80-5058' }, { x: 0.51, text: '7500 Juniper Court, Goldmere, TX 75999' }] },
        ],
        'ocr',
      );
      expect(field(urla, 'urla_1003', 'current_address')?.normalized).toBe('7500 Juniper Court, Goldmere, TX 75999');
    }
  });

  it('reads W-2 box labels with a stray quote opening a word or a letter lost before an optional part', () => {
    const w2 = page(
      [
        { y: 0.06, cells: [{ x: 0.1, text: 'Form W-2 Wage and Tax Statement 2025' }] },
        { y: 0.1, cells: [{ x: 0.09, text: "\u2018a Employee's social \u2018security number" }, { x: 0.51, text: '1 Wages, tips, other \u2018compensation' }] },
        { y: 0.12, cells: [{ x: 0.11, text: '982-44-5513' }, { x: 0.52, text: '99,278.00' }] },
        { y: 0.14, cells: [{ x: 0.09, text: 'b Employer identfication number (EIN)' }, { x: 0.51, text: '3 Social security wages' }] },
        { y: 0.16, cells: [{ x: 0.11, text: '93-3448079' }, { x: 0.52, text: '99,278.00' }] },
      ],
      'ocr',
    );
    expect(field(w2, 'w2', 'wages')?.normalized).toBe('99278.00');
    expect(field(w2, 'w2', 'employee_ssn')?.normalized).toBe('982-44-5513');
    expect(field(w2, 'w2', 'employer_ein')?.normalized).toBe('93-3448079');
    // Box 1 read as "|", a dot for the comma, a dash for the space: still box 1, and its value under the box number.
    const boxes = page(
      [
        { y: 0.07, cells: [{ x: 0.1, text: 'W-2 Wage and Tax Statement' }] },
        { y: 0.21, cells: [{ x: 0.11, text: "Employee's SSN" }, { x: 0.5, text: 'Box | Wages, tips. other-compensation' }] },
        { y: 0.23, cells: [{ x: 0.12, text: '992-47-6437' }, { x: 0.51, text: '$47,669.00' }] },
      ],
      'ocr',
    );
    expect(field(boxes, 'w2', 'wages')?.normalized).toBe('47669.00');
  });
});

describe('labels and values by their place on the page', () => {
  it('reads the value under a label that runs onto a second line, not the label\'s second line', () => {
    const form = page([
      { y: 0.04, cells: [{ x: 0.08, text: 'PAYER’S name, street address, city or town, state or province, country, ZIP' }, { x: 0.48, text: 'Payer’s RTN (optional)' }] },
      { y: 0.052, cells: [{ x: 0.08, text: 'or foreign postal code, and telephone no.' }] },
      { y: 0.07, cells: [{ x: 0.09, text: 'Harbor Point Credit Union' }, { x: 0.85, text: 'Interest' }] },
      { y: 0.1, cells: [{ x: 0.09, text: '1099-INT Interest Income' }] },
    ]);
    const payer = extractFields('1099_int', [form]).fields.find((f) => f.name === 'payer_name');
    expect(payer?.value).toBe('Harbor Point Credit Union');
  });

  it('reads a table row\'s figures by their column headers, and no year-to-date figure from a row without one', () => {
    const table = page([
      { y: 0.05, cells: [{ x: 0.1, text: 'Earnings Statement' }] },
      { y: 0.2, cells: [{ x: 0.5, text: 'Year to date' }, { x: 0.7, text: 'Current' }] },
      { y: 0.23, cells: [{ x: 0.1, text: 'Gross earnings' }, { x: 0.5, text: '$76,950.00' }, { x: 0.7, text: '$5,919.23' }] },
      { y: 0.26, cells: [{ x: 0.1, text: 'Net amount' }, { x: 0.5, text: '$59,520.83' }, { x: 0.7, text: '$4,578.53' }] },
    ]);
    const byName = Object.fromEntries(extractFields('pay_stub', [table]).fields.map((f) => [f.name, f.normalized]));
    expect(byName).toMatchObject({ gross_pay_current: '5919.23', gross_pay_ytd: '76950.00', net_pay: '4578.53' });
    const noHeader = page([
      { y: 0.05, cells: [{ x: 0.1, text: 'Earnings Statement' }] },
      { y: 0.23, cells: [{ x: 0.1, text: 'Gross earnings' }, { x: 0.5, text: '$5,919.23' }] },
    ]);
    const read = extractFields('pay_stub', [noHeader]).fields;
    expect(read.find((f) => f.name === 'gross_pay_current')?.normalized).toBe('5919.23');
    expect(read.find((f) => f.name === 'gross_pay_ytd')).toBeUndefined();
  });
});

describe('a name printed in two boxes', () => {
  it('joins the first name and the last name read under "Last name" on the W-2', () => {
    const w2 = page([
      { y: 0.05, cells: [{ x: 0.1, text: 'Form W-2 Wage and Tax Statement 2025' }] },
      { y: 0.18, cells: [{ x: 0.04, text: "e Employee's first name and initial" }, { x: 0.25, text: 'Last name' }, { x: 0.42, text: 'Suff.' }] },
      { y: 0.192, cells: [{ x: 0.046, text: 'Tatum R' }, { x: 0.26, text: 'Caldera' }] },
    ]);
    expect(extractFields('w2', [w2]).fields.find((f) => f.name === 'employee_name')?.value).toBe('Tatum R Caldera');
  });
});

describe('an application laid out in boxes nobody tuned for', () => {
  it('reads values under labels whose rest names the boxes, an address in boxes whole, base income and the signing date', () => {
    const urla = page([
      { y: 0.035, cells: [{ x: 0.06, text: 'Uniform Residential Loan Application' }] },
      { y: 0.126, cells: [{ x: 0.062, text: 'Name (First, Middle, Last, Suffix)' }, { x: 0.55, text: 'Social Security Number' }] },
      { y: 0.14, cells: [{ x: 0.065, text: 'Tatum K Caldera' }, { x: 0.56, text: '979-75-6678' }] },
      { y: 0.166, cells: [{ x: 0.059, text: 'Current Address' }] },
      { y: 0.182, cells: [{ x: 0.062, text: 'Street' }, { x: 0.47, text: 'City' }, { x: 0.72, text: 'State' }, { x: 0.8, text: 'ZIP' }] },
      { y: 0.196, cells: [{ x: 0.065, text: '7930 Aster Bend Avenue' }, { x: 0.47, text: 'Lantern Falls' }, { x: 0.72, text: 'CO' }, { x: 0.8, text: '80999' }] },
      { y: 0.278, cells: [{ x: 0.062, text: 'Employer or Business Name' }, { x: 0.55, text: 'Start Date (mm/dd/yyyy)' }] },
      { y: 0.291, cells: [{ x: 0.065, text: 'Tidewater Municipal Schools' }, { x: 0.56, text: '03/17/2025' }] },
      { y: 0.333, cells: [{ x: 0.062, text: 'Base $ /month' }, { x: 0.36, text: 'Overtime $ /month' }] },
      { y: 0.345, cells: [{ x: 0.065, text: '12,825.00' }, { x: 0.36, text: '0.00' }] },
      { y: 0.444, cells: [{ x: 0.062, text: 'Property Address Street, City, State, ZIP' }] },
      { y: 0.458, cells: [{ x: 0.065, text: '625 Larkspur Lane, Millbrook, PA 19990' }] },
      { y: 0.563, cells: [{ x: 0.059, text: 'Borrower Signature' }, { x: 0.62, text: 'Date (mm/dd/yyyy)' }] },
      { y: 0.579, cells: [{ x: 0.069, text: 'Tatum Caldera' }, { x: 0.63, text: '07/01/2026' }] },
    ]);
    const byName = Object.fromEntries(extractFields('urla_1003', [urla]).fields.map((f) => [f.name, f.value]));
    expect(byName).toMatchObject({
      borrower_name: 'Tatum K Caldera',
      current_address: '7930 Aster Bend Avenue, Lantern Falls, CO 80999',
      employer_name: 'Tidewater Municipal Schools',
      monthly_income: '12,825.00',
      property_address: '625 Larkspur Lane, Millbrook, PA 19990',
      application_date: '07/01/2026',
    });
  });
});

describe('values at the end of dot leaders', () => {
  it("reads a tax form's amounts where the leaders end, past the line number printed again", () => {
    const form = page([
      { y: 0.04, cells: [{ x: 0.06, text: 'Form 1040 U.S. Individual Income Tax Return 2019' }] },
      { y: 0.426, cells: [{ x: 0.16, text: '1 Wages, salaries, tips, etc. Attach Form(s) W-2 . . . . . . . .' }, { x: 0.8, text: '1' }, { x: 0.86, text: '526,918.' }] },
      { y: 0.548, cells: [{ x: 0.16, text: 'b Add lines 1, 2b and 7a. This is your total income . . . . . a' }, { x: 0.8, text: '7b' }, { x: 0.86, text: '529,351.' }] },
    ]);
    const byName = Object.fromEntries(extractFields('1040', [form]).fields.map((f) => [f.name, f.normalized]));
    expect(byName).toMatchObject({ tax_year: '2019', wages: '526918.00', total_income: '529351.00' });
  });
});

describe('numbers of the wrong shape', () => {
  it('keeps an EIN printed a digit long, unnormalized, and refuses words in its place', () => {
    const w2 = (ein: string) =>
      page([
        { y: 0.05, cells: [{ x: 0.1, text: 'Form W-2 Wage and Tax Statement 2023' }] },
        { y: 0.1, cells: [{ x: 0.1, text: 'b Employer identification number (EIN)' }] },
        { y: 0.115, cells: [{ x: 0.1, text: ein }] },
      ]);
    expect(extractFields('w2', [w2('01-23456789')]).fields.find((f) => f.name === 'employer_ein')).toMatchObject({ value: '01-23456789', normalized: null });
    expect(extractFields('w2', [w2('92-3824403')]).fields.find((f) => f.name === 'employer_ein')?.normalized).toBe('92-3824403');
    expect(extractFields('w2', [w2('Test Company')]).fields.find((f) => f.name === 'employer_ein')).toBeUndefined();
  });
});

describe('table sections', () => {
  it('reads a row under a "Year to Date" section heading as the year\'s figure, not the period\'s', () => {
    const stub = page([
      { y: 0.0, cells: [{ x: 0.33, text: 'Paychex Earnings Statement' }] },
      { y: 0.079, cells: [{ x: 0.082, text: 'Earnings' }, { x: 0.74, text: 'Amount' }] },
      { y: 0.111, cells: [{ x: 0.082, text: 'Regular' }, { x: 0.75, text: '5,000.00' }] },
      { y: 0.3, cells: [{ x: 0.082, text: 'Year to Date Information' }] },
      { y: 0.332, cells: [{ x: 0.082, text: 'Gross Pay' }, { x: 0.74, text: '60,000.00' }] },
    ]);
    const read = extractFields('pay_stub', [stub]).fields;
    expect(read.find((f) => f.name === 'gross_pay_ytd')?.normalized).toBe('60000.00');
    expect(read.find((f) => f.name === 'gross_pay_current')).toBeUndefined();
  });
});

describe('a summary row whose label runs on before its amount', () => {
  it('reads the amount across the gap after "on April 01, 2016", and the period written in words', () => {
    const statement = page([
      { y: 0.39, cells: [{ x: 0.06, text: 'Your Adv Plus Banking' }] },
      { y: 0.416, cells: [{ x: 0.06, text: 'for April 01, 2016 to April 30, 2016' }, { x: 0.62, text: 'Account number: 8981 1929 XXXX' }] },
      { y: 0.473, cells: [{ x: 0.06, text: 'Account summary' }] },
      { y: 0.499, cells: [{ x: 0.06, text: 'Beginning balance on April 01, 2016' }, { x: 0.49, text: '$48,993.43' }] },
      { y: 0.608, cells: [{ x: 0.06, text: 'Ending balance on April 30, 2016' }, { x: 0.48, text: '$50,587.57' }] },
    ]);
    const byName = Object.fromEntries(extractFields('bank_statement', [statement]).fields.map((f) => [f.name, f.normalized]));
    expect(byName).toMatchObject({ beginning_balance: '48993.43', ending_balance: '50587.57', statement_period_end: '2016-04-30' });
  });
});

describe('a tax year standing alone', () => {
  it("reads a 1099's year printed alone by its title, and none where two years stand alone", () => {
    const form = (years: string[]) =>
      page([
        { y: 0.039, cells: [{ x: 0.08, text: 'PAYER’S name, street address, city or town' }, { x: 0.66, text: 'OMB No. 1545-0112' }] },
        ...years.map((year, i) => ({ y: 0.064 + i * 0.3, cells: [{ x: 0.676, text: year }] })),
        { y: 0.112, cells: [{ x: 0.67, text: 'Form 1099-INT' }] },
      ]);
    expect(extractFields('1099_int', [form(['2021'])]).fields.find((f) => f.name === 'tax_year')?.normalized).toBe('2021');
    expect(extractFields('1099_int', [form(['2021', '2022'])]).fields.find((f) => f.name === 'tax_year')).toBeUndefined();
  });
});
