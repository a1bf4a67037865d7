import { describe, expect, it } from 'vitest';
import { applicationDatedRule } from './application-dated.js';
import { applicationSignedRule } from './application-signed.js';
import { bankStatementFreshnessRule } from './bank-statement-freshness.js';
import { consistentPacket, doc, docById, setField, tx } from './consistent-packet.js';
import { largeDepositsRule } from './large-deposits.js';
import { nsfOverdraftRule } from './nsf-overdraft.js';
import type { PacketFacts } from './packet-facts.js';
import { payStubFreshnessRule } from './pay-stub-freshness.js';
import { requiredDocumentsRule } from './required-documents.js';
import type { Rule } from './rule.js';

const run = <P extends object>(rule: Rule<P>, facts: PacketFacts, params: Partial<P> = {}) => rule.evaluate(facts, { ...rule.params, ...params });
const drop = (facts: PacketFacts, ...ids: string[]) => ({ ...facts, documents: facts.documents.filter((d) => !ids.includes(d.documentId)) });

describe('pay-stub-freshness (4.2)', () => {
  it('is quiet on a stub 10 days old, and at exactly the limit', () => {
    expect(run(payStubFreshnessRule, consistentPacket()).findings).toEqual([]);
    expect(run(payStubFreshnessRule, setField(consistentPacket(), 'stub-1', 'pay_date', '2026-02-14')).findings).toEqual([]);
  });

  it('flags a latest stub 31 days old, citing 4.2 with both dates as evidence', () => {
    const facts = setField(setField(consistentPacket(), 'stub-1', 'pay_date', '2026-02-13'), 'stub-2', 'pay_date', '2026-01-30');
    const [f, ...rest] = run(payStubFreshnessRule, facts).findings;
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ code: 'stale_pay_stub', documentIds: ['stub-1', 'stub-2'], citation: { topic: 'Pay stubs', section: '4.2' } });
    expect(f!.message).toContain('31 days old on the application date 2026-03-16');
    expect(f!.message).toContain('allows 30 days');
    expect(f!.evidence.map((e) => [e.documentId, e.field, e.value])).toEqual([
      ['stub-1', 'pay_date', '2026-02-13'],
      ['urla', 'application_date', '2026-03-16'],
    ]);
    expect(run(payStubFreshnessRule, facts, { maxAgeDays: 45 }).findings).toEqual([]);
  });

  it('uses the period end when the pay date was not read, and the arrival date when the application is undated', () => {
    const facts = setField(setField(consistentPacket(), 'stub-1', 'pay_date', undefined), 'stub-2', 'pay_date', undefined);
    setField(facts, 'stub-1', 'pay_period_end', '2026-01-31');
    setField(facts, 'stub-2', 'pay_period_end', '2026-01-17');
    setField(facts, 'urla', 'application_date', undefined);
    const [f] = run(payStubFreshnessRule, facts).findings;
    expect(f!.message).toMatch(/45 days old on 2026-03-17, when the packet arrived/);
    facts.asOfDate = undefined;
    expect(run(payStubFreshnessRule, facts).findings).toEqual([]);
  });

  it('judges the co-borrower\'s stubs on their own', () => {
    const facts = consistentPacket();
    facts.documents.push(doc('co-stub', 'pay_stub', { employee_name: 'Rowan Quinlan', pay_date: ['2026-01-02', '2026-01-02'] }));
    const [f, ...rest] = run(payStubFreshnessRule, facts).findings;
    expect(rest).toEqual([]);
    expect(f!.documentIds).toEqual(['co-stub']);
    expect(f!.message).toMatch(/co-borrower's most recent pay stub/);
  });
});

describe('bank-statement-freshness (5.1)', () => {
  it('is quiet on a statement 16 days old', () => {
    expect(run(bankStatementFreshnessRule, consistentPacket()).findings).toEqual([]);
  });

  it('flags an account whose latest statement is over 60 days old, by last four digits', () => {
    const facts = setField(setField(consistentPacket(), 'bank-feb', 'statement_period_end', '2026-01-14'), 'bank-jan', 'statement_period_end', '2025-12-14');
    const [f] = run(bankStatementFreshnessRule, facts).findings;
    expect(f).toMatchObject({ code: 'stale_bank_statement', documentIds: ['bank-feb', 'bank-jan'], citation: { section: '5.1' } });
    expect(f!.message).toContain('account ending 7890 (latest period ending 2026-01-14, 61 days)');
    expect(f!.message).not.toContain('1234567890');
    expect(run(bankStatementFreshnessRule, setField(facts, 'bank-feb', 'statement_period_end', '2026-01-15')).findings).toEqual([]);
  });

  it('skips statements without a period end', () => {
    const facts = setField(setField(consistentPacket(), 'bank-feb', 'statement_period_end', undefined), 'bank-jan', 'statement_period_end', undefined);
    expect(run(bankStatementFreshnessRule, facts).findings).toEqual([]);
  });
});

