import { describe, expect, it } from 'vitest';
import type { PageText } from '../core/page.js';
import { cellPage } from '../core/test-support/text-page.js';
import { CLEAR_PAGE, contradictions, SURE_SHOWN } from './text-layer-check.js';

/** An OCR read of cells, every word and the page read with `confidence`. */
function ocrRead(rows: Parameters<typeof cellPage>[0], confidence = 0.95): PageText {
  const page = cellPage(rows, 'ocr');
  for (const l of page.lines) for (const w of l.words) w.confidence = confidence;
  return { ...page, confidence };
}

const LAYER = cellPage([
  { y: 0.2, cells: [{ x: 0.1, text: 'Gross Pay' }, { x: 0.6, text: '2,345.67' }] },
  { y: 0.25, cells: [{ x: 0.1, text: 'Net Pay' }, { x: 0.6, text: '1,804.12' }] },
]);

describe('contradictions: a text layer held against what the page shows', () => {
  it('finds none when OCR reads the same figures, in one word or split in two', () => {
    expect(contradictions(LAYER, ocrRead([
      { y: 0.2, cells: [{ x: 0.1, text: 'Gross Pay' }, { x: 0.6, text: '2,345.67' }] },
      { y: 0.25, cells: [{ x: 0.1, text: 'Net Pay' }, { x: 0.6, text: '1,804. 12' }] },
    ]))).toEqual([]);
  });

  it('finds a figure the page shows otherwise, read surely in its place', () => {
    const found = contradictions(LAYER, ocrRead([
      { y: 0.2, cells: [{ x: 0.1, text: 'Gross Pay' }, { x: 0.6, text: '9,345.67' }] },
      { y: 0.25, cells: [{ x: 0.1, text: 'Net Pay' }, { x: 0.6, text: '1,804.12' }] },
    ]));
    expect(found).toEqual([{ layer: '2,345.67', shown: '9,345.67', bbox: LAYER.lines[0]!.words[2]!.bbox }]);
  });

  it('an invisible figure laid over a visible one is caught by the visible one under it', () => {
    // The text layer holds both: the visible 2,345.67 and an invisible 9,345.67 in the same place.
    const layer = cellPage([{ y: 0.2, cells: [{ x: 0.1, text: 'Gross Pay' }, { x: 0.6, text: '2,345.67' }] }, { y: 0.2005, cells: [{ x: 0.6, text: '9,345.67' }] }]);
    const found = contradictions(layer, ocrRead([{ y: 0.2, cells: [{ x: 0.1, text: 'Gross Pay' }, { x: 0.6, text: '2,345.67' }] }]));
    expect(found.map((f) => [f.layer, f.shown])).toEqual([['9,345.67', '2,345.67']]);
  });

  it('finds a figure where a clearly read page shows nothing, but not on a page read unclearly', () => {
    const shown = [{ y: 0.2, cells: [{ x: 0.1, text: 'Gross Pay' }, { x: 0.6, text: '2,345.67' }] }, { y: 0.25, cells: [{ x: 0.1, text: 'Net Pay' }] }];
    expect(contradictions(LAYER, ocrRead(shown, CLEAR_PAGE + 0.05)).map((f) => [f.layer, f.shown])).toEqual([['1,804.12', undefined]]);
    expect(contradictions(LAYER, ocrRead(shown, CLEAR_PAGE - 0.05))).toEqual([]);
  });

  it('takes an unsure OCR read of another figure for no evidence either way', () => {
    const shown = ocrRead([{ y: 0.2, cells: [{ x: 0.1, text: 'Gross Pay' }, { x: 0.6, text: '2,845.67' }] }, { y: 0.25, cells: [{ x: 0.1, text: 'Net Pay' }, { x: 0.6, text: '1,804.12' }] }]);
    shown.lines[0]!.words[2]!.confidence = SURE_SHOWN - 0.1;
    expect(contradictions(LAYER, shown)).toEqual([]);
  });
});
