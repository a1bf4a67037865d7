import { describe, expect, it } from 'vitest';
import { borrowerRequestLatency, citationMetrics } from './citation-metrics.js';

const p = (section: string | null) => ({ section });

describe('citation metrics', () => {
  it('cited rate counts findings with a passage; accuracy, those whose top passage is the mapped section', () => {
    const m = citationMetrics([
      { code: 'stale_pay_stub', passages: [p('4.2'), p('3.1')] }, // right
      { code: 'stale_bank_statement', passages: [p('O1.1'), p('5.1')] }, // cited, the mapped section second: wrong
      { code: 'missing_field', passages: [p('3.2')] }, // the pipeline's own finding, mapped to 3.2: right
      { code: 'large_deposit', passages: [] }, // not cited: wrong
    ]);
    expect(m).toEqual({ cited_rate: 0.75, citation_accuracy: 0.5 });
  });

  it('is null when nothing was raised; a code nobody maps counts for the rate only', () => {
    expect(citationMetrics([])).toEqual({ cited_rate: null, citation_accuracy: null });
    expect(citationMetrics([{ code: 'made_up', passages: [p('1.1')] }])).toEqual({ cited_rate: 1, citation_accuracy: null });
  });

  it('borrower request latency over the packets that had one', () => {
    expect(borrowerRequestLatency([])).toEqual({ packets: 0, p50: null, p95: null });
    expect(borrowerRequestLatency([300, 100, 200])).toEqual({ packets: 3, p50: 200, p95: 300 });
  });
});
