import { describe, expect, it } from 'vitest';
import { cellPage as page } from '../core/test-support/text-page.js';
import { findAddressBlocks } from './address-blocks.js';

describe('mailing blocks by shape and alignment', () => {
  it('reads a three-line block beside another column, and a name over a one-line address', () => {
    const blocks = findAddressBlocks([
      page([
        { y: 0.12, cells: [{ x: 0.09, text: 'TATUM YARBOROUGH' }, { x: 0.56, text: 'Account Number XXXXXX6918' }] },
        { y: 0.137, cells: [{ x: 0.09, text: '2702 LARKSPUR LANE' }, { x: 0.56, text: 'Statement Closing Date Jun 3, 2026' }] },
        { y: 0.152, cells: [{ x: 0.09, text: 'MILLBROOK PA 19990' }, { x: 0.56, text: 'Previous Balance $16,483.50' }] },
        { y: 0.3, cells: [{ x: 0.07, text: 'Tidewater Municipal Schools' }] },
        { y: 0.316, cells: [{ x: 0.07, text: '1635 Quarry Hill Way, Eastwick, OH 44999' }] },
        { y: 0.5, cells: [{ x: 0.07, text: 'Total 2 items' }] },
        { y: 0.516, cells: [{ x: 0.07, text: 'Springfield, IL 62701' }] },
      ]),
    ]);
    expect(blocks.map((b) => [b.name, b.address])).toEqual([
      ['TATUM YARBOROUGH', '2702 LARKSPUR LANE, MILLBROOK, PA 19990'],
      ['Tidewater Municipal Schools', '1635 Quarry Hill Way, Eastwick, OH 44999'],
    ]);
  });
});
