import { describe, expect, it } from 'vitest';
import { textPage } from '../core/test-support/text-page.js';
import { classifyDocument } from './classify-document.js';

const page = (lines: string[]) => textPage(lines);

describe('keyword classification over the catalog', () => {
  it('types an information return by its form name', () => {
    expect(classifyDocument([page(['Form 1099-INT Interest Income', "PAYER'S name First Larkspur Bank", '1 Interest income $212.40'])]).type).toBe('1099_int');
  });

  it('a 1096 transmittal names the 1099s it sums up but is none of them', () => {
    const transmittal = page(['Form 1096 Annual Summary and Transmittal of U.S. Information Returns', 'Enter an "X" in only one box below', '1099-INT 1099-MISC 1099-NEC']);
    expect(classifyDocument([transmittal]).type).toBe('unknown');
  });

  it('a declarations page says homeowners insurance only with a property word; a car policy is not one', () => {
    const home = page(['Homeowners Policy Declarations', 'Named Insured Jordan Sample', 'Coverage A - Dwelling $350,000', 'Annual premium $1,240.00']);
    const car = page(['DECLARATIONS PAGE (COVERAGE SUMMARY)', 'Named Insured Jordan Sample', 'Total Policy Premium (6 mo.) $512.00']);
    expect(classifyDocument([home]).type).toBe('insurance_declaration');
    expect(classifyDocument([car]).type).toBe('unknown');
  });

  it('keeps the evidence of a type that has no defining phrase on the page', () => {
    const summary = classifyDocument([page(['Account summary', 'Beginning balance $1,000.00', 'Deposits $200.00'])]);
    expect(summary.scores.bank_statement).toBe(0);
    expect(summary.evidence.bank_statement).toBeGreaterThan(0);
  });
});
