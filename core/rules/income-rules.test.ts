import { describe, expect, it } from 'vitest';
import { employerConsistencyRule } from './employer-consistency.js';
import { consistentPacket, doc, docById, setField } from './consistent-packet.js';
import { incomeFigures, periodsPerYear, qualifyingMonthlyIncome } from './income-figures.js';
import { incomeConsistencyRule } from './income-consistency.js';
import type { PacketFacts } from './packet-facts.js';
import { packetPeople } from './packet-people.js';
import type { Rule } from './rule.js';

const run = <P extends object>(rule: Rule<P>, facts: PacketFacts, params: Partial<P> = {}) => rule.evaluate(facts, { ...rule.params, ...params });
const drop = (facts: PacketFacts, ...ids: string[]) => ({ ...facts, documents: facts.documents.filter((d) => !ids.includes(d.documentId)) });

function withCoBorrowerDocs(facts: PacketFacts): PacketFacts {
  facts.documents.push(
    doc('co-w2', 'w2', { tax_year: '2025', employer_name: 'Silverpine Dental Group', employee_name: 'Rowan Quinlan', employee_ssn: '923-45-6789', wages: ['41,000.00', '41000.00'] }),
    doc('co-stub', 'pay_stub', { employer_name: 'Silverpine Dental Group', employee_name: 'QUINLAN, ROWAN', pay_date: ['2026-03-12', '2026-03-12'], gross_pay_current: ['1,600.00', '1600.00'] }),
  );
  return facts;
}

describe('income figures', () => {
  it('reads each source the documented way', () => {
    const facts = consistentPacket();
    const figures = incomeFigures(facts, packetPeople(facts));
    expect(Object.fromEntries(figures.map((f) => [f.source, Math.round(f.annual)]))).toEqual({
      application: 78000,
      w2: 76440,
      pay_stub_current: 78000,
      pay_stub_ytd: Math.round((15000 * 365) / 65),
      voe: 78000,
    });
    expect(figures.find((f) => f.source === 'w2')!.docs.map((d) => d.documentId)).toEqual(['w2-2025']);
    expect(qualifyingMonthlyIncome(figures)).toBe(6500);
  });

  it('infers the pay frequency from pay dates', () => {
    expect(periodsPerYear(['2026-03-06', '2026-02-20'], 26)).toBe(26);
    expect(periodsPerYear(['2026-03-06', '2026-02-27', '2026-02-20'], 26)).toBe(52);
    // Four weeks apart: monthly, or biweekly with a stub left out; the year-to-date count of pays decides.
    expect(periodsPerYear(['2026-03-06', '2026-02-06'], 26)).toBe(26);
    expect(periodsPerYear(['2026-03-06', '2026-02-06'], 26, { ytd: 15000, current: 3000, day: 65 })).toBe(26);
    expect(periodsPerYear(['2026-03-06', '2026-02-06'], 26, { ytd: 19500, current: 6500, day: 65 })).toBe(12);
    expect(periodsPerYear(['2026-03-06'], 26, { ytd: 12000, current: 3000, day: 65 })).toBe(24);
    expect(periodsPerYear(['2026-01-16'], 26, { ytd: 6000, current: 6000, day: 16 })).toBe(26);
    expect(periodsPerYear(['2026-03-15', '2026-02-28'], 26)).toBe(24);
    expect(periodsPerYear(['2026-03-31', '2026-02-28'], 26)).toBe(12);
    expect(periodsPerYear(['2026-03-06'], 26)).toBe(26);
  });
});

