import { describe, expect, it } from 'vitest';
import { composeBorrowerRequest, formatBorrowerRequest, type RequestFinding } from './borrower-request.js';

const finding = (code: string, over: Partial<RequestFinding> = {}): RequestFinding => ({
  findingId: `${code}:x`,
  code,
  message: '',
  documentIds: [],
  evidence: [],
  ...over,
});

const documents = [
  { documentId: 'app', filename: 'application.pdf', type: 'urla_1003' },
  { documentId: 'stub', filename: 'paystub.pdf', type: 'pay_stub' },
  { documentId: 'w2', filename: 'w2-2025.pdf', type: 'w2' },
  { documentId: 'bank', filename: 'bank-march.pdf', type: 'bank_statement' },
  { documentId: 'scan', filename: 'scan.jpg', type: null },
];

describe('composeBorrowerRequest', () => {
  it('asks for nothing when the findings need nothing from the borrower', () => {
    const internal = ['missing_field', 'low_ocr_confidence', 'unclassified_document', 'ssn_mismatch', 'income_mismatch', 'dob_mismatch'].map((c) => finding(c));
    expect(composeBorrowerRequest(internal, documents)).toEqual([]);
    expect(composeBorrowerRequest([])).toEqual([]);
    expect(formatBorrowerRequest([])).toBe('');
  });

  it('lists missing, stale, unreadable and unsigned items in plain language, each with its section, in guideline order', () => {
    const items = composeBorrowerRequest(
      [
        finding('missing_document', { findingId: 'missing_document:w2', citation: { topic: 'Missing documents', section: '7.3' } }),
        finding('stale_pay_stub', {
          findingId: 'stale_pay_stub:stub',
          documentIds: ['stub'],
          message: "The borrower's most recent pay stub (pay stub (2026-01-20)) was 47 days old on the application date; the guideline allows 30 days.",
        }),
        finding('unsigned_application', { findingId: 'unsigned_application:app', documentIds: ['app'] }),
        finding('undated_application', { findingId: 'undated_application:app', documentIds: ['app'] }),
        finding('unreadable_document', { findingId: 'unreadable_document:scan', documentIds: ['scan'] }),
        finding('illegible_page', { findingId: 'illegible_page:bank', documentIds: ['bank'], evidence: [{ documentId: 'bank', page: 2 }] }),
      ],
      documents,
    );
    expect(items.map((i) => [i.itemId, i.kind, i.section])).toEqual([
      ['replacement:file:scan', 'replacement', '3.2'],
      ['replacement:pages:bank:2', 'replacement', '3.2'],
      ['signature:application', 'signature', '3.4'],
      ['replacement:pay_stub', 'replacement', '4.2'],
      ['document:w2', 'document', '7.3'],
    ]);
    const text = Object.fromEntries(items.map((i) => [i.itemId, i.text]));
    expect(text['document:w2']).toBe('Your W-2: it is not in your file. Please send it.');
    expect(text['replacement:pay_stub']).toContain('dated within 30 days of your application');
    expect(text['replacement:file:scan']).toContain('"scan.jpg"');
    expect(text['replacement:pages:bank:2']).toBe('A clear, complete copy of page 2 of the file "bank-march.pdf": it cannot be read.');
    // Unsigned and undated application: one item answering both findings.
    expect(items.find((i) => i.kind === 'signature')!.findingIds).toEqual(['unsigned_application:app', 'undated_application:app']);
    expect(formatBorrowerRequest(items)).toMatch(/^To continue with your application, please send us:\n1\. A new copy of the file "scan\.jpg": .* \(guideline 3\.2, Legibility and completeness\)\n2\. A clear/);
  });

  it('asks for a signed letter of explanation for mismatches and red flags the borrower can explain', () => {
    const items = composeBorrowerRequest(
      [
        finding('address_mismatch', { documentIds: ['app', 'bank'] }),
        finding('employer_mismatch', { documentIds: ['app', 'stub', 'w2'] }),
        finding('large_deposit', { documentIds: ['bank'], evidence: [{ documentId: 'bank', field: 'transactions', value: '2026-03-02 8000.00' }] }),
        finding('nsf_overdraft', { documentIds: ['bank'] }),
        finding('name_mismatch', { documentIds: ['app', 'w2'] }),
      ],
      documents,
    );
    expect(items.map((i) => [i.kind, i.section])).toEqual([
      ['document', '2.2'],
      ['explanation', '2.5'],
      ['explanation', '4.9'],
      ['explanation', '5.2'],
      ['explanation', '5.3'],
    ]);
    const [name, address, employer, deposit] = items.map((i) => i.text);
    expect(name).toContain('the name on your W-2 differs from your application');
    expect(address).toBe(
      'A signed and dated letter of explanation of why the address on your bank statement differs from the current address on your application (for example a recent move or a mailing address).',
    );
    expect(employer).toContain('the one on your pay stub and W-2');
    expect(deposit).toContain('the deposit of $8,000.00 on 2026-03-02');
  });

  it('is deterministic and merges findings that ask for the same thing', () => {
    const stale = (id: string) => finding('stale_pay_stub', { findingId: id, message: 'allows 30 days' });
    const a = composeBorrowerRequest([stale('stale_pay_stub:a'), stale('stale_pay_stub:b')]);
    expect(a).toHaveLength(1);
    expect(a[0]!.findingIds).toEqual(['stale_pay_stub:a', 'stale_pay_stub:b']);
    expect(composeBorrowerRequest([stale('stale_pay_stub:a'), stale('stale_pay_stub:b')])).toEqual(a);
  });
});
