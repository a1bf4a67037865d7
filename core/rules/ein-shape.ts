import type { FactDocument, FactField } from './packet-facts.js';
import { fieldsWithRole } from './packet-people.js';
import { describeDoc, fieldEvidence, listText, makeFinding, SURE_OCR_CONFIDENCE, type Rule } from './rule.js';

export interface EinShapeParams {
  /** An OCR'd number is judged only when read at least this sure (a misread digit is the page's finding). */
  minOcrConfidence: number;
}

const digits = (s: string) => s.replace(/\D/g, '');

/** Every catalog field holding an organisation's taxpayer number (an employer's EIN, a payer's TIN), by type. */
const TIN_FIELDS = fieldsWithRole('tin');

/**
 * EIN shape (guideline 3.3, documents that do not hold together): an employer identification number has nine digits,
 * printed "12-3456789". A form printing one with a digit too few or too many names no employer the IRS knows, which
 * a payroll system never prints: the form may be fabricated. The extractor keeps such a value with no normalized
 * value (FieldSpec.malformed); a number read whole is never judged here.
 */
export const einShapeRule: Rule<EinShapeParams> = {
  id: 'ein-shape',
  version: 1,
  title: 'Employer identification numbers have nine digits',
  severity: 'warning',
  code: 'invalid_ein',
  reads: Object.entries(TIN_FIELDS).map(([type, field]) => ({ type: type as FactDocument['type'], fields: [field!] })),
  params: { minOcrConfidence: SURE_OCR_CONFIDENCE },
  citation: { topic: 'Alterations and inconsistent documents', section: '3.3' },
  evaluate(facts, params) {
    const findings = [];
    for (const doc of facts.documents.filter((d) => d.readable)) {
      const name = TIN_FIELDS[doc.type];
      const f: FactField | undefined = name ? doc.fields[name] : undefined;
      if (!f || f.normalized !== null || !/^\d{2}-\d+$/.test(f.value.trim())) continue;
      const n = digits(f.value).length;
      if (n === 9) continue;
      if (f.source === 'ocr' && f.confidence < params.minOcrConfidence) continue;
      findings.push(
        makeFinding(einShapeRule, {
          docs: [doc],
          message: `The employer identification number on the ${describeDoc(doc)} has ${listText([`${n} digits (${f.value.trim()})`])} where an EIN has nine. Verify the employer and obtain an IRS wage transcript before relying on the form.`,
          evidence: [fieldEvidence(doc, f, f.value.trim())],
        }),
      );
    }
    return { findings, skipped: [] };
  },
};
