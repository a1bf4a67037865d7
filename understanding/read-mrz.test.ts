import { describe, expect, it } from 'vitest';
import { textPage } from '../core/test-support/text-page.js';
import { checkDigit, mrzName, readMrz } from './read-mrz.js';

const page = (lines: string[]) => textPage(lines, { source: 'ocr' });

// ICAO Doc 9303's specimen data page (the fictional Anna Maria Eriksson of Utopia).
const LINE_2 = 'L898902C36UTO7408122F1204159ZE184226B<<<<<10';

describe('readMrz (ICAO 9303 TD3)', () => {
  it('computes the 7-3-1 check digit', () => {
    expect(checkDigit('740812')).toBe(2);
    expect(checkDigit('120415')).toBe(9);
    expect(checkDigit('L898902C3')).toBe(6);
  });

  it("reads number, nationality, birth, sex and expiry from the zone's second line, and the name from the first", () => {
    expect(readMrz([page(['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', LINE_2])])).toEqual({
      name: 'ERIKSSON ANNA MARIA',
      nameLine: 0,
      documentNumber: 'L898902C3',
      nationality: 'UTO',
      dateOfBirth: '1974-08-12',
      expiry: '2012-04-15',
      sex: 'F',
      page: 1,
      line: 1,
    });
  });

  it('takes back what OCR reads in OCR-B where the place says digit or letter, and spaces it put in', () => {
    expect(readMrz([page(['L898902C36UT0 74O8122F12O4159ZE184226B<<<<<K10'])])).toMatchObject({ nationality: 'UTO', dateOfBirth: '1974-08-12', expiry: '2012-04-15' });
  });

  it('takes no zone whose dates fail their check digits (a misread, or a line that only looks like one)', () => {
    expect(readMrz([page(['L898902C36UTO7408132F1204159ZE184226B<<<<<10'])])).toBeUndefined();
    expect(readMrz([page(['Reference 1234567890 ABC 7408122 X 1204159'])])).toBeUndefined();
  });
});

describe("the holder's name from the zone's first line", () => {
  it('reads surname and given names, with fillers OCR read as letters cut off, and nothing from other lines', () => {
    expect(mrzName('P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<')).toBe('ERIKSSON ANNA MARIA');
    expect(mrzName('P<BDRMUSTERMANN<<ERIKA<Z< <<<<<')).toBe('MUSTERMANN ERIKA');
    expect(mrzName('P<GBRMICHAEL<<JOHN<LLLLLLKLCL')).toBe('MICHAEL JOHN');
    expect(mrzName('L898902C36UT07408122F1204159ZE184226B<<<<<10')).toBeUndefined();
    expect(mrzName('P<GBRPUDARSANK<HENERTK<<<KLLLLLLLL')).toBeUndefined();
  });
});
