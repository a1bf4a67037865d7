import { documentTypeSpec, type DocumentType } from './document-types.js';
import { citationFor } from './finding-citations.js';
import type { Evidence } from './findings.js';
import { formatMoney, listText, type GuidelineCitation } from './rules/rule.js';

/**
 * The borrower request: from a packet's findings, what the borrower must send or explain, in plain language, one item
 * per thing asked, each with the guideline section it rests on. Guideline 8.1 wants the conditions the borrower must
 * satisfy sent together in one request; 7.3 names missing documents with the section that requires them; 8.2 sets
 * what a letter of explanation must be. The underwriter reviews and edits the list before it goes out (stored as
 * data, db/packet-repository.ts). Pure: same findings, same list.
 *
 * Left out on purpose: the pipeline's own extraction findings (a field not read, a page OCR is unsure of, an
 * unrecognised document: a person checks those, the borrower has nothing to do), an SSN mismatch (validated with
 * the Social Security Administration; suspected fraud is not discussed with the borrower, 3.3), an income mismatch
 * (reconciled through a written verification from the employer, 4.4) and a date-of-birth difference (the
 * identification governs, 2.4).
 */

export type BorrowerRequestKind = 'document' | 'replacement' | 'signature' | 'explanation';

export interface BorrowerRequestItem {
  /** Stable within the packet (`kind:subject`), so a re-run replaces an item instead of adding one. */
  itemId: string;
  /** document: send something missing; replacement: send a current or legible copy; signature: sign and date; explanation: a signed letter. */
  kind: BorrowerRequestKind;
  /** What to send, addressed to the borrower, in plain language (no SSNs, account numbers or dates of birth). */
  text: string;
  /** The guideline section the request rests on, and its heading. */
  section: string;
  topic: string;
  /** The findings this item answers. */
  findingIds: string[];
}

/** What the composer reads of a finding. */
export interface RequestFinding {
  findingId: string;
  code: string;
  message: string;
  documentIds: string[];
  evidence: (Evidence & { value?: string })[];
  citation?: GuidelineCitation | null;
}

/** How the request names the packet's files and documents. */
export interface RequestDocument {
  documentId: string;
  filename: string;
  type?: DocumentType | string | null;
}

const LETTER = 'a signed and dated letter of explanation';

