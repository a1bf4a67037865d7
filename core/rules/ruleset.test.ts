import { describe, expect, it } from 'vitest';
import { codes, consistentPacket, docById, setField, tx } from './consistent-packet.js';
import type { PacketFacts } from './packet-facts.js';
import { CITATION_BY_CODE, describeRuleSet, evaluateRules, RULE_IDS, ruleById, RULESET_VERSION } from './ruleset.js';

/** One packet with every defect the rules know. */
function everythingWrong(): PacketFacts {
  const facts = consistentPacket();
  setField(facts, 'urla', 'monthly_income', '9000.00');
  setField(facts, 'w2-2025', 'employee_name', 'Desmond Pelliday');
  setField(facts, 'w2-2025', 'employee_ssn', '912-34-0000');
  setField(facts, 'id', 'date_of_birth', '1985-05-12');
  setField(facts, 'id', 'expiration_date', '2026-01-31');
  setField(facts, 'bank-feb', 'mailing_address', '518 Quarry Hill Way, Cedar Bluff, NC 27999');
  setField(facts, 'bank-feb', 'statement_period_end', '2026-01-10');
  setField(facts, 'bank-jan', 'statement_period_end', '2025-12-10');
  setField(facts, 'stub-1', 'employer_name', 'Copperleaf Software Corp.');
  setField(facts, 'stub-1', 'pay_date', '2026-02-01');
  setField(facts, 'stub-2', 'pay_date', '2026-01-18');
  docById(facts, 'bank-feb').transactions!.push(tx('2026-01-05', 'Mobile Deposit', 7000), tx('2026-01-06', 'NSF Fee', -35, -20));
  docById(facts, 'urla').signatures![0]!.present = false;
  facts.documents = facts.documents.filter((d) => d.type !== 'voe_letter');
  return facts;
}

