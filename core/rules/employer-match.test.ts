import { describe, expect, it } from 'vitest';
import { employersMatch } from './employer-match.js';

describe('employersMatch (guideline 4.9)', () => {
  it.each([
    ['Cobalt Ridge Logistics Inc.', 'COBALT RIDGE LOGISTICS'],
    ['Cobalt Ridge Logistics Inc.', 'Cobalt Ridge Logistics, Incorporated'],
    ['Northwind Harbor Supply LLC', 'Northwind Harbor Supply'],
    ['Meridian Fieldworks Co.', 'The Meridian Fieldworks Company'],
    ['Silverpine Dental Group', 'Silverpine Dental'],
    ['Johnson & Johnson', 'Johnson and Johnson'],
    ['International Business Machines Corp', 'IBM'],
    ['Granite Spur Medical Center', 'Granite Spur Medcal Center'],
  ])('%s ~ %s', (a, b) => {
    expect(employersMatch(a, b)).toBe(true);
    expect(employersMatch(b, a)).toBe(true);
  });

  it.each([
    ['Cobalt Ridge Logistics Inc.', 'Copperleaf Software Corp.'],
    ['Granite Spur Medical Center', 'Medical Center'],
    ['First Larkspur Bank', 'First National Bank'],
    ['Bluefen Analytics Ltd.', 'Tidewater Municipal Schools'],
  ])('%s !~ %s', (a, b) => {
    expect(employersMatch(a, b)).toBe(false);
  });

  it('with an OCR\'d side (longTokenEdits), a long word may be two edits off; short words and other names still differ', () => {
    const ocr = { maxEdits: 1, minLengthForEdits: 5, longTokenEdits: 2 };
    expect(employersMatch('Tidewater Municipal Schools', 'Tidewater Municipal Sehoole')).toBe(false);
    expect(employersMatch('Tidewater Municipal Schools', 'Tidewater Municipal Sehoole', ocr)).toBe(true);
    expect(employersMatch('Bluefen Analytics Ltd.', 'Tidewater Municipal Schools', ocr)).toBe(false);
    expect(employersMatch('Cobalt Ridge Logistics Inc.', 'Copperleaf Software Corp.', ocr)).toBe(false);
  });

  it('is undefined when nothing but legal words remain', () => {
    expect(employersMatch('Inc.', 'Cobalt Ridge')).toBeUndefined();
  });
});
