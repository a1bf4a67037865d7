import type { FactDocument, FactField, FactTransaction, PacketFacts } from './packet-facts.js';

/**
 * Test fixtures (imported by the tests only): a packet whose documents agree, printed the ways real documents differ (middle initials, a suffix,
 * "LAST, FIRST" order, Street/St, legal suffixes), and helpers to change one fact.
 */

export function field(name: string, value: string, normalized: string | null = value, page = 1): FactField {
  const row = [...name].reduce((n, c) => (n * 31 + c.charCodeAt(0)) % 97, 7) / 100;
  return { name, value, normalized, confidence: 0.95, page, bbox: { x: 0.1, y: row, w: 0.3, h: 0.02 } };
}

export function doc(documentId: string, type: FactDocument['type'], fields: Record<string, string | [string, string | null]>, extra: Partial<FactDocument> = {}): FactDocument {
  const page = extra.firstPage ?? 1;
  return {
    documentId,
    segment: 1,
    segmentCount: 1,
    type,
    firstPage: page,
    lastPage: page,
    readable: true,
    fields: Object.fromEntries(
      Object.entries(fields).map(([name, v]) => [name, Array.isArray(v) ? field(name, v[0], v[1], page) : field(name, v, v, page)]),
    ),
    ...extra,
  };
}

export function tx(date: string, description: string, amount: number, balance: number | null = 1000): FactTransaction {
  return { date, description, amount, balance, page: 1, bbox: { x: 0.1, y: 0.5, w: 0.8, h: 0.02 } };
}

function month(end: string, start: string, opening: number): FactTransaction[] {
  let balance = opening;
  const rows: [string, string, number][] = [
    [`${start}-03`, 'Payroll Deposit - Cobalt', 2310],
    [`${start}-05`, 'Grocery Outlet', -182.4],
    [`${start}-09`, 'City Power & Light', -120],
    [`${start}-12`, 'Card Payment - Lumen', -640],
    [`${start}-17`, 'Payroll Deposit - Cobalt', 2310],
    [`${start}-20`, 'Transfer from Savings', 900],
    [`${start}-24`, 'Insurance Premium', -210.55],
    [`${end}`, 'Restaurant', -64.2],
  ];
  return rows.map(([date, d, a]) => {
    balance = Math.round((balance + a) * 100) / 100;
    return tx(date, d, a, balance);
  });
}

