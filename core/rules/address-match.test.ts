import { describe, expect, it } from 'vitest';
import { addressesMatch, parseAddress } from './address-match.js';

describe('addressesMatch (guideline 2.5)', () => {
  it.each([
    ['4410 Juniper Court, Millbrook, PA 19990', '4410 JUNIPER CT, MILLBROOK, PA 19990'],
    ['4410 Juniper Court, Millbrook, PA 19990', '4410 Juniper Ct., Millbrook, Pennsylvania 19990-1234'],
    ['4410 Juniper Court, Millbrook, PA 19990', '4410 JUNIPER COURT'],
    ['77 Aster Bend Avenue, Goldmere, TX 75999', '77 Aster Bnd Ave Goldmere TX 75999'],
    ['12 North Harbor View Drive Apt 4, Fernvale, OR 97999', '12 N Harbor View Dr, Fernvale, OR 97999'],
    ['12 Harbor View Drive #4, Fernvale, OR 97999', '12 Harbor View Drive Apartment 4, Fernvale, OR 97999'],
    ['981 Wren Hollow Street, Eastwick, OH 44999', '981 Wren Holow Street, Eastwick, OH 44999'],
    // OCR merges and splits glyphs: "rn" read as "m", "w" as "vv".
    ['60 Cornwall Meadow Road, Eastwick, OH 44999', '60 Comwall Meadow Road, Eastwick, OH 44999'],
    ['60 Cornwall Meadow Road, Eastwick, OH 44999', '60 Cornwall Meadovv Road, Eastwick, OH 44999'],
  ])('%s ~ %s', (a, b) => {
    expect(addressesMatch(a, b)).toBe(true);
    expect(addressesMatch(b, a)).toBe(true);
  });

  it.each([
    ['4410 Juniper Court, Millbrook, PA 19990', '4411 Juniper Court, Millbrook, PA 19990'],
    ['4410 Juniper Court, Millbrook, PA 19990', '4410 Juniper Street, Millbrook, PA 19990'],
    ['4410 Juniper Court, Millbrook, PA 19990', '4410 Juniper Court, Millbrook, PA 19991'],
    ['4410 Juniper Court, Millbrook, PA 19990', '518 Quarry Hill Way, Cedar Bluff, NC 27999'],
    ['4410 Juniper Court, Millbrook, PA 19990', 'PO Box 12, Millbrook, PA 19990'],
    ['4410 Juniper Court, Millbrook, PA 19990', '518 QUARRY HILL WAY'],
  ])('%s !~ %s', (a, b) => {
    expect(addressesMatch(a, b)).toBe(false);
  });

  it('read by OCR, a house number one digit off, two digits OCR confuses, or a ZIP alone is a misread, not another address', () => {
    const ocr = { maxEdits: 1, minLengthForEdits: 5, ocr: true };
    expect(addressesMatch('3006 Wren Hollow Street, Fernvale, OR 97999', '3606 Wren Hollow Street, Fernvale, OR 97999', ocr)).toBe(true);
    expect(addressesMatch('4116 Cinder Point Road, Millbrook, PA 19990', '4116 Cinder Point Road, Millbrook, PA 19998', ocr)).toBe(true);
    expect(addressesMatch('9076 Quarry Hill Way, Goldmere, TX 75999', '2076 Quarry Hill Way, Goldmere, TX 75977', ocr)).toBe(true);
    expect(addressesMatch('9426 Larkspur Lane, Eastwick, OH 44999', '7926 Larkspur Lane, Eastwick, OH 44999', ocr)).toBe(true);
    // Another street, or a house number two digits off that OCR does not confuse, is still another address.
    expect(addressesMatch('4410 Juniper Court, Millbrook, PA 19990', '518 Quarry Hill Way, Millbrook, PA 19990', ocr)).toBe(false);
    expect(addressesMatch('4714 Aster Bend Avenue, Eastwick, OH 44999', '5713 Aster Bend Avenue, Eastwick, OH 44999', ocr)).toBe(false);
    expect(addressesMatch('4410 Juniper Court, Millbrook, PA 19990', '4410 Juniper Street, Millbrook, PA 19991', ocr)).toBe(false);
  });

  it('is undefined when a side is no address', () => {
    expect(addressesMatch('', '4410 Juniper Court')).toBeUndefined();
    expect(parseAddress('4410 Juniper Court, Millbrook, PA 19990')).toMatchObject({ street: ['4410', 'juniper', 'ct'], zip: '19990' });
  });
});
