import { describe, expect, it } from 'vitest';
import { addressConsistencyRule } from './address-consistency.js';
import { dobConsistencyRule } from './dob-consistency.js';
import { consistentPacket, doc, docById, setField } from './consistent-packet.js';
import { idExpirationRule } from './id-expiration.js';
import { nameConsistencyRule } from './name-consistency.js';
import type { PacketFacts } from './packet-facts.js';
import type { Rule } from './rule.js';
import { ssnConsistencyRule } from './ssn-consistency.js';

const run = <P extends object>(rule: Rule<P>, facts: PacketFacts, params: Partial<P> = {}) => rule.evaluate(facts, { ...rule.params, ...params });

/** A co-borrower's own W-2 and pay stub: other name, other SSN, other employer, other income. */
function withCoBorrowerDocs(facts: PacketFacts): PacketFacts {
  facts.documents.push(
    doc('co-w2', 'w2', { tax_year: '2025', employer_name: 'Silverpine Dental Group', employee_name: 'ROWAN M QUINLAN', employee_ssn: '923-45-6789', wages: ['41,000.00', '41000.00'] }),
    doc('co-stub', 'pay_stub', {
      employer_name: 'Silverpine Dental Group',
      employee_name: 'Quinlan, Rowan',
      pay_date: ['2026-03-10', '2026-03-10'],
      gross_pay_current: ['1,600.00', '1600.00'],
      gross_pay_ytd: ['9,600.00', '9600.00'],
    }),
  );
  return facts;
}

describe('name-consistency (2.2)', () => {
  it('is quiet on initials, suffixes, "LAST, FIRST" order and a co-borrower\'s own documents', () => {
    expect(run(nameConsistencyRule, withCoBorrowerDocs(consistentPacket())).findings).toEqual([]);
  });

  it('flags a W-2 in another person\'s name, once, with the application and the W-2 as evidence', () => {
    const facts = setField(consistentPacket(), 'w2-2025', 'employee_name', 'Desmond Pelliday');
    const [f, ...rest] = run(nameConsistencyRule, facts).findings;
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ code: 'name_mismatch', findingId: 'name_mismatch:urla,w2-2025', documentIds: ['urla', 'w2-2025'], citation: { section: '2.2' } });
    expect(f!.message).toMatch(/W-2 \(2025\)/);
    expect(f!.message).not.toMatch(/Pelliday|Quinlan/);
    expect(f!.evidence.map((e) => [e.documentId, e.field])).toEqual([
      ['urla', 'borrower_name'],
      ['w2-2025', 'employee_name'],
    ]);
    expect(f!.evidence[1]!.bbox).toBeDefined();
  });

  it('flags a different middle initial and a different first name, not a missing middle name', () => {
    expect(run(nameConsistencyRule, setField(consistentPacket(), 'stub-1', 'employee_name', 'Avery K Quinlan')).findings).toHaveLength(0);
    const facts = setField(setField(consistentPacket(), 'urla', 'borrower_name', 'Avery J Quinlan'), 'stub-1', 'employee_name', 'Avery K Quinlan');
    expect(run(nameConsistencyRule, facts).findings.map((f) => f.documentIds)).toEqual([['stub-1', 'urla']]);
    expect(run(nameConsistencyRule, setField(consistentPacket(), 'id', 'full_name', 'QUINLAN, TATUM')).findings).toHaveLength(1);
  });

  it('accepts any holder of a joint account', () => {
    expect(run(nameConsistencyRule, setField(consistentPacket(), 'bank-feb', 'account_holder', 'Rowan Quinlan and Avery Quinlan')).findings).toEqual([]);
  });

  it('skips documents whose name was not read; with the borrower unknown, holds the documents to each other', () => {
    expect(run(nameConsistencyRule, setField(consistentPacket(), 'w2-2025', 'employee_name', undefined)).findings).toEqual([]);
    const facts = setField(consistentPacket(), 'urla', 'borrower_name', undefined);
    facts.applicants = [];
    const out = run(nameConsistencyRule, facts);
    expect(out.findings).toEqual([]);
    expect(out.skipped).toEqual([]);
  });

  it('also accepts the packet event\'s borrower when the application\'s name reads differently', () => {
    const facts = setField(consistentPacket(), 'urla', 'borrower_name', 'Avry Qinlan');
    expect(run(nameConsistencyRule, facts).findings).toEqual([]);
    facts.applicants = [];
    expect(run(nameConsistencyRule, facts).findings).toHaveLength(1);
  });

  it('falls back to the packet\'s applicants when the application name was not read', () => {
    const facts = setField(consistentPacket(), 'urla', 'borrower_name', undefined);
    expect(run(nameConsistencyRule, facts).findings).toEqual([]);
    expect(run(nameConsistencyRule, setField(facts, 'voe', 'employee_name', 'Tatum Szabo')).findings.map((f) => f.documentIds)).toEqual([['urla', 'voe']]);
  });
});

