import { describe, expect, it } from 'vitest';
import { mergeRoutedFields, routeFields } from './llm-router.js';

const wanted = ['employer_name', 'wages', 'tax_year', 'ssn'];

describe('routeFields', () => {
  it('keeps confident rule fields and sends missing and unsure ones, with the pages they need', () => {
    const decision = routeFields({
      wanted,
      pages: [1, 2, 3],
      layoutKnown: true,
      threshold: 0.8,
      ruleFields: [
        { name: 'employer_name', found: true, confidence: 0.95, page: 1 },
        { name: 'wages', found: true, confidence: 0.6, page: 2 },
        { name: 'tax_year', found: true, confidence: 0.8, page: 1 },
      ],
    });
    expect(decision).toEqual({
      useLlm: true,
      llmFields: [
        { name: 'wages', reason: 'low_confidence' },
        { name: 'ssn', reason: 'missing' },
      ],
      ruleFields: ['employer_name', 'tax_year'],
      pages: [1, 2, 3],
    });
  });

  it('sends only the unsure field’s page when nothing is missing', () => {
    const decision = routeFields({
      wanted: ['employer_name', 'wages'],
      pages: [1, 2, 3],
      layoutKnown: true,
      threshold: 0.8,
      ruleFields: [
        { name: 'employer_name', found: true, confidence: 0.9, page: 1 },
        { name: 'wages', found: true, confidence: 0.5, page: 3 },
      ],
    });
    expect(decision.pages).toEqual([3]);
    expect(decision.llmFields).toEqual([{ name: 'wages', reason: 'low_confidence' }]);
  });

  it('sends every field and page (up to maxPages) for an unknown layout', () => {
    const decision = routeFields({
      wanted,
      pages: [4, 1, 2, 3],
      layoutKnown: false,
      threshold: 0.8,
      maxPages: 2,
      ruleFields: [{ name: 'employer_name', found: true, confidence: 1, page: 1 }],
    });
    expect(decision.llmFields.map((f) => f.reason)).toEqual(['unknown_layout', 'unknown_layout', 'unknown_layout', 'unknown_layout']);
    expect(decision.ruleFields).toEqual([]);
    expect(decision.pages).toEqual([1, 2]);
  });

  it('does not use the LLM when the rules are sure of everything', () => {
    const decision = routeFields({
      wanted: ['wages'],
      pages: [1],
      layoutKnown: true,
      threshold: 0.8,
      ruleFields: [{ name: 'wages', found: true, confidence: 0.99, page: 1 }],
    });
    expect(decision).toEqual({ useLlm: false, llmFields: [], ruleFields: ['wages'], pages: [] });
  });
});

describe('mergeRoutedFields', () => {
  it('takes grounded LLM values for routed fields and keeps rule values otherwise, saying which path', () => {
    const decision = routeFields({
      wanted: ['a', 'b', 'c', 'd'],
      pages: [1],
      layoutKnown: true,
      threshold: 0.8,
      ruleFields: [
        { name: 'a', found: true, confidence: 0.9, page: 1 },
        { name: 'b', found: true, confidence: 0.3, page: 1 },
        { name: 'c', found: true, confidence: 0.3, page: 1 },
      ],
    });
    const merged = mergeRoutedFields(
      decision,
      [{ name: 'a' }, { name: 'b' }, { name: 'c' }],
      [
        { name: 'b', value: '52,300.00', grounded: true },
        { name: 'c', value: 'invented', grounded: false },
        { name: 'd', value: null, grounded: false },
      ],
    );
    expect(merged.map((m) => [m.name, m.path])).toEqual([
      ['a', 'rules'],
      ['b', 'llm'],
      ['c', 'rules'],
    ]);
  });
});
