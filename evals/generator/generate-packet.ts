import { createHash } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import type { DocumentType } from '../../core/document-types.js';
import type { BBox } from '../../core/page.js';
import type { Facts } from './documents.js';
import { layoutFamilies, type DrawnType, type LayoutSplit } from './layout-families.js';
import { DISTRACTORS, EXTRA_TYPES, type ExtraType } from './lending-file.js';
import { DocWriter, savePdf, type TruthField, type TruthMark, type TruthSignature, type TruthTransaction } from './page-writer.js';
import { imagePdf, renderPages, type PageLook, type PageSizing, type RenderedPage } from './renditions.js';
import { addDays, fullName, int, isoDate, makeStory, otherAddress, otherEmployer, otherPerson, pick, prng, shuffle, type Rand, type Story } from './story.js';

/**
 * A seeded mortgage-packet generator with full ground truth. Same seed and options, same bytes.
 *
 * A packet holds a multi-page loan application (URLA/1003, with a co-borrower in about a third), one or two W-2s, two
 * pay stubs, two monthly bank statements with transaction tables, usually an ID card and sometimes a verification of
 * employment letter; three layouts per type with different fonts, handwriting-style fonts for filled-in values and
 * signatures. Documents arrive digital, scanned, photographed, mixed, or all stapled into one PDF. Defects change
 * single facts and say which finding each should produce.
 */
export const GENERATOR_VERSION = 'full-4';

export type Rendition = 'digital' | 'scanned' | 'photo' | 'mixed';

export const DEFECTS = [
  'missing_document',
  'income_mismatch',
  'stale_pay_stub',
  'stale_bank_statement',
  'name_mismatch',
  'ssn_mismatch',
  'dob_mismatch',
  'address_mismatch',
  'employer_mismatch',
  'large_deposit',
  'nsf_overdraft',
  'unsigned_application',
  'undated_application',
  'illegible_page',
] as const;
/**
 * Defects of the full lending file (`fullFile` packets): W-2 withholding above wages, an SSN with a digit missing on
 * the tax forms, a 1099 made out to someone else (an underwriter's name mismatch). Apart from DEFECTS so the sets
 * drawn from DEFECTS keep their draws.
 */
export const FULL_FILE_DEFECTS = ['w2_withholding_exceeds_wages', 'invalid_ssn', 'recipient_mismatch'] as const;
export type Defect = (typeof DEFECTS)[number] | (typeof FULL_FILE_DEFECTS)[number];

/** The finding each defect should produce, where it is not the defect's own name. */
const EXPECTED_CODE: Partial<Record<Defect, string>> = { recipient_mismatch: 'name_mismatch' };

export interface PacketOptions {
  rendition: Rendition;
  defects?: readonly Defect[];
  /** All documents in one PDF, in shuffled order: the pipeline must split and classify. */
  merged?: boolean;
  /** Stress packets: grow bank statements and pay stubs until the packet has about this many pages. */
  targetPages?: number;
  /**
   * Mixed packets: scan whole documents, in a seeded order, until about this share of the pages is scanned (the
   * bench's "500 pages, 20% scanned"). Without it each document of a mixed packet is drawn digital, scan or photo.
   */
  scannedShare?: number;
  /**
   * Which side of the unseen-layout split the documents are drawn from (evals/generator/layout-families.ts): `tuning`
   * (the default: every set Docket was tuned or trained on) or `held-out` (only the unseen-layouts eval).
   */
  layouts?: LayoutSplit;
  /**
   * The whole lending file: besides Docket's six types, three to six more of a lender's papers (tax forms,
   * disclosures, verifications, insurance, property papers, letters; evals/generator/lending-file.ts) and, in half of
   * the packets, a paper that is none of these (the truth's `other`).
   */
  fullFile?: boolean;
}

export type { TruthField };

export interface TruthDocument {
  documentId: string;
  /** Docket's type, another type of a lender's file, or `other` (a distractor). */
  type: DocumentType | ExtraType | 'other';
  filename: string;
  /** First and last page of the document within its file. */
  pages: [number, number];
  layout: string;
  look: 'digital' | PageLook;
  fields: TruthField[];
  marks: TruthMark[];
  signatures: TruthSignature[];
  transactions?: TruthTransaction[];
}