describe('ssn-consistency (2.3)', () => {
  it('is quiet when the W-2s carry the application\'s SSN (any spacing) and the co-borrower\'s W-2 the co-borrower\'s', () => {
    expect(run(ssnConsistencyRule, withCoBorrowerDocs(consistentPacket())).findings).toEqual([]);
  });

  it('flags one digit off, critical, showing only last fours', () => {
    const facts = setField(consistentPacket(), 'w2-2024', 'employee_ssn', '912-34-5679');
    const [f] = run(ssnConsistencyRule, facts).findings;
    expect(f).toMatchObject({ code: 'ssn_mismatch', severity: 'critical', documentIds: ['urla', 'w2-2024'], citation: { section: '2.3' } });
    expect(f!.message).toContain('***-**-5679');
    expect(f!.message).toContain('***-**-5678');
    expect(f!.message).not.toMatch(/912/);
    expect(f!.evidence.every((e) => !e.value || e.value.startsWith('***-**-'))).toBe(true);
  });

  it('says which hidden digits differ when the last fours agree, without showing them', () => {
    const facts = setField(consistentPacket(), 'w2-2024', 'employee_ssn', '913-35-5678');
    const [f] = run(ssnConsistencyRule, facts).findings;
    expect(f!.message).toContain('shows ***-**-5678 where the application gives the borrower ***-**-5678 (the last four agree; digits 3 and 5 of 9 differ)');
    expect(f!.message).not.toMatch(/91[23]/);
  });

  it('takes one digit off as an OCR misread when either number was read by OCR, but not two', () => {
    const facts = setField(consistentPacket(), 'w2-2024', 'employee_ssn', '912-34-5679');
    docById(facts, 'w2-2024').fields.employee_ssn!.source = 'ocr';
    expect(run(ssnConsistencyRule, facts).findings).toEqual([]);
    setField(facts, 'w2-2024', 'employee_ssn', '912-34-5699');
    docById(facts, 'w2-2024').fields.employee_ssn!.source = 'ocr';
    expect(run(ssnConsistencyRule, facts).findings.map((f) => f.code)).toEqual(['ssn_mismatch']);
  });

  it('takes two digits OCR confuses, on a number OCR read, for a misread; two others for another number', () => {
    // 912-34-5678 read as 712-39-5678: 9/7 and 4/9, digits OCR takes for one another.
    const facts = setField(consistentPacket(), 'w2-2024', 'employee_ssn', '712-39-5678');
    expect(run(ssnConsistencyRule, facts).findings.map((f) => f.code)).toEqual(['ssn_mismatch']);
    docById(facts, 'w2-2024').fields.employee_ssn!.source = 'ocr';
    expect(run(ssnConsistencyRule, facts).findings).toEqual([]);
    setField(facts, 'w2-2024', 'employee_ssn', '512-33-5678');
    docById(facts, 'w2-2024').fields.employee_ssn!.source = 'ocr';
    expect(run(ssnConsistencyRule, facts).findings.map((f) => f.code)).toEqual(['ssn_mismatch']);
  });

  it('flags a co-borrower\'s W-2 with the wrong SSN against the co-borrower\'s number', () => {
    const facts = withCoBorrowerDocs(consistentPacket());
    setField(facts, 'co-w2', 'employee_ssn', '912-34-5678');
    const [f] = run(ssnConsistencyRule, facts).findings;
    expect(f!.documentIds).toEqual(['co-w2', 'urla']);
    expect(f!.message).toMatch(/co-borrower \*\*\*-\*\*-6789/);
    expect(run(ssnConsistencyRule, facts, { checkCoBorrower: false }).findings).toEqual([]);
  });

  it('skips when either SSN is missing or not nine digits', () => {
    expect(run(ssnConsistencyRule, setField(consistentPacket(), 'w2-2025', 'employee_ssn', undefined)).findings).toEqual([]);
    expect(run(ssnConsistencyRule, setField(consistentPacket(), 'w2-2025', 'employee_ssn', '912-34', null)).findings).toEqual([]);
    const out = run(ssnConsistencyRule, setField(consistentPacket(), 'urla', 'ssn', undefined));
    expect(out.findings).toEqual([]);
    expect(out.skipped[0]!.reason).toMatch(/SSN/);
  });
});

describe('name-consistency on OCR', () => {
  it('takes a long name two letters off for the same name misread when either side was read by OCR', () => {
    // "Quinzzn" for "Quinlan": two letters off in a seven-letter surname.
    const facts = setField(consistentPacket(), 'w2-2024', 'employee_name', 'AVERY QUINZZN');
    expect(run(nameConsistencyRule, facts).findings).toHaveLength(1);
    docById(facts, 'w2-2024').fields.employee_name!.source = 'ocr';
    expect(run(nameConsistencyRule, facts).findings).toEqual([]);
  });
});

