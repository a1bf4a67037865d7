import { addressConsistencyRule, type AddressConsistencyParams } from './address-consistency.js';
import { applicationDatedRule, type ApplicationDatedParams } from './application-dated.js';
import { applicationSignedRule, type ApplicationSignedParams } from './application-signed.js';
import { bankStatementFreshnessRule, type BankStatementFreshnessParams } from './bank-statement-freshness.js';
import { dobConsistencyRule, type DobConsistencyParams } from './dob-consistency.js';
import { einShapeRule, type EinShapeParams } from './ein-shape.js';
import { employerConsistencyRule, type EmployerConsistencyParams } from './employer-consistency.js';
import { idExpirationRule, type IdExpirationParams } from './id-expiration.js';
import { incomeConsistencyRule, type IncomeConsistencyParams } from './income-consistency.js';
import { largeDepositsRule, type LargeDepositsParams } from './large-deposits.js';
import { nameConsistencyRule, type NameConsistencyParams } from './name-consistency.js';
import { nsfOverdraftRule, type NsfOverdraftParams } from './nsf-overdraft.js';
import type { PacketFacts } from './packet-facts.js';
import { payStubFreshnessRule, type PayStubFreshnessParams } from './pay-stub-freshness.js';
import { payStubYtdRule, type PayStubYtdParams } from './pay-stub-ytd.js';
import { payrollTaxRatesRule, withholdingWithinWagesRule, type PayrollTaxParams, type WithholdingParams } from './payroll-tax-figures.js';
import { requiredDocumentsRule, type RequiredDocumentsParams } from './required-documents.js';
import type { GuidelineCitation, Rule, RuleFinding, RuleReads, SkippedCheck } from './rule.js';
import { ssnConsistencyRule, type SsnConsistencyParams } from './ssn-consistency.js';
import { ssnShapeRule, type SsnShapeParams } from './ssn-shape.js';
import { statementBalancesRule, type StatementBalancesParams } from './statement-balances.js';

/**
 * The rule set: which rules run, in which order, with which defaults. Bump RULESET_VERSION whenever a rule is added,
 * removed, or changes version (a unit test holds the list of rule versions this number stands for). Findings record
 * the rule id and version that raised them.
 */
export const RULESET_VERSION = '1.7.0';

export interface RuleParamsById {
  'required-documents': RequiredDocumentsParams;
  'application-signed': ApplicationSignedParams;
  'application-dated': ApplicationDatedParams;
  'name-consistency': NameConsistencyParams;
  'ssn-consistency': SsnConsistencyParams;
  'ssn-shape': SsnShapeParams;
  'ein-shape': EinShapeParams;
  'withholding-within-wages': WithholdingParams;
  'payroll-tax-rates': PayrollTaxParams;
  'pay-stub-ytd': PayStubYtdParams;
  'dob-consistency': DobConsistencyParams;
  'address-consistency': AddressConsistencyParams;
  'id-expiration': IdExpirationParams;
  'income-consistency': IncomeConsistencyParams;
  'employer-consistency': EmployerConsistencyParams;
  'pay-stub-freshness': PayStubFreshnessParams;
  'bank-statement-freshness': BankStatementFreshnessParams;
  'large-deposits': LargeDepositsParams;
  'nsf-overdraft': NsfOverdraftParams;
  'statement-balances': StatementBalancesParams;
}
export type RuleId = keyof RuleParamsById;

const REGISTRY: { [K in RuleId]: Rule<RuleParamsById[K]> } = {
  'required-documents': requiredDocumentsRule,
  'application-signed': applicationSignedRule,
  'application-dated': applicationDatedRule,
  'name-consistency': nameConsistencyRule,
  'ssn-consistency': ssnConsistencyRule,
  'ssn-shape': ssnShapeRule,
  'ein-shape': einShapeRule,
  'withholding-within-wages': withholdingWithinWagesRule,
  'payroll-tax-rates': payrollTaxRatesRule,
  'pay-stub-ytd': payStubYtdRule,
  'dob-consistency': dobConsistencyRule,
  'address-consistency': addressConsistencyRule,
  'id-expiration': idExpirationRule,
  'income-consistency': incomeConsistencyRule,
  'employer-consistency': employerConsistencyRule,
  'pay-stub-freshness': payStubFreshnessRule,
  'bank-statement-freshness': bankStatementFreshnessRule,
  'large-deposits': largeDepositsRule,
  'nsf-overdraft': nsfOverdraftRule,
  'statement-balances': statementBalancesRule,
};

