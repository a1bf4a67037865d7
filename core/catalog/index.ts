import { appraisal } from './appraisal.js';
import { bankStatement } from './bank-statement.js';
import { brokerageStatement } from './brokerage-statement.js';
import { closingDisclosure } from './closing-disclosure.js';
import { creditReport } from './credit-report.js';
import { form1008 } from './form-1008.js';
import { form1040 } from './form-1040.js';
import { form1099Div } from './form-1099-div.js';
import { form1099Int } from './form-1099-int.js';
import { form1099Misc } from './form-1099-misc.js';
import { form1099Nec } from './form-1099-nec.js';
import { form1099R } from './form-1099-r.js';
import { form4506C } from './form-4506-c.js';
import { giftLetter } from './gift-letter.js';
import { hoaStatement } from './hoa-statement.js';
import { idCard } from './id-card.js';
import { insuranceDeclaration } from './insurance-declaration.js';
import { letterOfExplanation } from './letter-of-explanation.js';
import { loanEstimate } from './loan-estimate.js';
import { passport } from './passport.js';
import { payStub } from './pay-stub.js';
import { payrollCheck } from './payroll-check.js';
import { purchaseContract } from './purchase-contract.js';
import { scheduleC } from './schedule-c.js';
import { scheduleE } from './schedule-e.js';
import { socialSecurityCard } from './social-security-card.js';
import { ssa1099 } from './ssa-1099.js';
import { urla1003 } from './urla-1003.js';
import { utilityBill } from './utility-bill.js';
import { verificationOfDeposit } from './verification-of-deposit.js';
import { voe1005 } from './voe-1005.js';
import { voeLetter } from './voe-letter.js';
import { w2 } from './w2.js';

/**
 * Every document type Docket knows, one file each. The first six are the types the trained page classifier was
 * trained on; the rest are typed by their signals (understanding/split-document.ts). Adding a type: a file in
 * this folder, a line here, and a generator template (evals/generator/lending-file.ts).
 */
export const CATALOG = [
  urla1003,
  w2,
  payStub,
  bankStatement,
  idCard,
  voeLetter,
  form1008,
  loanEstimate,
  closingDisclosure,
  form1099Int,
  form1099Div,
  form1099Misc,
  form1099Nec,
  form1099R,
  ssa1099,
  form1040,
  scheduleC,
  scheduleE,
  form4506C,
  payrollCheck,
  brokerageStatement,
  passport,
  socialSecurityCard,
  voe1005,
  verificationOfDeposit,
  giftLetter,
  letterOfExplanation,
  insuranceDeclaration,
  hoaStatement,
  utilityBill,
  purchaseContract,
  appraisal,
  creditReport,
] as const;

/**
 * `unknown` is the reject option: a document Docket cannot type with confidence, or one that is no lending document at
 * all (an invoice, a flyer). It raises no type-specific finding and is listed for the underwriter as unexpected.
 */
export const DOCUMENT_TYPES = [...CATALOG.map((s) => s.type), 'unknown'] as const;
export type DocumentType = (typeof CATALOG)[number]['type'] | 'unknown';
export type CatalogType = Exclude<DocumentType, 'unknown'>;
