import { describe, expect, it } from 'vitest';
import { consistentPacket, doc } from './consistent-packet.js';
import { nameConsistencyRule } from './name-consistency.js';
import type { PacketFacts } from './packet-facts.js';
import type { Rule } from './rule.js';
import { payStubYtdRule } from './pay-stub-ytd.js';
import { payrollTaxRatesRule, withholdingWithinWagesRule } from './payroll-tax-figures.js';
import { ssnShapeRule } from './ssn-shape.js';

const run = <P extends object>(rule: Rule<P>, facts: PacketFacts, params: Partial<P> = {}) => rule.evaluate(facts, { ...rule.params, ...params });

/** A packet with no application and no applicants: only the documents say who it is about. */
function documentsOnly(...documents: PacketFacts['documents']): PacketFacts {
  return { ...consistentPacket(), applicants: [], documents };
}

describe('name-consistency without an application (2.2)', () => {
  it('holds the documents to each other and names the one about someone else, with both names as evidence', () => {
    const facts = documentsOnly(
      doc('w2', 'w2', { employee_name: 'Jordan A Sample' }),
      doc('stub', 'pay_stub', { employee_name: 'SAMPLE, JORDAN' }),
      doc('int', '1099_int', { recipient_name: 'Casey Other' }),
    );
    const [f, ...rest] = run(nameConsistencyRule, facts).findings;
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ code: 'name_mismatch', documentIds: ['int', 'w2'] });
    expect(f!.message).toMatch(/2 different people/);
    expect(f!.message).not.toMatch(/Sample|Casey/);
    expect(f!.evidence.map((e) => [e.documentId, e.field])).toEqual([
      ['w2', 'employee_name'],
      ['int', 'recipient_name'],
    ]);
  });

  it('is quiet when every document names the same person, and skips a packet with one named document', () => {
    expect(run(nameConsistencyRule, documentsOnly(doc('w2', 'w2', { employee_name: 'Jordan Sample' }), doc('id', 'id_card', { full_name: 'SAMPLE, JORDAN A' }))).findings).toEqual([]);
    const one = run(nameConsistencyRule, documentsOnly(doc('w2', 'w2', { employee_name: 'Jordan Sample' })));
    expect(one.findings).toEqual([]);
    expect(one.skipped).toHaveLength(1);
  });

  it('takes no one-word name and no name read unsure as another person', () => {
    const facts = consistentPacket();
    facts.documents.push(doc('f1040', '1040', { taxpayer_name: 'Gemanna' }), doc('int', '1099_int', { recipient_name: 'Casey Other' }));
    facts.documents.at(-1)!.fields.recipient_name!.confidence = 0.2;
    expect(run(nameConsistencyRule, facts).findings).toEqual([]);
  });

  it('holds a 1099 recipient to the application borrower like any other document', () => {
    const facts = consistentPacket();
    facts.documents.push(doc('int', '1099_int', { recipient_name: 'Casey Other' }));
    expect(run(nameConsistencyRule, facts).findings.map((f) => f.documentIds)).toEqual([['int', 'urla']]);
  });
});

describe('ssn-shape (2.3)', () => {
  it('flags an SSN printed with a digit missing, showing the last digits only', () => {
    const facts = documentsOnly(doc('w2', 'w2', { employee_ssn: ['912-34-567', null] }));
    const [f] = run(ssnShapeRule, facts).findings;
    expect(f).toMatchObject({ code: 'invalid_ssn', severity: 'critical', documentIds: ['w2'], citation: { section: '2.3' } });
    expect(f!.message).toMatch(/8 digits/);
    expect(f!.message).not.toMatch(/912-34/);
  });

  it('leaves nine-digit SSNs and unsure OCR reads alone', () => {
    const facts = documentsOnly(doc('w2', 'w2', { employee_ssn: ['912-34-5678', '912-34-5678'] }), doc('app', 'urla_1003', { ssn: ['912-34-56781', null] }));
    facts.documents[1]!.fields.ssn = { ...facts.documents[1]!.fields.ssn!, source: 'ocr', confidence: 0.6 };
    expect(run(ssnShapeRule, facts).findings).toEqual([]);
  });
});

describe('W-2 figures (3.3)', () => {
  const w2 = (boxes: Record<string, string>) => doc('w2', 'w2', Object.fromEntries(Object.entries(boxes).map(([k, v]) => [k, [v, v]])) as Record<string, [string, string]>);
  const good = { tax_year: '2025', wages: '50000.00', federal_tax_withheld: '6000.00', social_security_wages: '50000.00', social_security_tax: '3100.00', medicare_wages: '50000.00', medicare_tax: '725.00' };

  it('is quiet on a W-2 whose boxes follow the rates', () => {
    const facts = documentsOnly(w2(good));
    expect(run(withholdingWithinWagesRule, facts).findings).toEqual([]);
    expect(run(payrollTaxRatesRule, facts).findings).toEqual([]);
  });

  it('leaves an OCR read it is unsure of to the page: a misread digit is no form that disagrees', () => {
    const facts = documentsOnly(w2({ ...good, federal_tax_withheld: '60000.00' }));
    facts.documents[0]!.fields.federal_tax_withheld = { ...facts.documents[0]!.fields.federal_tax_withheld!, source: 'ocr', confidence: 0.7 };
    expect(run(withholdingWithinWagesRule, facts).findings).toEqual([]);
  });

  it('flags federal withholding above the wages, with both boxes as evidence', () => {
    const [f] = run(withholdingWithinWagesRule, documentsOnly(w2({ ...good, federal_tax_withheld: '54000.00' }))).findings;
    expect(f).toMatchObject({ code: 'w2_withholding_exceeds_wages', severity: 'critical', documentIds: ['w2'] });
    expect(f!.evidence.map((e) => e.field)).toEqual(['wages', 'federal_tax_withheld']);
  });

  it('flags social security tax off its rate, wages above the wage base, and Medicare tax off its rate', () => {
    const [f] = run(payrollTaxRatesRule, documentsOnly(w2({ ...good, social_security_wages: '190000.00', social_security_tax: '9000.00', medicare_tax: '100.00' }))).findings;
    expect(f!.code).toBe('payroll_tax_mismatch');
    expect(f!.message).toMatch(/wage base of \$176,100\.00/);
    expect(f!.message).toMatch(/6\.2%/);
    expect(f!.message).toMatch(/Medicare tax of \$100\.00/);
  });
});

describe('pay-stub-ytd (4.2)', () => {
  const stub = (current: string, ytd: string) => doc('stub', 'pay_stub', { gross_pay_current: [current, current], gross_pay_ytd: [ytd, ytd] });

  it('is quiet when the year to date holds the period and no more than a year of them', () => {
    expect(run(payStubYtdRule, documentsOnly(stub('3000.00', '18000.00'))).findings).toEqual([]);
    expect(run(payStubYtdRule, documentsOnly(stub('3000.00', '3000.00'))).findings).toEqual([]);
  });

  it('flags a year to date below the period it includes, and one above a year of periods', () => {
    expect(run(payStubYtdRule, documentsOnly(stub('3000.00', '2400.00'))).findings[0]).toMatchObject({ code: 'pay_stub_ytd_mismatch', documentIds: ['stub'] });
    expect(run(payStubYtdRule, documentsOnly(stub('300.00', '30000.00'))).findings[0]!.message).toMatch(/more than 53 periods/);
  });
});