describe('income-consistency (4.4)', () => {
  it('is quiet on a consistent packet and ignores the co-borrower\'s income', () => {
    expect(run(incomeConsistencyRule, withCoBorrowerDocs(consistentPacket()))).toEqual({ findings: [], skipped: [] });
  });

  it('flags an overstated application income, naming the numbers', () => {
    const facts = setField(consistentPacket(), 'urla', 'monthly_income', '$8,450.00', '8450.00');
    const [f, ...rest] = run(incomeConsistencyRule, facts).findings;
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ code: 'income_mismatch', severity: 'warning', citation: { topic: 'Reconciling income across documents', section: '4.4' } });
    expect(f!.documentIds).toEqual(['stub-1', 'urla', 'voe', 'w2-2025']);
    expect(f!.message).toContain('$8,450.00/month ($101,400.00/year)');
    expect(f!.message).toContain('W-2 2025 wages $76,440.00');
    expect(f!.message).toContain('$3,000.00 x 26 = $78,000.00/year');
    expect(f!.message).toMatch(/application vs W-2 32\.7%/);
    expect(f!.evidence.find((e) => e.documentId === 'urla')).toMatchObject({ field: 'monthly_income', value: '8450.00', page: 1 });
  });

  it('leaves out an OCR misread ten times off every other figure, but never a text-layer figure or a plausible one', () => {
    const misread = setField(consistentPacket(), 'urla', 'monthly_income', '$63,700.00', '63700.00');
    docById(misread, 'urla').fields.monthly_income!.source = 'ocr';
    const result = run(incomeConsistencyRule, misread);
    expect(result.findings).toEqual([]);
    expect(result.skipped.map((s) => s.reason)).toContainEqual(expect.stringMatching(/application figure left out: read by OCR/));
    // The same figure in a text layer is a stated income ten times the documented one: flagged.
    expect(run(incomeConsistencyRule, setField(consistentPacket(), 'urla', 'monthly_income', '$63,700.00', '63700.00')).findings.map((f) => f.code)).toEqual(['income_mismatch']);
    // An OCR'd figure 30% off is a disagreement, not a misread.
    const overstated = setField(consistentPacket(), 'urla', 'monthly_income', '$8,450.00', '8450.00');
    docById(overstated, 'urla').fields.monthly_income!.source = 'ocr';
    expect(run(incomeConsistencyRule, overstated).findings.map((f) => f.code)).toEqual(['income_mismatch']);
  });

  it('holds the tolerance edge: 10% passes, 9 cents a month more fails, and a tenant may tighten it', () => {
    const base = drop(consistentPacket(), 'stub-1', 'stub-2', 'voe');
    setField(base, 'w2-2025', 'wages', '60,000.00', '60000.00');
    expect(run(incomeConsistencyRule, setField(base, 'urla', 'monthly_income', '5500.00')).findings).toEqual([]);
    expect(run(incomeConsistencyRule, setField(base, 'urla', 'monthly_income', '5500.09')).findings).toHaveLength(1);
    expect(run(incomeConsistencyRule, setField(base, 'urla', 'monthly_income', '5300.00'), { tolerance: 0.05 }).findings).toHaveLength(1);
    expect(run(incomeConsistencyRule, setField(base, 'urla', 'monthly_income', '5300.00')).findings).toEqual([]);
  });

  it('uses the pay frequency the stubs show (weekly x 52)', () => {
    const facts = consistentPacket();
    setField(facts, 'stub-1', 'gross_pay_current', '1500.00');
    setField(facts, 'stub-2', 'gross_pay_current', '1500.00');
    setField(facts, 'stub-2', 'pay_date', '2026-02-27');
    expect(run(incomeConsistencyRule, facts).findings).toEqual([]);
    // One dated stub: its year-to-date count of pays (10 by March 6th) still says weekly...
    setField(facts, 'stub-2', 'pay_date', undefined);
    setField(facts, 'stub-2', 'pay_period_end', undefined);
    expect(run(incomeConsistencyRule, facts).findings).toEqual([]);
    // ...and without a year-to-date figure the default (biweekly) applies.
    setField(facts, 'stub-1', 'gross_pay_ytd', undefined);
    expect(run(incomeConsistencyRule, facts).findings[0]!.message).toContain('$1,500.00 x 26');
  });

  it('flags a year-to-date total that does not fit, but gives early-year totals room', () => {
    expect(run(incomeConsistencyRule, setField(consistentPacket(), 'stub-1', 'gross_pay_ytd', '30000.00')).findings[0]!.message).toMatch(/pay stub year-to-date vs/);
    // January 16th: one or two pay periods in; too coarse to annualize, so it is left out.
    const early = setField(setField(consistentPacket(), 'stub-1', 'pay_date', '2026-01-16'), 'stub-1', 'gross_pay_ytd', '6000.00');
    expect(incomeFigures(early, packetPeople(early)).map((f) => f.source)).not.toContain('pay_stub_ytd');
    expect(run(incomeConsistencyRule, early).findings).toEqual([]);
  });

  it('compares what is there and skips what is not', () => {
    const facts = setField(setField(consistentPacket(), 'urla', 'monthly_income', undefined), 'w2-2025', 'wages', undefined);
    // The 2024 W-2 is then the latest with wages: $72,100 against $78,000 is within 10%.
    expect(run(incomeConsistencyRule, facts).findings).toEqual([]);
    const alone = drop(consistentPacket(), 'w2-2025', 'w2-2024', 'stub-1', 'stub-2', 'voe');
    const out = run(incomeConsistencyRule, alone);
    expect(out.findings).toEqual([]);
    expect(out.skipped[0]!.reason).toMatch(/1 income figure/);
  });

  it('does not take a stub whose employer name OCR garbled for a second job', () => {
    const facts = setField(consistentPacket(), 'stub-2', 'employer_name', 'Nxrthw1nd Lgstcs');
    const before = incomeFigures(consistentPacket(), packetPeople(consistentPacket())).find((f) => f.source === 'pay_stub_current')!.annual;
    expect(incomeFigures(facts, packetPeople(facts)).find((f) => f.source === 'pay_stub_current')!.annual).toBe(before);
  });

  it('sums a second job\'s W-2 and stubs', () => {
    const facts = consistentPacket();
    facts.documents.push(
      doc('w2-second', 'w2', { tax_year: '2025', employer_name: 'Tidewater Municipal Schools', employee_name: 'Avery Quinlan', wages: ['12,000.00', '12000.00'] }),
    );
    const figures = incomeFigures(facts, packetPeople(facts));
    expect(figures.find((f) => f.source === 'w2')!.annual).toBe(88440);
  });
});

