import type { FactDocument, FactTransaction } from './packet-facts.js';
import { fieldsWithRole } from './packet-people.js';
import { describeDoc, fieldEvidence, formatMoney, listText, makeFinding, type Rule, type RuleEvidence, type RuleFinding } from './rule.js';

export interface StatementBalancesParams {
  /** Dollars of slack on a balance (a rounded cent per row adds up). */
  tolerance: number;
}

const OPENING = fieldsWithRole('opening_balance');
const CLOSING = fieldsWithRole('closing_balance');

/**
 * What the transaction table says the period opened and closed with, when its running balances hold together row by
 * row (each balance is the one before plus the row's amount), in the order printed or newest first. Undefined when a
 * row has no balance or the chain breaks anywhere: then a row was missed or misread, and the table proves nothing.
 */
export function tableBalances(rows: readonly FactTransaction[], tolerance: number): { opening: number; closing: number } | undefined {
  if (rows.length < 2 || rows.some((r) => r.balance === null)) return undefined;
  const holds = (ordered: readonly FactTransaction[]) => ordered.every((r, i) => i === 0 || Math.abs(r.balance! - (ordered[i - 1]!.balance! + r.amount)) <= tolerance);
  for (const ordered of [rows, [...rows].reverse()]) {
    if (holds(ordered)) return { opening: ordered[0]!.balance! - ordered[0]!.amount, closing: ordered.at(-1)!.balance! };
  }
  return undefined;
}

/**
 * A statement's figures add up (guideline 3.3, totals that do not add up): the opening balance plus the rows equals the
 * closing balance. Judged only on balances read from the text layer, and where the table's running balances hold
 * together row by row, so the table was read whole and right (a scan's table that lost its first row to OCR still
 * holds together, and would contradict a right opening balance); then an opening or closing balance that differs from
 * the table's is an altered or mistyped statement. The balances are found by their catalog roles, so any statement type that prints them is checked.
 */
export const statementBalancesRule: Rule<StatementBalancesParams> = {
  id: 'statement-balances',
  version: 1,
  title: "A statement's balances add up with its transactions",
  severity: 'warning',
  code: 'statement_balances_mismatch',
  reads: Object.keys(OPENING).map((type) => ({
    type: type as FactDocument['type'],
    fields: ['transactions', OPENING[type as keyof typeof OPENING]!, CLOSING[type as keyof typeof CLOSING]].filter((f): f is string => Boolean(f)),
  })),
  params: { tolerance: 0.01 },
  citation: { topic: 'Alterations and inconsistent documents', section: '3.3' },
  evaluate(facts, params) {
    const findings: RuleFinding[] = [];
    for (const doc of facts.documents.filter((d) => d.readable && !d.unreadablePages?.length && d.transactions?.length)) {
      const table = tableBalances(doc.transactions!, params.tolerance);
      if (!table) continue;
      const problems: string[] = [];
      const evidence: RuleEvidence[] = [];
      for (const [role, fields, want] of [
        ['opening', OPENING, table.opening],
        ['closing', CLOSING, table.closing],
      ] as const) {
        const name = fields[doc.type];
        const field = name ? doc.fields[name] : undefined;
        const printed = field?.normalized ? Number(field.normalized) : NaN;
        // A scan's table may have lost its first or last row to OCR and still hold together: only printed text counts.
        if (!field || field.source !== 'text-layer' || !Number.isFinite(printed) || Math.abs(printed - want) <= params.tolerance) continue;
        problems.push(`the ${role} balance reads ${formatMoney(printed)} where the transactions give ${formatMoney(want)}`);
        evidence.push(fieldEvidence(doc, field));
      }
      if (!problems.length) continue;
      const rows = doc.transactions!;
      evidence.push({ documentId: doc.documentId, page: rows[0]!.page, ...(rows[0]!.bbox ? { bbox: rows[0]!.bbox } : {}), field: 'transactions', value: `${rows.length} rows` });
      findings.push(
        makeFinding(statementBalancesRule, {
          docs: [doc],
          message: `On the ${describeDoc(doc)}, ${listText(problems)}. A statement whose balances do not add up with its own transactions may have been altered; obtain the statement directly from the institution.`,
          evidence,
        }),
      );
    }
    return { findings, skipped: [] };
  },
};