describe('rule set', () => {
  it('finds nothing on a consistent packet', () => {
    const result = evaluateRules(consistentPacket());
    expect(result).toMatchObject({ rulesetVersion: RULESET_VERSION, findings: [], errors: [] });
  });

  it('raises each code once on a packet with every defect', () => {
    const result = evaluateRules(everythingWrong());
    expect(result.errors).toEqual([]);
    expect(codes(result.findings)).toEqual([
      'address_mismatch',
      'dob_mismatch',
      'employer_mismatch',
      'expired_id',
      'income_mismatch',
      'large_deposit',
      'name_mismatch',
      'nsf_overdraft',
      'ssn_mismatch',
      'stale_bank_statement',
      'stale_pay_stub',
      'unsigned_application',
    ]);
    const undated = evaluateRules(setField(consistentPacket(), 'urla', 'application_date', undefined));
    expect(codes(undated.findings)).toEqual(['undated_application']);
    const incomplete = evaluateRules({ ...consistentPacket(), documents: consistentPacket().documents.filter((d) => d.type !== 'w2') });
    expect(codes(incomplete.findings)).toEqual(['missing_document']);
  });

  it('gives every finding a citation, its rule and version, evidence with pages, and unique ids', () => {
    const { findings } = evaluateRules(everythingWrong());
    for (const f of findings) {
      expect(f.citation).toEqual(CITATION_BY_CODE[f.code]);
      expect(f.ruleVersion).toBe(ruleById(f.ruleId as (typeof RULE_IDS)[number]).version);
      expect(f.evidence.length).toBeGreaterThan(0);
      // Evidence is on the finding's documents, or is the application date a document's age was measured from.
      expect(f.evidence.every((e) => typeof e.page === 'number' && (f.documentIds.includes(e.documentId) || e.field === 'application_date'))).toBe(true);
      expect(f.findingId.startsWith(`${f.code}:`)).toBe(true);
    }
    expect(new Set(findings.map((f) => f.findingId)).size).toBe(findings.length);
  });

  it('keeps PII out of messages', () => {
    const { findings } = evaluateRules(everythingWrong());
    const text = findings.map((f) => f.message).join('\n');
    for (const pii of ['912-34', '1985', 'Quinlan', 'Pelliday', 'Juniper', 'Quarry', '1234567890', 'D1234567']) expect(text).not.toContain(pii);
  });

  it('is deterministic and does not depend on document order', () => {
    const a = evaluateRules(everythingWrong());
    const shuffled = everythingWrong();
    shuffled.documents.reverse();
    expect(evaluateRules(everythingWrong())).toEqual(a);
    expect(evaluateRules(shuffled).findings.map((f) => f.findingId).sort()).toEqual(a.findings.map((f) => f.findingId).sort());
  });

  it('takes a tenant\'s overrides and disabled rules', () => {
    const facts = setField(setField(consistentPacket(), 'stub-1', 'pay_date', '2026-02-06'), 'stub-2', 'pay_date', '2026-01-23');
    expect(codes(evaluateRules(facts).findings)).toEqual(['stale_pay_stub']);
    expect(evaluateRules(facts, { params: { 'pay-stub-freshness': { maxAgeDays: 45 } } }).findings).toEqual([]);
    expect(evaluateRules(facts, { disabled: ['pay-stub-freshness'] }).findings).toEqual([]);
    expect(describeRuleSet({ params: { 'pay-stub-freshness': { maxAgeDays: 45 } } }).rules.find((r) => r.id === 'pay-stub-freshness')!.params).toEqual({ maxAgeDays: 45 });
  });

  it('treats fields below the confidence floor as not read', () => {
    const facts = setField(consistentPacket(), 'w2-2025', 'employee_ssn', '912-34-0000');
    docById(facts, 'w2-2025').fields.employee_ssn!.confidence = 0.3;
    expect(codes(evaluateRules(facts).findings)).toEqual(['ssn_mismatch']);
    expect(evaluateRules(facts, { minFieldConfidence: 0.5 }).findings).toEqual([]);
  });

  it('skips, without findings, what a packet with nothing extracted cannot tell', () => {
    const facts = consistentPacket();
    for (const d of facts.documents) {
      d.fields = {};
      delete d.transactions;
      delete d.signatures;
    }
    facts.asOfDate = undefined;
    const result = evaluateRules(facts);
    // An application without any fields reads as undated: the only finding an empty extraction can raise.
    expect(codes(result.findings)).toEqual(['undated_application']);
    expect(result.skipped.length).toBeGreaterThan(5);
  });

  it('pins the rule versions this ruleset version stands for (bump RULESET_VERSION when this changes)', () => {
    expect(RULESET_VERSION).toBe('1.7.0');
    expect(describeRuleSet().rules.map((r) => `${r.id}@${r.version}:${r.code}:${r.citation.section}`)).toEqual([
      'required-documents@2:missing_document:7.3',
      'application-signed@1:unsigned_application:3.4',
      'application-dated@1:undated_application:3.4',
      'name-consistency@5:name_mismatch:2.2',
      'ssn-consistency@2:ssn_mismatch:2.3',
      'ssn-shape@1:invalid_ssn:2.3',
      'ein-shape@1:invalid_ein:3.3',
      'withholding-within-wages@1:w2_withholding_exceeds_wages:3.3',
      'payroll-tax-rates@1:payroll_tax_mismatch:3.3',
      'pay-stub-ytd@1:pay_stub_ytd_mismatch:4.2',
      'dob-consistency@3:dob_mismatch:2.4',
      'address-consistency@3:address_mismatch:2.5',
      'id-expiration@2:expired_id:2.1',
      'income-consistency@2:income_mismatch:4.4',
      'employer-consistency@3:employer_mismatch:4.9',
      'pay-stub-freshness@1:stale_pay_stub:4.2',
      'bank-statement-freshness@1:stale_bank_statement:5.1',
      'large-deposits@1:large_deposit:5.2',
      'nsf-overdraft@1:nsf_overdraft:5.3',
      'statement-balances@1:statement_balances_mismatch:3.3',
    ]);
    expect(JSON.parse(JSON.stringify(describeRuleSet()))).toEqual(describeRuleSet());
  });
});
