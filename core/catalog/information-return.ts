import { EMPLOYER_SHAPE, TIN_SHAPE, personName, taxYear } from './shapes.js';
import type { FieldSpec, Signal } from './spec.js';

/**
 * The parts every IRS information return of the 1099 family shares: payer, payer TIN, recipient, recipient TIN, tax
 * year. Each form's own file adds its title signals and boxes. A 1096 or W-3 transmittal lists the forms it covers:
 * it is none of them (Copy A of every 1099 names the 1096 it is filed with, so the 1096's title, not its number).
 */
export const TRANSMITTAL = /annual summary and transmittal|transmittal of wage and tax/i;

export function informationReturnFields(boxes: FieldSpec[]): FieldSpec[] {
  return [
    { name: 'payer_name', kind: 'text', labels: [/payer'?s name/i, /\bpayer\b/i], required: true, validate: EMPLOYER_SHAPE },
    { name: 'payer_tin', kind: 'text', labels: [/payer'?s (federal identification number|tin)/i, /payer'?s tin/i], required: false, validate: TIN_SHAPE, role: 'tin' },
    personName('recipient_name', [/recipient'?s name/i, /\brecipient\b/i]),
    { name: 'recipient_tin', kind: 'text', labels: [/recipient'?s (identification number|tin)/i, /recipient'?s tin/i], required: false, pii: true, validate: TIN_SHAPE },
    { name: 'account_number', kind: 'text', labels: [/account number/i], required: false, pii: true },
    taxYear([/tax year/i, /calendar year/i, /for calendar year/i]),
    ...boxes,
  ];
}

/** A form's own name, printed as "Form 1099-INT" or "1099-INT": the strongest signal there is. */
export function formTitle(form: string): Signal {
  return { pattern: new RegExp(`\\b(?:form\\s*)?${form.replace('-', '[-\\s]?')}\\b`, 'i'), weight: 5 };
}