describe('dob-consistency (2.4)', () => {
  it('is quiet when the identification agrees', () => {
    expect(run(dobConsistencyRule, consistentPacket()).findings).toEqual([]);
  });

  it('flags a different date of birth without printing either', () => {
    const [f] = run(dobConsistencyRule, setField(consistentPacket(), 'id', 'date_of_birth', '04/21/1985', '1985-04-21')).findings;
    expect(f).toMatchObject({ code: 'dob_mismatch', documentIds: ['id', 'urla'], citation: { section: '2.4' } });
    expect(f!.message).not.toMatch(/1985/);
    expect(f!.evidence.every((e) => e.value === undefined)).toBe(true);
  });

  it('takes a date one digit off, when either was read by OCR, for the same date misread', () => {
    const urlaDob = docById(consistentPacket(), 'urla').fields.date_of_birth!.normalized!;
    const slipped = `${urlaDob.slice(0, 2)}${urlaDob[2] === '7' ? '2' : '7'}${urlaDob.slice(3)}`; // "1985" -> "1975"
    const facts = setField(consistentPacket(), 'id', 'date_of_birth', slipped, slipped);
    expect(run(dobConsistencyRule, facts).findings).toHaveLength(1);
    docById(facts, 'id').fields.date_of_birth!.source = 'ocr';
    expect(run(dobConsistencyRule, facts).findings).toEqual([]);
  });

  it('compares no date that would make the person a child: a licence\'s issue or expiry date read in its place', () => {
    const app = docById(consistentPacket(), 'urla');
    const year = Number((app.fields.application_date?.normalized ?? '2026-03-01').slice(0, 4));
    const facts = setField(consistentPacket(), 'id', 'date_of_birth', `03/15/${year - 1}`, `${year - 1}-03-15`);
    expect(run(dobConsistencyRule, facts).findings).toEqual([]);
    setField(facts, 'id', 'date_of_birth', `03/15/${year - 40}`, `${year - 40}-03-15`);
    expect(run(dobConsistencyRule, facts).findings).toHaveLength(1);
  });

  it('skips a missing date and a co-borrower\'s license', () => {
    expect(run(dobConsistencyRule, setField(consistentPacket(), 'id', 'date_of_birth', undefined)).findings).toEqual([]);
    expect(run(dobConsistencyRule, setField(consistentPacket(), 'urla', 'date_of_birth', undefined)).findings).toEqual([]);
    const facts = setField(setField(consistentPacket(), 'id', 'full_name', 'QUINLAN, ROWAN'), 'id', 'date_of_birth', '1990-01-01');
    expect(run(dobConsistencyRule, facts).findings).toEqual([]);
  });
});

describe('address-consistency (2.5)', () => {
  it('is quiet on Court/Ct, state names, a street-only license line and an older statement', () => {
    const facts = setField(consistentPacket(), 'bank-jan', 'mailing_address', '18 Old Mill Road, Eastwick, OH 44999');
    expect(run(addressConsistencyRule, facts).findings).toEqual([]);
  });

  it('flags the latest statement with another address, without printing it', () => {
    const facts = setField(consistentPacket(), 'bank-feb', 'mailing_address', '518 Quarry Hill Way, Cedar Bluff, NC 27999');
    const [f] = run(addressConsistencyRule, facts).findings;
    expect(f).toMatchObject({ code: 'address_mismatch', documentIds: ['bank-feb', 'urla'], citation: { section: '2.5' } });
    expect(f!.message).not.toMatch(/Quarry|Juniper/);
  });

  it('flags the license street, unless asked not to', () => {
    const facts = setField(consistentPacket(), 'id', 'street_address', '518 QUARRY HILL WAY');
    expect(run(addressConsistencyRule, facts).findings.map((f) => f.documentIds)).toEqual([['id', 'urla']]);
    expect(run(addressConsistencyRule, facts, { checkIdentification: false }).findings).toEqual([]);
  });

  it('checks the latest statement of each account', () => {
    const facts = consistentPacket();
    facts.documents.push(
      doc('savings', 'bank_statement', {
        account_holder: 'Avery Quinlan',
        mailing_address: 'PO Box 77, Millbrook, PA 19990',
        account_number: '5550001111',
        statement_period_end: ['2026-02-28', '2026-02-28'],
      }),
    );
    expect(run(addressConsistencyRule, facts).findings.map((f) => f.documentIds)).toEqual([['savings', 'urla']]);
  });

  it('skips a missing address', () => {
    expect(run(addressConsistencyRule, setField(consistentPacket(), 'urla', 'current_address', undefined)).findings).toEqual([]);
    expect(run(addressConsistencyRule, setField(consistentPacket(), 'bank-feb', 'mailing_address', undefined)).findings).toEqual([]);
  });
});

describe('id-expiration (2.1)', () => {
  it('is quiet on a valid license and flags one expired before the application date', () => {
    expect(run(idExpirationRule, consistentPacket()).findings).toEqual([]);
    const [f] = run(idExpirationRule, setField(consistentPacket(), 'id', 'expiration_date', '2026-03-01')).findings;
    expect(f).toMatchObject({ code: 'expired_id', documentIds: ['id'], citation: { section: '2.1' } });
    expect(docById(consistentPacket(), 'id').fields.expiration_date).toBeDefined();
  });
});
