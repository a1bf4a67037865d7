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
    // The IRS prints "PAYER’S name, street address, city or town, ... and telephone no.": the whole label, value below.
    { name: 'payer_name', kind: 'text', labels: [/payer\W{0,3}s name(,? street address.*?(telephone no\.?|postal code))?/i], required: true, validate: EMPLOYER_SHAPE },
    { name: 'payer_tin', kind: 'text', labels: [/payer\W{0,3}s (federal identification number|tin)/i], required: false, validate: TIN_SHAPE, role: 'tin' },
    personName('recipient_name', [/recipient\W{0,3}s name/i]),
    { name: 'recipient_tin', kind: 'text', labels: [/recipient\W{0,3}s (identification number|tin)/i], required: false, pii: true, validate: TIN_SHAPE },
    // "Account number (see instructions)": the label's own note is no account number.
    { name: 'account_number', kind: 'text', labels: [/account number( \(see instructions\))?/i], required: false, pii: true, validate: /^(?=.*[\dX*])[A-Z0-9*-]{3,}$/i },
    taxYear([/tax year/i, /calendar year/i, /for calendar year/i]),
    ...boxes,
  ];
}

/**
 * What the 1099 family prints besides the fields Docket reads: the rest of a label that runs onto a second line, and
 * the boxes of each form (a value beside "4 Federal income tax withheld" is never "5 Investment expenses").
 */
export const INFORMATION_RETURN_LABELS: RegExp[] = [
  /^or foreign postal code/i,
  /^payer\W{0,3}s rtn/i,
  /^street address \(including apt/i,
  /^city or town, state or province/i,
  /^(early withdrawal penalty|interest on u\.?s\.? savings|investment expenses|foreign tax paid|foreign country|tax-exempt|specified private activity|market discount|bond premium|state tax withheld|state identification|fatca filing|2nd tin not)/i,
  /^(royalties|fishing boat proceeds|medical and health care|substitute payments|crop insurance|gross proceeds paid|section 409a|excess golden parachute|nonqualified deferred|direct sales)/i,
  /^(capital gain distr|unrecap\.? sec\.? 1250|section 1202 gain|collectibles|nondividend distributions|exempt-interest dividends|cash liquidation|noncash liquidation)/i,
  /^(taxable amount not determined|total distribution|capital gain \(included|employee contributions|net unrealized appreciation|distribution code|ira\/sep\/simple|other\b|your percentage|total employee contributions|amount allocable to irr)/i,
];

/** A form's own name, printed as "Form 1099-INT" or "1099-INT": the strongest signal there is. */
export function formTitle(form: string): Signal {
  return { pattern: new RegExp(`\\b(?:form\\s*)?${form.replace('-', '[-\\s]?')}\\b`, 'i'), weight: 5 };
}