export interface PacketTruth {
  packetId: string;
  tenantId: string;
  seed: number;
  generatorVersion: string;
  rendition: Rendition;
  merged: boolean;
  layouts?: 'held-out';
  applicationDate: string;
  files: { filename: string; mediaType: string; documentIds: string[]; pages: number }[];
  documents: TruthDocument[];
  /** Pages made unreadable on purpose; their fields are left out of `fields`. */
  illegiblePages: { filename: string; page: number; documentId: string }[];
  defects: readonly Defect[];
  expectedFindings: { code: string; documentIds: string[] }[];
  expectedStatus: 'clear' | 'needs_review' | 'incomplete';
}

export interface GeneratedPacket {
  truth: PacketTruth;
  manifest: unknown;
  files: Map<string, Uint8Array>;
}

export { prng };

function baseFacts(s: Story, rand: Rand): Facts {
  const name = fullName(s.borrower);
  return {
    story: s,
    urla: { monthlyIncome: s.annual / 12, signed: true, dated: true },
    w2: { name, ssn: s.borrower.ssn, employer: s.employer.name, years: rand() < 0.4 ? 2 : 1 },
    payStub: { name, employer: s.employer.name, lastPayDate: addDays(s.applicationDate, -int(rand, 3, 12)), count: 2 },
    bank: { holder: name, address: s.address, lastPeriodEnd: addDays(s.applicationDate, -int(rand, 5, 20)), months: 2, nsf: false, extraTransactions: 0 },
    id: { dob: s.borrower.dob, address: s.address },
    voe: { employer: s.employer.name, name },
    extra: { recipient: name, ssn: s.borrower.ssn, ssnValid: true },
  };
}

/** Changes the facts a defect is about; returns the document types its finding cites. */
function applyDefect(defect: Defect, f: Facts, rand: Rand): DrawnType[] {
  const s = f.story;
  switch (defect) {
    case 'w2_withholding_exceeds_wages':
      f.w2.withholdingAboveWages = true;
      return ['w2'];
    case 'invalid_ssn':
      // One digit dropped: "912-34-567".
      f.extra.ssn = s.borrower.ssn.slice(0, -1);
      f.extra.ssnValid = false;
      return ['4506_c'];
    case 'recipient_mismatch':
      f.extra.recipient = fullName(otherPerson(rand));
      return ['1099_int'];
    case 'income_mismatch':
      f.urla.monthlyIncome = Math.round((s.annual / 12) * (1.3 + rand() * 0.25) * 100) / 100;
      return ['urla_1003', 'w2', 'pay_stub'];
    case 'stale_pay_stub':
      f.payStub.lastPayDate = addDays(s.applicationDate, -int(rand, 45, 75));
      return ['pay_stub'];
    case 'stale_bank_statement':
      f.bank.lastPeriodEnd = addDays(s.applicationDate, -int(rand, 75, 110));
      return ['bank_statement'];
    case 'name_mismatch':
      f.w2.name = fullName(otherPerson(rand));
      return ['urla_1003', 'w2'];
    case 'ssn_mismatch':
      f.w2.ssn = otherPerson(rand).ssn;
      return ['urla_1003', 'w2'];
    case 'dob_mismatch':
      f.id.dob = addDays(s.borrower.dob, int(rand, 40, 3000));
      return ['urla_1003', 'id_card'];
    case 'address_mismatch':
      f.bank.address = otherAddress(rand);
      return ['urla_1003', 'bank_statement'];
    case 'employer_mismatch':
      f.payStub.employer = otherEmployer(rand, s.employer.name);
      return ['urla_1003', 'pay_stub'];
    case 'large_deposit':
      f.bank.largeDeposit = Math.round(((s.annual / 12) * (0.9 + rand() * 1.5)) / 100) * 100;
      return ['bank_statement'];
    case 'nsf_overdraft':
      f.bank.nsf = true;
      return ['bank_statement'];
    case 'unsigned_application':
      f.urla.signed = false;
      return ['urla_1003'];
    case 'undated_application':
      f.urla.dated = false;
      return ['urla_1003'];
    case 'missing_document':
    case 'illegible_page':
      return [];
  }
}

interface Planned {
  type: DrawnType;
  index: number;
}

