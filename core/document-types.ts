/**
 * Document types: the catalog (core/catalog, one file per type) and the lookups the pipeline uses. The baseline
 * classifier scores each type's `signals` (phrases found on the first pages); the extractor finds each field's
 * `labels` on a line and reads the value after it (same line) or below it.
 */
import { CATALOG, type DocumentType } from './catalog/index.js';
import type { DocumentTypeSpec } from './catalog/spec.js';

export { CATALOG, DOCUMENT_TYPES, type CatalogType, type DocumentType } from './catalog/index.js';
export { DEFINING_WEIGHT } from './catalog/spec.js';
export { ADDRESS_PARTS_ROW, ADDRESS_SHAPE, LAST_NAME_COLUMN, MALFORMED, MASKED, NAME_SHAPE, ORGANIZATION_WORD } from './catalog/shapes.js';
export type { DocumentTypeSpec, FieldKind, FieldRole, FieldSpec, IncomePeriod, SignatureSpec, Signal, TableSpec } from './catalog/spec.js';

/**
 * Labels that are not fields Docket reads but sit on the same forms. Text starting with one (or with any field's
 * label) is a label, never a value: on a form whose labels run in a row above their values, the words right of a
 * label are the next label, and the value is below.
 */
export const COMMON_FORM_LABELS: readonly RegExp[] = [
  /^(marital status|citizenship|phone|home phone|cell phone|e-?mail|housing|dependents)\b/i,
  /^(position( or title)?|title|job title|occupancy|overtime|bonus|commission|total monthly income|years in (line of )?work)\b/i,
  /^(employer address|account type|financial institution|cash or market value|liability|creditor|monthly payment)\b/i,
  /^(federal income tax withheld|social security (wages|tax withheld)|medicare (wages and tips|tax withheld)|employee'?s address|employer'?s address)\b/i,
  /^(pay period( start| end)?|period (start|end)|check (no|number|date)|pay date|net pay|gross pay)\b/i,
  /^(account holder|account (number|no)|mailing address|statement (period|date)|beginning balance|ending balance)\b/i,
];

/** Every catalog entry, in catalog order. */
export const DOCUMENT_TYPE_SPECS: readonly DocumentTypeSpec<DocumentType>[] = CATALOG;

const BY_TYPE = new Map<string, DocumentTypeSpec<DocumentType>>(CATALOG.map((s) => [s.type, s]));

/** The catalog entry of a type; `unknown` (and a name from an older build) has none. */
export function documentTypeSpec(type: DocumentType | string): DocumentTypeSpec<DocumentType> | undefined {
  return BY_TYPE.get(type);
}

/**
 * Baseline completeness rule: the documents every packet of a salaried borrower must hold, from the catalog's
 * `requiredFor` (the same lists the required-documents rule defaults to).
 */
export const REQUIRED_DOCUMENT_TYPES: readonly DocumentType[] = CATALOG.filter((s) => s.requiredFor?.always || s.requiredFor?.employment?.includes('salaried')).map((s) => s.type);
