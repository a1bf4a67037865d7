import { describe, expect, it } from 'vitest';
import { citationFor, citationQuery, citePassage, mappedCitation, PIPELINE_CITATIONS, quoteExcerpt, sectionNumber } from './finding-citations.js';
import { FindingCodes } from './findings.js';
import { CITATION_BY_CODE } from './rules/ruleset.js';

const PAY_STUBS =
  'Salaried and hourly borrowers must provide pay stubs covering the most recent 30 consecutive days of earnings. The most recent pay stub must be ' +
  'dated no more than 30 days before the application date; an older stub is stale and must be replaced with a current one. Each pay stub must show ' +
  "the borrower's name, the employer's name, the pay period, the pay date, the gross earnings for the period and the year-to-date gross earnings. " +
  'Handwritten pay stubs are not acceptable.';

describe('finding citations', () => {
  it('every finding code the pipeline or a rule raises maps to a section', () => {
    for (const code of Object.values(FindingCodes)) expect(mappedCitation(code), code).toBeDefined();
    expect(mappedCitation('illegible_page')).toEqual({ topic: 'Legibility and completeness', section: '3.2' });
    expect(mappedCitation('stale_pay_stub')).toEqual({ topic: 'Pay stubs', section: '4.2' });
    expect(mappedCitation('no_such_code')).toBeUndefined();
    // A rule's code keeps the rule's section, never the pipeline's.
    for (const code of Object.keys(PIPELINE_CITATIONS)) if (CITATION_BY_CODE[code]) expect(mappedCitation(code)).toBe(CITATION_BY_CODE[code]);
  });

  it("a finding's own citation wins over its code's", () => {
    expect(citationFor({ code: 'stale_pay_stub', citation: { topic: 'Overlay O3', section: 'O3' } })).toEqual({ topic: 'Overlay O3', section: 'O3' });
    expect(citationFor({ code: 'unreadable_document' })?.section).toBe('3.2');
  });

  it('the query is the topic and the message words, without figures, dates, quoted names or the section number', () => {
    const q = citationQuery(
      { topic: 'Pay stubs', section: '4.2' },
      "The borrower's most recent pay stub (pay stub (2026-01-20)) was 47 days old on 2026-03-08; the guideline allows 30 days. Obtain a current pay stub.",
    );
    expect(q.startsWith('Pay stubs. ')).toBe(true);
    expect(q).toContain('most recent pay stub');
    expect(q).not.toMatch(/\d/);
    expect(citationQuery({ topic: 'Employer consistency', section: '4.9' }, 'The application names the employer "Acme Corp", but the W-2 differs.')).not.toContain('Acme');
    expect(citationQuery({ topic: 'Legibility and completeness', section: '3.2' }, 'Required field pay_date not found on the Pay stub (earnings statement).')).toBe(
      'Legibility and completeness. Required field not found on the Pay stub .',
    );
    expect(citationQuery({ topic: 'Legibility and completeness', section: '3.2' }, 'Required field ssn not found on the Uniform Residential Loan Application.')).toBe(
      'Legibility and completeness. Required field not found on the Uniform Residential Loan Application.',
    );
    expect(citationQuery(undefined, 'x '.repeat(400)).length).toBeLessThanOrEqual(300);
  });

  it('reads the section number of the last heading', () => {
    expect(sectionNumber('4 Income > 4.2 Pay stubs')).toBe('4.2');
    expect(sectionNumber('3 Document age and integrity > 3.2 Legibility and completeness')).toBe('3.2');
    expect(sectionNumber('Sample Lender Overlay Bulletin 2026-02 > O3 Pay stubs from payroll services')).toBe('O3');
    expect(sectionNumber('7 Required documents')).toBe('7');
    expect(sectionNumber('Definitions')).toBeNull();
    expect(sectionNumber('4.20 Pay')).toBe('4.20');
  });

  it('quotes the sentence that best matches the finding, then what follows while it fits', () => {
    const quote = quoteExcerpt(PAY_STUBS, 'Pay stubs. most recent pay stub was days old; the guideline allows days. Obtain a current pay stub.', 200);
    expect(quote.startsWith('The most recent pay stub must be dated no more than 30 days before the application date')).toBe(true);
    expect(quote.length).toBeLessThanOrEqual(200);
    // No match: the passage's beginning; a long sentence is cut at a word with an ellipsis.
    expect(quoteExcerpt(PAY_STUBS, 'zzz', 60)).toBe('Salaried and hourly borrowers must provide pay stubs…');
    expect(quoteExcerpt('', 'x')).toBe('');
  });

  it('cites a retrieved passage with its source, section, page, quote and score', () => {
    const cited = citePassage(
      { sourceUri: 'file:///g/guide.md', title: 'Guide', sectionPath: '4 Income > 4.2 Pay stubs', page: 7, content: PAY_STUBS, score: 0.0325224748 },
      'pay stub dated days before application',
    );
    expect(cited).toEqual({
      source: 'file:///g/guide.md',
      title: 'Guide',
      section: '4.2',
      sectionPath: '4 Income > 4.2 Pay stubs',
      page: 7,
      excerpt: expect.stringMatching(/^The most recent pay stub must be dated no more than 30 days/),
      score: 0.032522,
    });
  });
});