/** Avery J. Quinlan, salaried at Cobalt Ridge Logistics ($78,000/year), co-borrower Rowan Quinlan; applied 2026-03-16. */
export function consistentPacket(): PacketFacts {
  return {
    applicants: [
      { role: 'borrower', firstName: 'Avery', lastName: 'Quinlan' },
      { role: 'co_borrower', firstName: 'Rowan', lastName: 'Quinlan' },
    ],
    asOfDate: '2026-03-17T12:00:00.000Z',
    documents: [
      doc(
        'urla',
        'urla_1003',
        {
          borrower_name: 'Avery Quinlan',
          ssn: '912-34-5678',
          date_of_birth: ['04/12/1985', '1985-04-12'],
          current_address: '4410 Juniper Court, Millbrook, PA 19990',
          employer_name: 'Cobalt Ridge Logistics Inc.',
          employment_start_date: ['06/01/2019', '2019-06-01'],
          monthly_income: ['$6,500.00', '6500.00'],
          loan_amount: ['$240,000.00', '240000.00'],
          loan_purpose: 'Purchase',
          property_address: '12 Larkspur Lane, Fernvale, OR 97999',
          co_borrower_name: 'Rowan Quinlan',
          co_borrower_ssn: '923-45-6789',
          application_date: ['03/16/2026', '2026-03-16'],
        },
        { lastPage: 3, signatures: [{ name: 'borrower_signature', present: true, page: 3, bbox: { x: 0.2, y: 0.8, w: 0.3, h: 0.03 } }] },
      ),
      doc('w2-2025', 'w2', {
        tax_year: '2025',
        employer_name: 'Cobalt Ridge Logistics, Inc.',
        employer_ein: '91-2345678',
        employee_name: 'Avery J Quinlan Jr.',
        employee_ssn: '912-34-5678',
        wages: ['76,440.00', '76440.00'],
      }),
      doc('w2-2024', 'w2', {
        tax_year: '2024',
        employer_name: 'Cobalt Ridge Logistics Inc',
        employee_name: 'AVERY QUINLAN',
        employee_ssn: '912 34 5678',
        wages: ['72,100.00', '72100.00'],
      }),
      doc('stub-1', 'pay_stub', {
        employer_name: 'COBALT RIDGE LOGISTICS',
        employee_name: 'Quinlan, Avery',
        pay_period_end: ['02/22/2026 - 03/01/2026', '2026-03-01'],
        pay_date: ['03/06/2026', '2026-03-06'],
        gross_pay_current: ['$3,000.00', '3000.00'],
        gross_pay_ytd: ['$15,000.00', '15000.00'],
        net_pay: ['$2,310.00', '2310.00'],
      }),
      doc('stub-2', 'pay_stub', {
        employer_name: 'Cobalt Ridge Logistics Inc.',
        employee_name: 'Avery Quinlan',
        pay_period_end: ['2026-02-15', '2026-02-15'],
        pay_date: ['02/20/2026', '2026-02-20'],
        gross_pay_current: ['$3,000.00', '3000.00'],
        gross_pay_ytd: ['$12,000.00', '12000.00'],
      }),
      doc(
        'bank-feb',
        'bank_statement',
        {
          account_holder: 'Avery J. Quinlan',
          mailing_address: '4410 Juniper Ct., Millbrook, Pennsylvania 19990',
          account_number: '1234567890',
          statement_period_end: ['02/01/2026 - 02/28/2026', '2026-02-28'],
          beginning_balance: ['$4,302.85', '4302.85'],
          ending_balance: ['$8,605.70', '8605.70'],
        },
        { transactions: month('2026-02-28', '2026-02', 4302.85) },
      ),
      doc(
        'bank-jan',
        'bank_statement',
        {
          account_holder: 'AVERY QUINLAN',
          mailing_address: '4410 JUNIPER CT, MILLBROOK, PA 19990',
          account_number: '****7890',
          statement_period_end: ['01/01/2026 - 01/31/2026', '2026-01-31'],
          beginning_balance: ['$0.00', '0.00'],
          ending_balance: ['$4,302.85', '4302.85'],
        },
        { transactions: month('2026-01-31', '2026-01', 0) },
      ),
      doc('id', 'id_card', {
        full_name: 'QUINLAN, AVERY J',
        date_of_birth: ['04/12/1985', '1985-04-12'],
        street_address: '4410 JUNIPER COURT',
        id_number: 'D1234567',
        expiration_date: ['05/01/2029', '2029-05-01'],
      }),
      doc('voe', 'voe_letter', {
        employer_name: 'Cobalt Ridge Logistics',
        employee_name: 'Avery Quinlan',
        hire_date: ['June 1, 2019', '2019-06-01'],
        annual_salary: ['$78,000.00', '78000.00'],
      }),
    ],
  };
}

export function docById(facts: PacketFacts, id: string): FactDocument {
  const d = facts.documents.find((x) => x.documentId === id);
  if (!d) throw new Error(`fixture has no document ${id}`);
  return d;
}

/** Sets (or with `undefined` removes) one field of one document. */
export function setField(facts: PacketFacts, id: string, name: string, value: string | undefined, normalized: string | null | undefined = value): PacketFacts {
  const d = docById(facts, id);
  if (value === undefined) delete d.fields[name];
  else d.fields[name] = field(name, value, normalized ?? null, d.firstPage);
  return facts;
}

export const codes = (findings: { code: string }[]) => findings.map((f) => f.code).sort();