function plan(f: Facts, rand: Rand, defects: readonly Defect[], fullFile: boolean, cited: ReadonlyMap<Defect, DrawnType[]>): Planned[] {
  const docs: Planned[] = [{ type: 'urla_1003', index: 0 }];
  for (let i = 0; i < f.w2.years; i++) docs.push({ type: 'w2', index: i });
  for (let i = 0; i < f.payStub.count; i++) docs.push({ type: 'pay_stub', index: i });
  for (let i = 0; i < f.bank.months; i++) docs.push({ type: 'bank_statement', index: i });
  if (rand() < 0.85 || defects.includes('dob_mismatch')) docs.push({ type: 'id_card', index: 0 });
  if (rand() < 0.5) docs.push({ type: 'voe_letter', index: 0 });
  if (fullFile) {
    // The documents a full-file defect is planted on come first, then three to six others, then maybe a distractor.
    const extras = new Set<ExtraType>(defects.flatMap((d) => (cited.get(d) ?? []).filter((t): t is ExtraType => (EXTRA_TYPES as readonly string[]).includes(t))));
    const others = shuffle(rand, EXTRA_TYPES.filter((t) => !extras.has(t)));
    for (const t of others.slice(0, int(rand, 3, 6))) extras.add(t);
    for (const t of extras) docs.push({ type: t, index: 0 });
    if (rand() < 0.5) docs.push({ type: pick(rand, DISTRACTORS), index: 0 });
  }
  return docs;
}

/** The truth's type of a drawn document: a distractor is `other`. */
const truthType = (t: DrawnType): TruthDocument['type'] => ((DISTRACTORS as readonly string[]).includes(t) ? 'other' : (t as TruthDocument['type']));

const docId = (p: Planned) => `${p.type.replace(/_/g, '-')}-${p.index + 1}`;

interface Drawn {
  planned: Planned;
  layout: string;
  bytes: Uint8Array;
  pageCount: number;
  fields: TruthField[];
  marks: TruthMark[];
  signatures: TruthSignature[];
  transactions: TruthTransaction[];
}

async function draw(p: Planned, facts: Facts, rand: Rand, split: LayoutSplit): Promise<Drawn> {
  const w = await DocWriter.create();
  const families = layoutFamilies(p.type, split);
  const layout = Math.floor(rand() * families.length);
  const family = families[layout]!;
  await family.draw({ w, facts, layout, rand, index: p.index });
  return { planned: p, layout: family.id, bytes: await w.save(), pageCount: w.pageNumber, fields: w.fields, marks: w.marks, signatures: w.signatures, transactions: w.transactions };
}

/** Sizes stress packets: more pay stubs and statement months, then busier months, until the target is near. */
async function growForTarget(facts: Facts, target: number): Promise<void> {
  facts.payStub.count = Math.min(26, Math.max(2, Math.round(target / 20)));
  facts.w2.years = 2;
  facts.bank.months = Math.min(24, Math.max(2, Math.round(target / 25)));
  // About 40 rows fit a continuation page: pages per month ~ (rows + 15) / 40.
  const fixedPages = 3 + facts.w2.years + facts.payStub.count + 2;
  const perMonth = Math.max(1, (target - fixedPages) / facts.bank.months);
  facts.bank.extraTransactions = Math.max(0, Math.round(perMonth * 40 - 30));
}

const FILE_MEDIA = { pdf: 'application/pdf', jpg: 'image/jpeg' } as const;

