import { describe, expect, it } from 'vitest';
import { CATALOG, DOCUMENT_TYPES } from './index.js';
import { DEFINING_WEIGHT } from './spec.js';

describe('the document catalog', () => {
  it('names each type once, and ends with the reject option', () => {
    expect(new Set(DOCUMENT_TYPES).size).toBe(DOCUMENT_TYPES.length);
    expect(DOCUMENT_TYPES.at(-1)).toBe('unknown');
    expect(CATALOG.length).toBeGreaterThanOrEqual(33);
  });

  it.each(CATALOG.map((s) => [s.type, s] as const))('%s: a defining signal, unique field names, income with its period', (_type, spec) => {
    expect(spec.signals.some((s) => s.weight >= DEFINING_WEIGHT)).toBe(true);
    const names = spec.fields.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const f of spec.fields) {
      if (f.period) expect(f.role).toBe('income');
      if (f.role === 'income') expect(f.period).toBeDefined();
    }
  });
});
