import { describe, expect, it } from 'vitest';
import { namesMatch, nameReadings, splitHolders } from './name-match.js';

describe('namesMatch (guideline 2.2)', () => {
  it.each([
    ['Avery Quinlan', 'AVERY QUINLAN'],
    ['Avery Quinlan', 'Avery J. Quinlan'],
    ['Avery J Quinlan', 'Avery James Quinlan'],
    ['Avery Quinlan', 'Avery Quinlan Jr.'],
    ['Avery Quinlan III', 'Avery Quinlan'],
    ['Avery Quinlan, Jr.', 'AVERY J QUINLAN'],
    ['Avery Quinlan', 'QUINLAN, AVERY J'],
    ['Quinlan Jr., Avery', 'Avery Quinlan'],
    ['Avery Quinlan', 'QUINLAN AVERY J'],
    ['Noor Okonkwo-Reyes', 'OKONKWO - REYES, NOOR'],
    ['Noor Okonkwo-Reyes', 'Noor Okonkwo Reyes'],
    ['Mary Van Buren', 'VAN BUREN, MARY'],
    ["Liam O'Brien", 'LIAM OBRIEN'],
    ['José Marchetti', 'Jose Marchetti'],
    ['Avery Quinlan', 'Avery Qu1nlan'],
    ['Beatrix Thistlewood', 'Beatrix Thistlewod'],
    ['Dr. Avery Quinlan', 'Avery Quinlan'],
  ])('%s ~ %s', (a, b) => {
    expect(namesMatch(a, b)).toBe(true);
    expect(namesMatch(b, a)).toBe(true);
  });

  it.each([
    ['Avery Quinlan', 'Rowan Quinlan'],
    ['Avery Quinlan', 'Avery Pelliday'],
    ['Avery J Quinlan', 'Avery K Quinlan'],
    ['Avery James Quinlan', 'Avery John Quinlan'],
    ['Ann Szabo', 'Amy Szabo'],
    ['Avery Quinlan', 'A. Quinlan'],
    ['Avery Quinlan', 'Quinlan'],
    ['Avery Quinlan', ''],
  ])('%s !~ %s', (a, b) => {
    expect(namesMatch(a, b)).toBe(false);
  });

  it('tolerates no OCR edits when asked', () => {
    expect(namesMatch('Avery Quinlan', 'Avery Quinlen', { maxEdits: 0, minLengthForEdits: 5 })).toBe(false);
    expect(namesMatch('Avery Quinlan', 'Avery Quinlen')).toBe(true);
  });

  it('reads "LAST, FIRST M" as such', () => {
    expect(nameReadings('QUINLAN, AVERY J')).toEqual([{ first: 'avery', middles: ['j'], last: 'quinlan' }]);
    expect(nameReadings('Quinlan')).toEqual([]);
  });

  it('splits joint account holders', () => {
    expect(splitHolders('Avery Quinlan and Rowan Quinlan')).toEqual(['Avery Quinlan', 'Rowan Quinlan']);
    expect(splitHolders('AVERY QUINLAN & ROWAN QUINLAN')).toEqual(['AVERY QUINLAN', 'ROWAN QUINLAN']);
    expect(splitHolders('Mateo Anderson')).toEqual(['Mateo Anderson']);
  });
});

describe('namesMatch with an OCR side (ocrGlyphs)', () => {
  const ocr = { maxEdits: 1, minLengthForEdits: 5, longTokenEdits: 2, ocrGlyphs: true };
  it("takes the thin strokes OCR swaps (i, l, t) as one letter: 'loblas' is Tobias, not on print", () => {
    expect(namesMatch('Tobias Dunmore', 'loblas Dunmere')).toBe(false);
    expect(namesMatch('Tobias Dunmore', 'loblas Dunmere', ocr)).toBe(true);
    // Other letters still count, and other names still differ.
    expect(namesMatch('Tobias Dunmore', 'Mobras Dunmore', ocr)).toBe(false);
    expect(namesMatch('Tobias Dunmore', 'Rowan Dunmore', ocr)).toBe(false);
  });
});
