import { describe, expect, it } from 'vitest';
import { doc } from './consistent-packet.js';
import { einShapeRule } from './ein-shape.js';
import type { PacketFacts } from './packet-facts.js';

const facts = (...documents: PacketFacts['documents']): PacketFacts => ({ applicants: [], documents }) as unknown as PacketFacts;
const run = (f: PacketFacts) => einShapeRule.evaluate(f, einShapeRule.params);

describe('EIN shape', () => {
  it('flags an EIN printed with ten digits, and not one read whole or an unsure OCR read', () => {
    const w2 = (ein: [string, string | null]) => doc('w2-1', 'w2', { employer_ein: ein });
    const found = run(facts(w2(['01-23456789', null]))).findings;
    expect(found.map((f) => f.code)).toEqual(['invalid_ein']);
    expect(found[0]!.message).toContain('10 digits (01-23456789)');
    expect(run(facts(w2(['92-3824403', '92-3824403']))).findings).toEqual([]);
    const unsure = w2(['01-23456789', null]);
    unsure.fields.employer_ein = { ...unsure.fields.employer_ein!, source: 'ocr', confidence: 0.6 };
    expect(run(facts(unsure)).findings).toEqual([]);
  });
});
