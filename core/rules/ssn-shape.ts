import { maskSsn } from '../normalize.js';
import type { FactDocument, FactField } from './packet-facts.js';
import { fieldsWithRole } from './packet-people.js';
import { describeDoc, fieldEvidence, listText, makeFinding, SURE_OCR_CONFIDENCE, type Rule } from './rule.js';

export interface SsnShapeParams {
  /**
   * An OCR'd number is judged only when read at least this sure: a misread digit on a scan is the low-confidence
   * page's finding, not a wrong number on the document.
   */
  minOcrConfidence: number;
}

const digits = (s: string) => s.replace(/\D/g, '');

/** Every catalog field holding a person's SSN, by type (the `ssn` and `co_ssn` roles). */
const SSN_FIELDS = [fieldsWithRole('ssn'), fieldsWithRole('co_ssn')];

/**
 * SSN shape (guideline 2.3): a Social Security number has nine digits. A document printing one with more or fewer
 * (a digit dropped, "912-34-567") carries no valid number for the person, whatever it is compared with; the
 * underwriter validates it with the Social Security Administration. One finding per document; the message shows the
 * last digits only.
 */
export const ssnShapeRule: Rule<SsnShapeParams> = {
  id: 'ssn-shape',
  version: 1,
  title: 'Social Security numbers have nine digits',
  severity: 'critical',
  code: 'invalid_ssn',
  reads: SSN_FIELDS.flatMap((byType) => Object.entries(byType).map(([type, field]) => ({ type: type as FactDocument['type'], fields: [field!] }))),
  params: { minOcrConfidence: SURE_OCR_CONFIDENCE },
  citation: { topic: 'Social Security number', section: '2.3' },
  evaluate(facts, params) {
    const findings = [];
    for (const doc of facts.documents.filter((d) => d.readable)) {
      const bad: FactField[] = [];
      for (const byType of SSN_FIELDS) {
        const name = byType[doc.type];
        const f = name ? doc.fields[name] : undefined;
        if (!f || f.normalized !== null) continue;
        const n = digits(f.value).length;
        if (n === 9 || n < 7 || n > 11) continue;
        if (f.source === 'ocr' && f.confidence < params.minOcrConfidence) continue;
        bad.push(f);
      }
      if (!bad.length) continue;
      const shown = bad.map((f) => `${digits(f.value).length} digits (${maskSsn(f.value)})`);
      findings.push(
        makeFinding(ssnShapeRule, {
          docs: [doc],
          message: `The Social Security number on the ${describeDoc(doc)} has ${listText(shown)} where an SSN has nine. Validate the number with the Social Security Administration before relying on the document.`,
          evidence: bad.map((f) => fieldEvidence(doc, f, maskSsn(f.value))),
        }),
      );
    }
    return { findings, skipped: [] };
  },
};