/** The findings' borrower request, ordered by guideline section; [] when nothing is needed from the borrower. */
export function composeBorrowerRequest(findings: readonly RequestFinding[], documents: readonly RequestDocument[] = []): BorrowerRequestItem[] {
  const byId = new Map(documents.map((d) => [d.documentId, d]));
  const fileOf = (id: string) => byId.get(id)?.filename ?? id;
  const titleOf = (id: string) => {
    const d = byId.get(id);
    const type = d?.type ? documentTypeSpec(d.type as DocumentType)?.title : undefined;
    return type ? shortTitle(type) : 'document';
  };
  /** The documents a mismatch names, but the application (what they are compared with). */
  const namedDocs = (f: RequestFinding) => listText([...new Set(f.documentIds.map(titleOf))].filter((t) => t !== 'document' && t !== 'loan application'));

  const items = new Map<string, BorrowerRequestItem>();
  const add = (f: RequestFinding, kind: BorrowerRequestKind, subject: string, text: string) => {
    const citation = citationFor(f);
    if (!citation) return;
    const itemId = `${kind}:${subject}`;
    const seen = items.get(itemId);
    if (seen) {
      if (!seen.findingIds.includes(f.findingId)) seen.findingIds.push(f.findingId);
      return;
    }
    items.set(itemId, { itemId, kind, text, section: citation.section, topic: citation.topic, findingIds: [f.findingId] });
  };

  for (const f of findings) {
    switch (f.code) {
      case 'missing_document': {
        const type = f.findingId.split(':')[1] ?? '';
        const title = documentTypeSpec(type as DocumentType)?.title;
        add(f, 'document', type || f.findingId, `${title ? `Your ${shortTitle(title)}` : 'A required document'}: it is not in your file. Please send it.`);
        break;
      }
      case 'stale_pay_stub': {
        const days = allowedDays(f.message);
        add(f, 'replacement', 'pay_stub', `Your most recent pay stub${days ? `, dated within ${days} days of your application` : ''}: the latest one we have is too old. Please send your most recent pay stubs.`);
        break;
      }
      case 'stale_bank_statement': {
        const days = allowedDays(f.message) ?? /older than the (\d+) days/.exec(f.message)?.[1];
        add(f, 'replacement', 'bank_statement', `Your most recent bank statements, all pages${days ? `, the latest dated within ${days} days of your application` : ''}: the ones we have are too old.`);
        break;
      }
      case 'expired_id':
        add(f, 'replacement', 'id', 'A current, unexpired government-issued photo identification (both sides): the one we have has expired.');
        break;
      case 'unreadable_document':
        for (const id of f.documentIds) add(f, 'replacement', `file:${id}`, `A new copy of the file "${fileOf(id)}": we could not open or read the one you sent.`);
        break;
      case 'illegible_page': {
        const pages = [...new Set(f.evidence.map((e) => e.page).filter((p): p is number => typeof p === 'number'))].sort((a, b) => a - b);
        for (const id of f.documentIds) {
          const where = pages.length ? `${pages.length === 1 ? 'page' : 'pages'} ${listText(pages.map(String))} of ` : '';
          add(f, 'replacement', `pages:${id}:${pages.join(',')}`, `A clear, complete copy of ${where}the file "${fileOf(id)}": ${pages.length === 1 ? 'it' : 'they'} cannot be read.`);
        }
        break;
      }
      case 'unsigned_application':
      case 'undated_application':
        add(f, 'signature', 'application', 'Your loan application, signed and dated by every borrower.');
        break;
      case 'name_mismatch': {
        const docs = namedDocs(f);
        add(f, 'document', 'name', `Documentation of your name change (for example a marriage certificate or court order) or a signed name affidavit: the name on your ${docs || 'documents'} differs from your application.`);
        break;
      }
      case 'address_mismatch': {
        add(f, 'explanation', 'address', `${capitalize(LETTER)} of why the address on your ${namedDocs(f) || 'documents'} differs from the current address on your application (for example a recent move or a mailing address).`);
        break;
      }
      case 'employer_mismatch':
        add(f, 'explanation', 'employer', `${capitalize(LETTER)} of why the employer named on your application differs from the one on your ${namedDocs(f) || 'income documents'}.`);
        break;
      case 'large_deposit': {
        const deposits = f.evidence.map((e) => depositText(e.value)).filter((d): d is string => Boolean(d));
        add(f, 'explanation', 'large_deposit', `${capitalize(LETTER)} for ${deposits.length ? `the ${deposits.length === 1 ? 'deposit' : 'deposits'} of ${listText(deposits)}` : 'each large deposit on your bank statements'}, with documents showing where the money came from (for example a transfer statement, a sale agreement or a gift letter).`);
        break;
      }
      case 'nsf_overdraft':
        add(f, 'explanation', 'nsf_overdraft', `${capitalize(LETTER)} of the overdraft or non-sufficient-funds activity on your bank statements.`);
        break;
      default:
        break;
    }
  }
  return [...items.values()].sort((a, b) => compareSections(a.section, b.section) || a.itemId.localeCompare(b.itemId));
}

/** The request as text the underwriter can paste into a message to the borrower. */
export function formatBorrowerRequest(items: readonly BorrowerRequestItem[]): string {
  if (!items.length) return '';
  const lines = items.map((item, i) => `${i + 1}. ${item.text} (guideline ${item.section}, ${item.topic})`);
  return ['To continue with your application, please send us:', ...lines].join('\n');
}

/** "Form W-2, Wage and Tax Statement" -> "W-2"; "Pay stub (earnings statement)" -> "pay stub". */
function shortTitle(title: string): string {
  const short = title.replace(/\s*\(.*\)$/, '').replace(/^Form /, '').split(',')[0]!.trim();
  if (/^Uniform Residential Loan Application/.test(short)) return 'loan application';
  return /^[A-Z]-?\d|^[A-Z]{2,}/.test(short) ? short : short.charAt(0).toLowerCase() + short.slice(1);
}

/** The freshness rules' limit, as their message states it ("the guideline allows 30 days"). */
function allowedDays(message: string): string | undefined {
  return /allows (\d+) days/.exec(message)?.[1];
}

/** Large-deposit evidence values ("2026-03-02 8000.00") as "$8,000.00 on 2026-03-02". */
function depositText(value: string | undefined): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}) (-?\d+(?:\.\d+)?)$/.exec(value ?? '');
  if (!m) return undefined;
  return `${formatMoney(Number(m[2]))} on ${m[1]}`;
}

function compareSections(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d) return Number.isNaN(d) ? a.localeCompare(b) : d;
  }
  return 0;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
