import { describe, expect, it } from 'vitest';
import type { Line, PageText, Word } from '../../core/page.js';
import { createNoneProvider } from '../../inference/llm/none-provider.js';
import { createScriptedLlmProvider } from '../../inference/llm/scripted-llm-provider.js';
import { extractFields } from '../../understanding/extract-fields.js';
import { routeToLlm } from './route-to-llm.js';

function line(y: number, text: string): Line {
  let x = 0.1;
  const words: Word[] = text.split(' ').map((t) => {
    const w = { text: t, bbox: { x, y, w: t.length * 0.01, h: 0.012 }, confidence: 1 };
    x += t.length * 0.01 + 0.006;
    return w;
  });
  return { text, words, confidence: 1, bbox: { x: 0.1, y, w: x - 0.1, h: 0.012 } };
}
const page = (lines: string[]): PageText => {
  const ls = lines.map((t, i) => line(0.1 + i * 0.03, t));
  return { pageNumber: 1, source: 'text-layer', width: 612, height: 792, text: ls.map((l) => l.text).join('\n'), lines: ls, confidence: 1 };
};
const options = { threshold: 0.8, maxTokens: 256, timeoutMs: 5_000, maxPages: 3 };

// A pay stub in words the rules have no labels for: they read almost nothing, so the layout counts as unknown.
const oddStub = page(['Remuneration Advice', 'Worker: Jordan Sample', 'Paid by: Meridian Fieldworks Co.', 'Cycle closes 03/14/2026, funds released 03/19/2026', 'This cycle 3,000.00 | Running total 18,000.00 | Take home 2,310.00']);

const answer = (fields: Record<string, [string | null, string | null]>) =>
  JSON.stringify(Object.fromEntries(Object.entries(fields).map(([k, [value, evidence]]) => [k, { value, evidence, page: value ? 1 : null }])));

describe('routeToLlm', () => {
  it('sends a document the rules cannot read to the LLM, keeps grounded values as llm fields and drops made-up ones', async () => {
    const rules = extractFields('pay_stub', [oddStub]);
    expect(rules.fields.length).toBeLessThan(4);
    const provider = createScriptedLlmProvider([
      answer({
        employer_name: ['Meridian Fieldworks Co.', 'Paid by: Meridian Fieldworks Co.'],
        employee_name: ['Jordan Sample', 'Worker: Jordan Sample'],
        pay_period_end: ['03/14/2026', 'Cycle closes 03/14/2026'],
        pay_date: ['03/19/2026', 'funds released 03/19/2026'],
        gross_pay_current: ['3,000.00', 'This cycle 3,000.00'],
        gross_pay_ytd: ['18,000.00', 'Running total 18,000.00'],
        // Not on the page: must not become a field.
        net_pay: ['9,999.00', 'Net 9,999.00'],
      }),
    ], { usage: { promptTokens: 300, completionTokens: 120 } });
    const routed = await routeToLlm('pay_stub', [oddStub], rules, provider, options);
    expect(provider.requests).toHaveLength(1);
    expect(routed.routed.map((r) => r.reason)).toContain('unknown_layout');
    const byName = Object.fromEntries(routed.fields.map((f) => [f.name, f]));
    expect(byName.gross_pay_ytd).toMatchObject({ normalized: '18000.00', source: 'llm', page: 1 });
    expect(byName.pay_date).toMatchObject({ normalized: '2026-03-19', source: 'llm' });
    expect(byName.employee_name!.bbox.y).toBeCloseTo(0.13, 2);
    expect(byName.net_pay).toBeUndefined();
    expect(routed.missingRequiredFields).toEqual([]);
    expect(routed.call).toMatchObject({ purpose: 'extract-fields', promptTokens: 300, completionTokens: 120 });
  });

  it('leaves a document the rules read with confidence alone: no call', async () => {
    const stub = page(['Earnings Statement', 'Employer Name: Meridian Fieldworks Co.', 'Employee Name: Jordan Sample', 'Pay Period: 03/01/2026 - 03/14/2026', 'Pay Date: 03/19/2026', 'Gross Pay (Current): $3,000.00', 'Gross Pay (YTD): $18,000.00', 'Net Pay: $2,310.00']);
    const rules = extractFields('pay_stub', [stub]);
    const provider = createScriptedLlmProvider([]);
    const routed = await routeToLlm('pay_stub', [stub], rules, provider, options);
    expect(provider.requests).toHaveLength(0);
    expect(routed.fields).toEqual(rules.fields);
  });

  it('without a configured provider, returns the rules unchanged', async () => {
    const rules = extractFields('pay_stub', [oddStub]);
    expect(await routeToLlm('pay_stub', [oddStub], rules, createNoneProvider(), options)).toEqual({ ...rules, routed: [] });
  });
});
