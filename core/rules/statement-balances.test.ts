import { describe, expect, it } from 'vitest';
import { doc, tx } from './consistent-packet.js';
import type { PacketFacts } from './packet-facts.js';
import { statementBalancesRule, tableBalances } from './statement-balances.js';

const facts = (...documents: PacketFacts['documents']): PacketFacts => ({ applicants: [], documents } as unknown as PacketFacts);
const run = (f: PacketFacts) => statementBalancesRule.evaluate(f, statementBalancesRule.params);
const rows = [tx('2026-05-14', 'Balance Forward', 0, 5070.25), tx('2026-05-16', 'Hardware Store', -288.96, 4781.29), tx('2026-05-22', 'Payroll', 4557.81, 9339.1)];

describe('statement balances against their transactions', () => {
  it('reads the opening and closing balances a consistent table implies, printed in order or newest first', () => {
    expect(tableBalances(rows, 0.01)).toEqual({ opening: 5070.25, closing: 9339.1 });
    expect(tableBalances([...rows].reverse(), 0.01)).toEqual({ opening: 5070.25, closing: 9339.1 });
    // A row missed or misread breaks the chain: the table proves nothing.
    expect(tableBalances([rows[0]!, rows[2]!], 0.01)).toBeUndefined();
    expect(tableBalances([rows[0]!, { ...rows[1]!, balance: null }, rows[2]!], 0.01)).toBeUndefined();
  });

  it('flags a printed closing balance the transactions contradict, and nothing when they agree or cannot be trusted', () => {
    const statement = (ending: string, transactions = rows, source: 'text-layer' | 'ocr' = 'text-layer') => {
      const d = doc('bank-1', 'bank_statement', { beginning_balance: '5070.25', ending_balance: ending }, { transactions });
      for (const f of Object.values(d.fields)) f.source = source;
      return d;
    };
    expect(run(facts(statement('9339.10'))).findings).toEqual([]);
    const altered = run(facts(statement('19339.10'))).findings;
    expect(altered.map((f) => f.code)).toEqual(['statement_balances_mismatch']);
    expect(altered[0]!.message).toContain('closing balance reads $19,339.10 where the transactions give $9,339.10');
    expect(altered[0]!.evidence.map((e) => e.field)).toEqual(['ending_balance', 'transactions']);
    expect(run(facts(statement('19339.10', [rows[0]!, rows[2]!]))).findings).toEqual([]);
    // A scan's table may have lost a row at its end and still hold together: OCR'd balances are not judged.
    expect(run(facts(statement('19339.10', rows, 'ocr'))).findings).toEqual([]);
  });
});
