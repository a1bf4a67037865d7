import { describe, expect, it } from 'vitest';
import { maskSsn, normalizeDate, normalizeMoney, normalizeSsn, normalizeYear } from './normalize.js';

describe('normalizers', () => {
  it.each([
    ['$ 7,500.00', '7500.00'],
    ['$7500', '7500.00'],
    ['1,234,567.8', '1234567.80'],
    ['(1,234.50)', '-1234.50'],
    ['-$42.10', '-42.10'],
  ])('money %s -> %s', (input, expected) => expect(normalizeMoney(input)).toBe(expected));

  it('money rejects text without digits', () => expect(normalizeMoney('n/a')).toBeNull());

  it('money refuses a house number before its street, and keeps an amount before words', () => {
    expect(normalizeMoney('1635 Quarry Hill Way')).toBeNull();
    expect(normalizeMoney('$1,635.00 per month')).toBe('1635.00');
  });

  it('money takes one amount out of words around it, and refuses what is not one amount', () => {
    expect(normalizeMoney('base salary is $81,234.00. Employment is active')).toBe('81234.00');
    expect(normalizeMoney('S3,461.54')).toBe('3461.54');
    for (const notMoney of ['994-13-9629', '03/15/2026', '1,234.56 2,345.67']) expect(normalizeMoney(notMoney)).toBeNull();
  });

  it.each([
    ['03/15/2026', '2026-03-15'],
    ['2026-3-5', '2026-03-05'],
    ['March 15, 2026', '2026-03-15'],
    ['15 Mar 2026', '2026-03-15'],
    ['14 JAN /JAN 23', '2023-01-14'],
    ['20 Juin/Jun 1978', '1978-06-20'],
    ['22 APR /AVR 17', '2017-04-22'],
    ['01 JAN /JAN 85', '1985-01-01'],
  ])('date %s -> %s', (input, expected) => expect(normalizeDate(input)).toBe(expected));

  it('date rejects impossible months and plain numbers', () => {
    expect(normalizeDate('13/01/2026')).toBeNull();
    expect(normalizeDate('2026')).toBeNull();
    // OCR's 2026 read as 2626, 2027 as 1207: no loan document is dated outside 1900-2100.
    expect(normalizeDate('05/19/2626')).toBeNull();
    expect(normalizeDate('1207-11-15')).toBeNull();
  });

  it('ssn and year', () => {
    expect(normalizeSsn('SSN 900 12 3456')).toBe('900-12-3456');
    expect(normalizeSsn('910-35.4288')).toBe('910-35-4288');
    expect(normalizeSsn('12-345')).toBeNull();
    expect(normalizeYear('Tax year 2025')).toBe('2025');
    expect(maskSsn('900-12-3456')).toBe('***-**-3456');
  });
});