/** Evaluation order (findings come out in this order). */
export const RULE_IDS = Object.keys(REGISTRY) as RuleId[];

export function ruleById<K extends RuleId>(id: K): Rule<RuleParamsById[K]> {
  return REGISTRY[id];
}

export interface RuleSetOverrides {
  /** Per-rule parameter overrides (a tenant's tolerances and limits); unnamed parameters keep their defaults. */
  params?: { [K in RuleId]?: Partial<RuleParamsById[K]> };
  disabled?: readonly RuleId[];
  /** Fields read with a lower confidence (0..1) are treated as not extracted. Default 0: every field counts. */
  minFieldConfidence?: number;
}

export interface RuleSetResult {
  rulesetVersion: string;
  findings: RuleFinding[];
  /** Comparisons a rule could not make for lack of input: not findings, an audit trail. */
  skipped: SkippedCheck[];
  /** Rules that threw (a bug, not bad input): the caller logs them; the other rules' findings stand. */
  errors: { ruleId: string; message: string }[];
}

function withConfidence(facts: PacketFacts, min: number): PacketFacts {
  if (min <= 0) return facts;
  return {
    ...facts,
    documents: facts.documents.map((d) => ({ ...d, fields: Object.fromEntries(Object.entries(d.fields).filter(([, f]) => f.confidence >= min)) })),
  };
}

function runRule<K extends RuleId>(id: K, facts: PacketFacts, overrides: RuleSetOverrides): ReturnType<Rule<RuleParamsById[K]>['evaluate']> {
  const rule = REGISTRY[id];
  const params = { ...rule.params, ...(overrides.params?.[id] ?? {}) } as RuleParamsById[K];
  return rule.evaluate(facts, params);
}

/** Runs every enabled rule over the packet's facts. Pure: same facts and overrides, same result. */
export function evaluateRules(facts: PacketFacts, overrides: RuleSetOverrides = {}): RuleSetResult {
  const input = withConfidence(facts, overrides.minFieldConfidence ?? 0);
  const result: RuleSetResult = { rulesetVersion: RULESET_VERSION, findings: [], skipped: [], errors: [] };
  for (const id of RULE_IDS) {
    if (overrides.disabled?.includes(id)) continue;
    try {
      const out = runRule(id, input, overrides);
      result.findings.push(...out.findings);
      result.skipped.push(...out.skipped);
    } catch (err) {
      result.errors.push({ ruleId: id, message: err instanceof Error ? err.message : String(err) });
    }
  }
  // Finding ids are unique within the packet (two findings on the same documents get a counter).
  const seen = new Map<string, number>();
  for (const f of result.findings) {
    const n = (seen.get(f.findingId) ?? 0) + 1;
    seen.set(f.findingId, n);
    if (n > 1) f.findingId = `${f.findingId}#${n}`;
  }
  return result;
}

export interface RuleDescription {
  id: RuleId;
  version: number;
  title: string;
  severity: string;
  code: string;
  reads: readonly RuleReads[];
  params: unknown;
  citation: GuidelineCitation;
}

/** The rule set as plain data (for the review app, the audit log, or a tenant's override editor). */
export function describeRuleSet(overrides: RuleSetOverrides = {}): { version: string; rules: RuleDescription[] } {
  return {
    version: RULESET_VERSION,
    rules: RULE_IDS.map((id) => {
      const r = REGISTRY[id];
      return {
        id,
        version: r.version,
        title: r.title,
        severity: r.severity,
        code: r.code,
        reads: r.reads,
        params: { ...r.params, ...(overrides.params?.[id] ?? {}) },
        citation: r.citation,
      };
    }),
  };
}

/** Finding code -> the guideline section its rule cites, for citation-accuracy metrics. */
export const CITATION_BY_CODE: Readonly<Record<string, GuidelineCitation>> = Object.fromEntries(
  RULE_IDS.map((id) => [REGISTRY[id].code, REGISTRY[id].citation]),
);