describe('employer-consistency (4.9)', () => {
  it('is quiet on legal suffixes and case, and on a co-borrower\'s employer', () => {
    expect(run(employerConsistencyRule, withCoBorrowerDocs(consistentPacket())).findings).toEqual([]);
  });

  it('flags the latest pay stub from another employer, naming both', () => {
    const facts = setField(consistentPacket(), 'stub-1', 'employer_name', 'Copperleaf Software Corp.');
    const [f] = run(employerConsistencyRule, facts).findings;
    expect(f).toMatchObject({ code: 'employer_mismatch', documentIds: ['stub-1', 'urla'], citation: { section: '4.9' } });
    expect(f!.message).toContain('"Cobalt Ridge Logistics Inc."');
    expect(f!.message).toContain('"Copperleaf Software Corp." on the pay stub (2026-03-06)');
  });

  it('looks at the latest stub and the latest W-2 year only, where a second employer is not a mismatch', () => {
    expect(run(employerConsistencyRule, setField(consistentPacket(), 'stub-2', 'employer_name', 'Copperleaf Software Corp.')).findings).toEqual([]);
    expect(run(employerConsistencyRule, setField(consistentPacket(), 'w2-2024', 'employer_name', 'Copperleaf Software Corp.')).findings).toEqual([]);
    const second = consistentPacket();
    second.documents.push(doc('w2-second', 'w2', { tax_year: '2025', employer_name: 'Tidewater Municipal Schools', employee_name: 'Avery Quinlan' }));
    expect(run(employerConsistencyRule, second).findings).toEqual([]);
    const moved = setField(consistentPacket(), 'w2-2025', 'employer_name', 'Copperleaf Software Corp.');
    expect(run(employerConsistencyRule, moved).findings.map((f) => f.documentIds)).toEqual([['urla', 'w2-2025']]);
  });

  it('flags a verification of employment from another employer', () => {
    expect(run(employerConsistencyRule, setField(consistentPacket(), 'voe', 'employer_name', 'Bluefen Analytics Ltd.')).findings).toHaveLength(1);
  });

  it('skips when the application names no employer', () => {
    const facts = setField(setField(consistentPacket(), 'urla', 'employer_name', undefined), 'voe', 'employer_name', 'Bluefen Analytics Ltd.');
    expect(run(employerConsistencyRule, facts).findings).toEqual([]);
    expect(docById(facts, 'urla').fields.employer_name).toBeUndefined();
  });
});