/** One packet from a seed: same seed and options, same bytes. */
export async function generatePacket(seed: number, options: PacketOptions): Promise<GeneratedPacket> {
  const defects = options.defects ?? [];
  const merged = options.merged ?? false;
  const rand = prng(seed);
  const story = makeStory(rand);
  const facts = baseFacts(story, rand);
  if (options.targetPages) await growForTarget(facts, options.targetPages);
  const cited = new Map<Defect, DrawnType[]>(defects.map((d) => [d, applyDefect(d, facts, rand)]));
  let planned = plan(facts, rand, defects, options.fullFile ?? false, cited);
  if (defects.includes('missing_document')) {
    const dropped = pick(rand, ['w2', 'pay_stub', 'bank_statement'] as const);
    planned = planned.filter((p) => p.type !== dropped);
  }
  if (merged) {
    // The application first, as lenders usually stack it; the rest in any order.
    const rest = shuffle(rand, planned.slice(1));
    planned = [planned[0]!, ...rest];
  }

  const drawn: Drawn[] = [];
  for (const p of planned) drawn.push(await draw(p, facts, rand, options.layouts ?? 'tuning'));

  // How each document arrives.
  const shared = options.rendition === 'mixed' && options.scannedShare !== undefined;
  const heldOut = options.layouts === 'held-out';
  const looks = shared ? scanShare(drawn, options.scannedShare!, rand) : drawn.map((d): 'digital' | PageLook => {
    const r = options.rendition;
    const single = d.pageCount === 1;
    if (r === 'digital') return 'digital';
    // Held-out packets also arrive in the held-out renditions (a fax, a photocopy of a copy, 100 DPI, a slanted
    // photo, coloured paper) as often as in the familiar ones.
    if (heldOut) return pick(rand, heldOutLooks(r, single));
    if (r === 'scanned') return 'scan';
    if (r === 'photo') return single ? 'photo' : 'scan';
    return pick(rand, single ? (['digital', 'scan', 'photo'] as const) : (['digital', 'scan'] as const));
  });
  let illegible: { doc: number; page: number } | undefined;
  if (defects.includes('illegible_page')) {
    const candidates = drawn.map((d, i) => i).filter((i) => drawn[i]!.planned.type !== 'urla_1003');
    const doc = pick(rand, candidates);
    illegible = { doc, page: int(rand, 1, drawn[doc]!.pageCount) };
    if (looks[doc] === 'digital') looks[doc] = 'scan';
  }

  // Render what is not digital; keep per page: bytes of the page source and how boxes move.
  interface PageSource {
    doc: number;
    page: number;
    image?: RenderedPage;
  }
  const pagesOf: PageSource[][] = [];
  for (const [i, d] of drawn.entries()) {
    const look = looks[i]!;
    if (look === 'digital') {
      pagesOf.push(Array.from({ length: d.pageCount }, (_, p) => ({ doc: i, page: p + 1 })));
      continue;
    }
    const pageLooks = Array.from({ length: d.pageCount }, (_, p): PageLook => (illegible?.doc === i && illegible.page === p + 1 ? 'illegible' : look));
    const images = await renderPages(d.bytes, pageLooks, rand);
    pagesOf.push(images.map((image, p) => ({ doc: i, page: p + 1, image })));
  }

  // A scanned PDF's page width in points: honest, except in held-out packets (scanners and print-to-PDF get it wrong).
  const pageSizing = (): PageSizing => (heldOut ? pick(rand, ['letter', 'small', 'huge'] as const) : 'letter');
  const files = new Map<string, Uint8Array>();
  const truthFiles: PacketTruth['files'] = [];
  const truthDocs: TruthDocument[] = [];
  const illegiblePages: PacketTruth['illegiblePages'] = [];
  const addTruth = (i: number, filename: string, firstPage: number) => {
    const d = drawn[i]!;
    const pages = pagesOf[i]!;
    const id = docId(d.planned);
    const move = <T extends { page: number; bbox: BBox }>(x: T): T => {
      const source = pages[x.page - 1]!;
      return { ...x, page: firstPage + x.page - 1, bbox: source.image ? source.image.mapBox(x.bbox) : x.bbox };
    };
    const unreadable = (x: { page: number }) => illegible?.doc === i && illegible.page === x.page;
    if (illegible?.doc === i) illegiblePages.push({ filename, page: firstPage + illegible.page - 1, documentId: id });
    truthDocs.push({
      documentId: id,
      type: truthType(d.planned.type),
      filename,
      pages: [firstPage, firstPage + d.pageCount - 1],
      layout: d.layout,
      look: looks[i]!,
      fields: d.fields.filter((f) => !unreadable(f)).map(move),
      marks: d.marks.map(move),
      signatures: d.signatures.map(move),
      ...(d.planned.type === 'bank_statement' ? { transactions: d.transactions.map(move) } : {}),
    });
  };

  if (merged) {
    const out = await PDFDocument.create();
    let page = 1;
    for (const [i, d] of drawn.entries()) {
      if (looks[i] === 'digital') {
        const src = await PDFDocument.load(d.bytes);
        for (const copied of await out.copyPages(src, src.getPageIndices())) out.addPage(copied);
      } else {
        const imgs = await PDFDocument.load(await imagePdf(pagesOf[i]!.map((p) => p.image!), pageSizing(), rand));
        for (const copied of await out.copyPages(imgs, imgs.getPageIndices())) out.addPage(copied);
      }
      addTruth(i, 'packet.pdf', page);
      page += d.pageCount;
    }
    files.set('packet.pdf', await savePdf(out));
    truthFiles.push({ filename: 'packet.pdf', mediaType: FILE_MEDIA.pdf, documentIds: truthDocs.map((t) => t.documentId), pages: page - 1 });
  } else {
    for (const [i, d] of drawn.entries()) {
      const id = docId(d.planned);
      const look = looks[i]!;
      let filename: string;
      let bytes: Uint8Array;
      if (look === 'digital') [filename, bytes] = [`${id}.pdf`, d.bytes];
      // A one-page scan arrives as a JPEG; in held-out packets half of them come as a PDF whose page size may be wrong.
      else if (d.pageCount === 1 && !(heldOut && rand() < 0.5)) [filename, bytes] = [`${id}.jpg`, pagesOf[i]![0]!.image!.jpeg];
      else [filename, bytes] = [`${id}.pdf`, await imagePdf(pagesOf[i]!.map((p) => p.image!), pageSizing(), rand)];
      files.set(filename, bytes);
      addTruth(i, filename, 1);
      truthFiles.push({ filename, mediaType: filename.endsWith('.jpg') ? FILE_MEDIA.jpg : FILE_MEDIA.pdf, documentIds: [id], pages: d.pageCount });
    }
  }

  const idsOf = (types: DrawnType[]) => truthDocs.filter((t) => (types as string[]).includes(t.type)).map((t) => t.documentId);
  // A defect planted on documents the packet then left out (a stale pay stub in a packet missing its pay stub) has
  // nothing to be found on: it is not expected. The application is always there and does not count.
  const present = new Set<string>(truthDocs.map((t) => t.type));
  const findable = (d: Defect) => {
    const on = (cited.get(d) ?? []).filter((t) => t !== 'urla_1003');
    return !on.length || on.some((t) => present.has(t));
  };
  const expectedFindings = defects.filter(findable).map((d) => ({
    code: EXPECTED_CODE[d] ?? d,
    documentIds: d === 'illegible_page' ? [illegiblePages[0]!.documentId] : d === 'missing_document' ? [] : idsOf(cited.get(d) ?? []),
  }));
  const truth: PacketTruth = {
    packetId: `synth-${seed}`,
    tenantId: 'evals',
    seed,
    generatorVersion: GENERATOR_VERSION,
    rendition: options.rendition,
    merged,
    // Only held-out packets say so: the tuning sets' truth files (and their checksums) stay as they were.
    ...(options.layouts === 'held-out' ? { layouts: 'held-out' as const } : {}),
    applicationDate: isoDate(story.applicationDate),
    files: truthFiles,
    documents: truthDocs,
    illegiblePages,
    defects,
    expectedFindings,
    expectedStatus: defects.includes('missing_document') ? 'incomplete' : defects.length ? 'needs_review' : 'clear',
  };
  const manifest = {
    packetId: truth.packetId,
    tenantId: 'evals',
    loanNumber: `LN-${seed}`,
    submittedAt: `${truth.applicationDate}T12:00:00.000Z`,
    applicants: [story.borrower, ...(story.coBorrower ? [story.coBorrower] : [])].map((p) => ({ firstName: p.first, lastName: p.last })),
    documents: truthFiles.map((f) => ({ documentId: merged ? 'packet' : f.documentIds[0]!, filename: f.filename, mediaType: f.mediaType })),
  };
  return { truth, manifest, files };
}

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** What a held-out packet's non-digital document looks like, by the packet's rendition and the document's length. */
function heldOutLooks(rendition: Rendition, single: boolean): ('digital' | PageLook)[] {
  const scans: PageLook[] = ['scan', 'fax', 'photocopy', 'lowres', 'coloured-paper'];
  const photos: PageLook[] = ['photo', 'slanted-photo'];
  if (rendition === 'scanned') return scans;
  if (rendition === 'photo') return single ? photos : scans;
  return single ? ['digital', ...scans, ...photos] : ['digital', ...scans];
}

/** Scans whole documents, visited in a seeded order, while the scanned pages stay within `share` of all pages. */
function scanShare(drawn: readonly { pageCount: number }[], share: number, rand: Rand): ('digital' | PageLook)[] {
  const total = drawn.reduce((n, d) => n + d.pageCount, 0);
  const order = shuffle(rand, drawn.map((_, i) => i));
  const looks: ('digital' | PageLook)[] = drawn.map(() => 'digital');
  let scanned = 0;
  for (const i of order) {
    if (scanned + drawn[i]!.pageCount > share * total) continue;
    looks[i] = 'scan';
    scanned += drawn[i]!.pageCount;
  }
  return looks;
}
