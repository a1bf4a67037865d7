import { ADDRESS_SHAPE, ID_NAME_LINE, ID_NUMBER_SHAPE, ID_STREET_LINE, personName } from './shapes.js';
import { defineDocumentType } from './spec.js';

export const idCard = defineDocumentType({
  type: 'id_card',
  sparseText: true,
  title: "Driver's license or state ID",
  group: 'identity',
  signals: [
    { pattern: /driver'?s? licen[cs]e/i, weight: 4 },
    { pattern: /identification card/i, weight: 4 },
    { pattern: /\bDL\b|\bDLN\b/, weight: 1 },
    { pattern: /\bexp(ires)?\b/i, weight: 1 },
  ],
  fields: [
    // What OCR leaves of a tiny label ("nave", "appr") may stand before a value recognised by its shape.
    { ...personName('full_name', [/^name\b/i, /full name/i]), byShape: { line: ID_NAME_LINE } },
    // A card holds its holder's birth date, the issue date and the expiry: birth is the earliest, expiry the latest.
    { name: 'date_of_birth', kind: 'date', labels: [/date of birth/i, /\bdob\b/i], required: true, pii: true, byShape: { dateRank: 'earliest' }, role: 'date_of_birth' },
    { name: 'street_address', kind: 'text', labels: [/^addr(ess)?\b/i], required: false, pii: true, validate: ADDRESS_SHAPE, byShape: { line: ID_STREET_LINE }, role: 'address' },
    // License and ID numbers: up to three letters, then six to twelve digits (a date or a ZIP code is never one).
    { name: 'id_number', kind: 'text', labels: [/\bDLN?\b/, /licen[cs]e (no|number)/i, /id (no|number)/i], required: true, pii: true, validate: ID_NUMBER_SHAPE, byShape: { pattern: /^[A-Z]{0,3}\d{6,12}$/ } },
    { name: 'expiration_date', kind: 'date', labels: [/\bexp(ires|iration)?\b/i], required: true, byShape: { dateRank: 'latest' }, role: 'expires' },
  ],
});