describe('large-deposits (5.2)', () => {
  it('is quiet on payroll and small transfers', () => {
    expect(run(largeDepositsRule, consistentPacket())).toEqual({ findings: [], skipped: [] });
  });

  it('flags a deposit over half the monthly qualifying income ($6,500), with the transaction as evidence', () => {
    const facts = consistentPacket();
    docById(facts, 'bank-feb').transactions!.push(tx('2026-02-21', 'Mobile Deposit - Check', 3250.01));
    docById(facts, 'bank-jan').transactions!.push(tx('2026-01-21', 'Zelle from A. Friend', 3250));
    const [f] = run(largeDepositsRule, facts).findings;
    expect(f).toMatchObject({ code: 'large_deposit', documentIds: ['bank-feb'], citation: { section: '5.2' } });
    expect(f!.message).toContain('A deposit of $3,250.01 on 2026-02-21 exceeds 50% of the gross monthly qualifying income $6,500.00 ($3,250.00)');
    expect(f!.evidence).toEqual([expect.objectContaining({ documentId: 'bank-feb', field: 'transactions', page: 1, bbox: expect.any(Object) })]);
  });

  it('measures against documented income, not an overstated application', () => {
    const facts = setField(consistentPacket(), 'urla', 'monthly_income', '13000.00');
    docById(facts, 'bank-feb').transactions!.push(tx('2026-02-21', 'Mobile Deposit - Check', 4000));
    expect(run(largeDepositsRule, facts).findings).toHaveLength(1);
  });

  it('does not flag payroll however large, and honours a tenant\'s threshold', () => {
    const facts = consistentPacket();
    docById(facts, 'bank-feb').transactions!.push(tx('2026-02-27', 'COBALT RIDGE LOG PPD BONUS', 9000), tx('2026-02-27', 'ACH Direct Dep', 9000));
    expect(run(largeDepositsRule, facts).findings).toEqual([]);
    expect(run(largeDepositsRule, consistentPacket(), { fractionOfMonthlyIncome: 0.1 }).findings[0]!.evidence).toHaveLength(2);
  });

  it('skips without transactions or without any income figure', () => {
    const none = consistentPacket();
    for (const d of none.documents) delete d.transactions;
    expect(run(largeDepositsRule, none).skipped).toHaveLength(1);
    const noIncome = drop(setField(consistentPacket(), 'urla', 'monthly_income', undefined), 'w2-2025', 'w2-2024', 'stub-1', 'stub-2', 'voe');
    docById(noIncome, 'bank-feb').transactions!.push(tx('2026-02-21', 'Mobile Deposit', 50000));
    expect(run(largeDepositsRule, noIncome).findings).toEqual([]);
  });
});

describe('nsf-overdraft (5.3)', () => {
  it('is quiet on solvent statements', () => {
    expect(run(nsfOverdraftRule, consistentPacket()).findings).toEqual([]);
  });

  it('flags an NSF fee and a negative balance in the recent statements, once', () => {
    const facts = consistentPacket();
    docById(facts, 'bank-feb').transactions!.push(tx('2026-02-18', 'Overdraft Item Paid - Card Purchase', -900, -212.5), tx('2026-02-18', 'NSF Fee', -35, -247.5));
    const [f, ...rest] = run(nsfOverdraftRule, facts).findings;
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ code: 'nsf_overdraft', documentIds: ['bank-feb'], citation: { section: '5.3' } });
    expect(f!.message).toContain('2026-02-18');
    expect(f!.evidence).toHaveLength(2);
  });

  it('flags a negative balance alone, and a negative ending balance', () => {
    const facts = consistentPacket();
    docById(facts, 'bank-feb').transactions!.push(tx('2026-02-25', 'Card Purchase', -9000, -597.15));
    expect(run(nsfOverdraftRule, facts).findings).toHaveLength(1);
    expect(run(nsfOverdraftRule, setField(consistentPacket(), 'bank-jan', 'ending_balance', '-12.00')).findings).toHaveLength(1);
  });

  it('ignores overdraft protection and a single old incident, but not three in a year', () => {
    const facts = consistentPacket();
    docById(facts, 'bank-feb').transactions!.push(tx('2026-02-10', 'Overdraft Protection Transfer', 200));
    expect(run(nsfOverdraftRule, facts).findings).toEqual([]);
    const old = consistentPacket();
    old.documents.push(doc('bank-2025', 'bank_statement', { statement_period_end: ['2025-09-30', '2025-09-30'] }, { transactions: [tx('2025-09-12', 'NSF FEE', -35)] }));
    expect(run(nsfOverdraftRule, old).findings).toEqual([]);
    docById(old, 'bank-2025').transactions!.push(tx('2025-09-20', 'NSF FEE', -35), tx('2025-09-25', 'Returned Item Fee', -35));
    expect(run(nsfOverdraftRule, old).findings).toHaveLength(1);
  });
});

describe('application-signed and application-dated (3.4)', () => {
  it('are quiet on a signed, dated application', () => {
    expect(run(applicationSignedRule, consistentPacket())).toEqual({ findings: [], skipped: [] });
    expect(run(applicationDatedRule, consistentPacket())).toEqual({ findings: [], skipped: [] });
  });

  it('flag a blank borrower signature line and a missing date', () => {
    const facts = consistentPacket();
    const urla = docById(facts, 'urla');
    urla.signatures = [
      { name: 'borrower_signature', present: false, page: 3, bbox: { x: 0.2, y: 0.8, w: 0.3, h: 0.03 } },
      { name: 'loan_originator_signature', present: false, page: 3, bbox: { x: 0.2, y: 0.9, w: 0.3, h: 0.03 } },
    ];
    const [signed] = run(applicationSignedRule, facts).findings;
    expect(signed).toMatchObject({ code: 'unsigned_application', findingId: 'unsigned_application:urla', documentIds: ['urla'], citation: { section: '3.4' } });
    expect(signed!.evidence).toEqual([{ documentId: 'urla', page: 3, bbox: urla.signatures[0]!.bbox, field: 'borrower_signature' }]);
    const [dated] = run(applicationDatedRule, setField(facts, 'urla', 'application_date', undefined)).findings;
    expect(dated).toMatchObject({ code: 'undated_application', documentIds: ['urla'], citation: { section: '3.4' } });
  });

  it('skip when signatures were not detected or a page is unreadable; a date read but not parsed is not "undated"', () => {
    const facts = consistentPacket();
    const urla = docById(facts, 'urla');
    delete urla.signatures;
    expect(run(applicationSignedRule, facts).findings).toEqual([]);
    urla.signatures = [{ name: 'borrower_signature', present: false, page: 3, bbox: { x: 0, y: 0, w: 0.1, h: 0.1 } }];
    urla.unreadablePages = [3];
    setField(facts, 'urla', 'application_date', undefined);
    expect(run(applicationSignedRule, facts).findings).toEqual([]);
    expect(run(applicationDatedRule, facts).findings).toEqual([]);
    urla.unreadablePages = [];
    expect(run(applicationDatedRule, setField(facts, 'urla', 'application_date', '3/1G/2O26', null)).findings).toEqual([]);
  });
});

describe('required-documents (7.1-7.3)', () => {
  it('is quiet on a complete salaried purchase packet', () => {
    expect(run(requiredDocumentsRule, consistentPacket()).findings).toEqual([]);
  });

  it('names each missing type with the baseline finding id; unreadable documents do not count', () => {
    const facts = drop(consistentPacket(), 'stub-1', 'stub-2');
    docById(facts, 'bank-feb').readable = false;
    docById(facts, 'bank-jan').readable = false;
    const out = run(requiredDocumentsRule, facts).findings;
    expect(out.map((f) => f.findingId)).toEqual(['missing_document:bank_statement', 'missing_document:pay_stub']);
    expect(out[1]).toMatchObject({ code: 'missing_document', severity: 'critical', documentIds: [], citation: { section: '7.3' } });
    expect(out[1]!.message).toBe('Missing required document: Pay stub (earnings statement), required for salaried borrowers (section 7.1).');
  });

  it('holds back missing types an unrecognised illegible document may be, as many as there are such documents', () => {
    const facts = drop(consistentPacket(), 'stub-1', 'stub-2');
    const stub = docById(consistentPacket(), 'stub-1');
    facts.documents.push({ ...stub, documentId: 'scan-1', type: 'unknown', fields: {}, unreadablePages: [stub.firstPage] });
    const out = run(requiredDocumentsRule, facts);
    expect(out.findings).toEqual([]);
    expect(out.skipped).toEqual([{ ruleId: 'required-documents', reason: 'pay_stub: may be the unreadable document scan-1' }]);
    // A page read, or more missing types than such documents: the findings stand.
    facts.documents.at(-1)!.unreadablePages = [];
    expect(run(requiredDocumentsRule, facts).findings.map((f) => f.findingId)).toEqual(['missing_document:pay_stub']);
    facts.documents.at(-1)!.unreadablePages = [stub.firstPage];
    const both = drop(facts, 'bank-feb', 'bank-jan');
    expect(run(requiredDocumentsRule, both).findings.map((f) => f.findingId)).toEqual(['missing_document:bank_statement', 'missing_document:pay_stub']);
  });

  it('requires by employment type and loan purpose', () => {
    const selfEmployed = drop(consistentPacket(), 'stub-1', 'stub-2', 'w2-2025', 'w2-2024');
    selfEmployed.employmentType = 'self_employed';
    expect(run(requiredDocumentsRule, selfEmployed).findings).toEqual([]);
    const refi = drop(setField(consistentPacket(), 'urla', 'loan_purpose', 'Cash-Out Refinance'), 'id');
    expect(run(requiredDocumentsRule, refi).findings).toEqual([]);
    const out = run(requiredDocumentsRule, refi, { byPurpose: { cash_out_refinance: ['id_card'] } }).findings;
    expect(out.map((f) => f.message)).toEqual(["Missing required document: Driver's license or state ID, required for a cash-out-refinance loan (section 7.2)."]);
  });
});
