import { createHash } from 'node:crypto';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { PDFDocument, StandardFonts, type PDFFont } from 'pdf-lib';
import type { DocumentType } from '../../core/document-types.js';
import { normalizeDate, normalizeMoney, normalizeSsn, normalizeText, normalizeYear } from '../../core/normalize.js';
import type { BBox } from '../../core/page.js';
import { openPdf } from '../../inference/pdf.js';

/**
 * A small seeded packet generator with full ground truth: every value drawn is recorded with its normalized form
 * and its box on the page. Same seed, same bytes. Three layouts per document type (fonts, label wording, positions),
 * digital (text layer) and scanned (rendered, rotated, speckled, no text layer) renditions, and injected defects
 * with the finding each should produce. Invented people only; SSNs in the never-issued 9xx range.
 */
export const GENERATOR_VERSION = 'lite-1';

export type Rendition = 'digital' | 'scanned';
export type Defect = 'missing_document' | 'income_mismatch' | 'stale_pay_stub';

export interface TruthField {
  name: string;
  value: string;
  normalized: string;
  page: number;
  bbox: BBox;
}

export interface TruthDocument {
  documentId: string;
  type: DocumentType;
  filename: string;
  pages: [number, number];
  layout: string;
  fields: TruthField[];
}

export interface PacketTruth {
  packetId: string;
  tenantId: string;
  seed: number;
  generatorVersion: string;
  rendition: Rendition;
  applicationDate: string;
  files: { filename: string; mediaType: string; documentIds: string[] }[];
  documents: TruthDocument[];
  defects: Defect[];
  expectedFindings: { code: string; documentIds: string[] }[];
  expectedStatus: 'clear' | 'needs_review' | 'incomplete';
}

export interface GeneratedPacket {
  truth: PacketTruth;
  manifest: unknown;
  files: Map<string, Uint8Array>;
}

/** mulberry32: small, fast, good enough for test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Avery', 'Rowan', 'Jordan', 'Emerson', 'Harper', 'Quinn', 'Sawyer', 'Marlowe', 'Tatum', 'Ellis'];
const LAST = ['Quinlan', 'Pelliday', 'Ashworth', 'Brightwater', 'Caldera', 'Dunmore', 'Fairbrook', 'Halloran', 'Kestrel', 'Vantreight'];
const EMPLOYERS = ['Cobalt Ridge Logistics Inc.', 'Northwind Harbor Supply LLC', 'Silverpine Dental Group', 'Meridian Fieldworks Co.', 'Bluefen Analytics Ltd.'];
const STREETS = ['Juniper Court', 'Larkspur Lane', 'Old Mill Road', 'Harbor View Drive', 'Quarry Hill Way'];
const TOWNS = ['Millbrook, PA 19990', 'Eastwick, OH 44999', 'Fernvale, OR 97999', 'Cedar Bluff, NC 27999'];

interface Story {
  first: string;
  last: string;
  ssn: string;
  dob: string;
  address: string;
  employer: string;
  annual: number;
  loanAmount: number;
  applicationDate: Date;
}

function story(rand: () => number): Story {
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const annual = Math.round((48_000 + rand() * 90_000) / 100) * 100;
  return {
    first: pick(FIRST),
    last: pick(LAST),
    ssn: `9${String(10 + Math.floor(rand() * 89))}-${String(10 + Math.floor(rand() * 89))}-${String(1000 + Math.floor(rand() * 8999))}`,
    dob: fmtDate(new Date(Date.UTC(1965 + Math.floor(rand() * 35), Math.floor(rand() * 12), 1 + Math.floor(rand() * 27)))),
    address: `${10 + Math.floor(rand() * 980)} ${pick(STREETS)}, ${pick(TOWNS)}`,
    employer: pick(EMPLOYERS),
    annual,
    loanAmount: Math.round((annual * (2.5 + rand() * 2)) / 1000) * 1000,
    applicationDate: new Date(Date.UTC(2026, 2 + Math.floor(rand() * 6), 1 + Math.floor(rand() * 27))),
  };
}

const money = (n: number) => `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
function fmtDate(d: Date): string {
  return `${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}/${d.getUTCFullYear()}`;
}
const daysBefore = (d: Date, days: number) => new Date(d.getTime() - days * 86_400_000);

/** One printed row: a label and, optionally, a field value after it. */
interface Row {
  label: string;
  value?: string;
  field?: string;
  kind?: 'money' | 'date' | 'ssn' | 'year' | 'text';
}

interface DocSpec {
  type: DocumentType;
  title: string;
  rows: Row[];
}

/** Label wording per layout: each is one the baseline extractor's label patterns accept. */
const LAYOUTS = [
  { font: StandardFonts.Helvetica, size: 10.5, labelX: 60, valueX: 260, lead: 20 },
  { font: StandardFonts.TimesRoman, size: 11, labelX: 72, valueX: 300, lead: 22 },
  { font: StandardFonts.Courier, size: 10, labelX: 54, valueX: 330, lead: 18 },
] as const;

function documents(s: Story, rand: () => number, defects: Defect[]): DocSpec[] {
  const name = `${s.first} ${s.last}`;
  const monthly = s.annual / 12;
  const statedMonthly = defects.includes('income_mismatch') ? monthly * 1.35 : monthly;
  const stubAge = defects.includes('stale_pay_stub') ? 45 + Math.floor(rand() * 20) : 5 + Math.floor(rand() * 10);
  const payDate = daysBefore(s.applicationDate, stubAge);
  const periodEnd = daysBefore(payDate, 5);
  const periodStart = daysBefore(periodEnd, 13);
  const perPeriod = s.annual / 26;
  const periodsYtd = Math.max(1, Math.floor((payDate.getTime() - Date.UTC(payDate.getUTCFullYear(), 0, 1)) / (14 * 86_400_000)));
  const begin = 3000 + Math.round(rand() * 20000);
  const end = begin + Math.round((rand() - 0.3) * 3000);
  const stmtEnd = daysBefore(s.applicationDate, 10);
  return [
    {
      type: 'urla_1003',
      title: 'Uniform Residential Loan Application',
      rows: [
        { label: 'Section 1: Borrower Information' },
        { label: 'Borrower Name:', value: name, field: 'borrower_name', kind: 'text' },
        { label: 'Social Security Number:', value: s.ssn, field: 'ssn', kind: 'ssn' },
        { label: 'Date of Birth:', value: s.dob, field: 'date_of_birth', kind: 'date' },
        { label: 'Current Address:', value: s.address, field: 'current_address', kind: 'text' },
        { label: 'Employer Name:', value: s.employer, field: 'employer_name', kind: 'text' },
        { label: 'Base Monthly Income:', value: money(statedMonthly), field: 'monthly_income', kind: 'money' },
        { label: 'Loan Amount:', value: money(s.loanAmount), field: 'loan_amount', kind: 'money' },
        { label: 'Application Date:', value: fmtDate(s.applicationDate), field: 'application_date', kind: 'date' },
      ],
    },
    {
      type: 'w2',
      title: 'Form W-2 Wage and Tax Statement',
      rows: [
        { label: 'Tax year', value: String(s.applicationDate.getUTCFullYear() - 1), field: 'tax_year', kind: 'year' },
        { label: "Employer's name:", value: s.employer, field: 'employer_name', kind: 'text' },
        { label: "Employee's name:", value: name, field: 'employee_name', kind: 'text' },
        { label: '1 Wages, tips, other compensation', value: money(s.annual), field: 'wages', kind: 'money' },
      ],
    },
    {
      type: 'pay_stub',
      title: 'Earnings Statement',
      rows: [
        { label: 'Employer:', value: s.employer, field: 'employer_name', kind: 'text' },
        { label: 'Employee:', value: name, field: 'employee_name', kind: 'text' },
        { label: 'Pay Period:', value: `${fmtDate(periodStart)} - ${fmtDate(periodEnd)}`, field: 'pay_period_end', kind: 'date' },
        { label: 'Pay Date:', value: fmtDate(payDate), field: 'pay_date', kind: 'date' },
        { label: 'Gross Pay (Current):', value: money(perPeriod), field: 'gross_pay_current', kind: 'money' },
        { label: 'Gross Pay (YTD):', value: money(perPeriod * periodsYtd), field: 'gross_pay_ytd', kind: 'money' },
      ],
    },
    {
      type: 'bank_statement',
      title: 'Statement of Account',
      rows: [
        { label: 'Account Holder:', value: name, field: 'account_holder', kind: 'text' },
        { label: 'Statement Period:', value: `${fmtDate(daysBefore(stmtEnd, 30))} - ${fmtDate(stmtEnd)}`, field: 'statement_period_end', kind: 'date' },
        { label: 'Beginning Balance:', value: money(begin), field: 'beginning_balance', kind: 'money' },
        { label: 'Ending Balance:', value: money(end), field: 'ending_balance', kind: 'money' },
      ],
    },
  ];
}

function normalize(row: Row): string {
  const v = row.value!;
  const n =
    row.kind === 'money' ? normalizeMoney(v)
    : row.kind === 'date' ? (row.field?.endsWith('_end') ? normalizeDate(v.split(' - ').at(-1)!) : normalizeDate(v))
    : row.kind === 'ssn' ? normalizeSsn(v)
    : row.kind === 'year' ? normalizeYear(v)
    : normalizeText(v);
  if (n === null) throw new Error(`generator wrote an unparseable ${row.kind}: ${row.field}`);
  return n;
}

const PAGE = { w: 612, h: 792 };

/** Draws one document on a letter page and returns its truth fields (boxes normalized, top-left origin). */
async function drawDocument(pdf: PDFDocument, spec: DocSpec, layoutIndex: number): Promise<TruthField[]> {
  const layout = LAYOUTS[layoutIndex]!;
  const font: PDFFont = await pdf.embedFont(layout.font);
  const page = pdf.addPage([PAGE.w, PAGE.h]);
  page.drawText(spec.title, { x: layout.labelX, y: PAGE.h - 72, size: 16, font });
  const fields: TruthField[] = [];
  spec.rows.forEach((row, i) => {
    const baseline = PAGE.h - 120 - i * layout.lead;
    page.drawText(row.label, { x: layout.labelX, y: baseline, size: layout.size, font });
    if (row.value === undefined || !row.field) return;
    page.drawText(row.value, { x: layout.valueX, y: baseline, size: layout.size, font });
    const width = font.widthOfTextAtSize(row.value, layout.size);
    const top = PAGE.h - baseline - layout.size * 0.8;
    fields.push({
      name: row.field,
      value: row.value,
      normalized: normalize(row),
      page: pdf.getPageCount(),
      bbox: { x: layout.valueX / PAGE.w, y: top / PAGE.h, w: width / PAGE.w, h: layout.size / PAGE.h },
    });
  });
  return fields;
}

async function fixedPdf(pdf: PDFDocument): Promise<Uint8Array> {
  const epoch = new Date(Date.UTC(2026, 0, 1));
  pdf.setCreationDate(epoch);
  pdf.setModificationDate(epoch);
  pdf.setProducer('docket-evals');
  pdf.setCreator('docket-evals');
  return pdf.save({ useObjectStreams: false });
}

/** Renders page 1 of a PDF as a scan: 150 DPI, rotated up to 1.5 degrees, speckled; boxes follow the rotation. */
async function scan(pdfBytes: Uint8Array, fields: TruthField[], rand: () => number): Promise<{ png: Buffer; fields: TruthField[] }> {
  const handle = await openPdf(pdfBytes, { maxPages: 1 });
  const page = await handle.render(1, 150, 50_000_000);
  await handle.close();
  const image = await loadImage(page.png);
  const canvas = createCanvas(page.width, page.height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, page.width, page.height);
  const angle = ((rand() * 3 - 1.5) * Math.PI) / 180;
  ctx.translate(page.width / 2, page.height / 2);
  ctx.rotate(angle);
  ctx.drawImage(image, -page.width / 2, -page.height / 2);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = '#555';
  for (let i = 0; i < 1500; i++) ctx.fillRect(Math.floor(rand() * page.width), Math.floor(rand() * page.height), 1, 1);
  const aspect = page.width / page.height;
  const rotate = (x: number, y: number) => {
    // Rotation about the centre, in a frame where both axes have the same unit.
    const dx = (x - 0.5) * aspect;
    const dy = y - 0.5;
    return { x: (dx * Math.cos(angle) - dy * Math.sin(angle)) / aspect + 0.5, y: dx * Math.sin(angle) + dy * Math.cos(angle) + 0.5 };
  };
  const moved = fields.map((f) => {
    const corners = [rotate(f.bbox.x, f.bbox.y), rotate(f.bbox.x + f.bbox.w, f.bbox.y), rotate(f.bbox.x, f.bbox.y + f.bbox.h), rotate(f.bbox.x + f.bbox.w, f.bbox.y + f.bbox.h)];
    const x = Math.min(...corners.map((c) => c.x));
    const y = Math.min(...corners.map((c) => c.y));
    return { ...f, page: 1, bbox: { x, y, w: Math.max(...corners.map((c) => c.x)) - x, h: Math.max(...corners.map((c) => c.y)) - y } };
  });
  return { png: canvas.toBuffer('image/png'), fields: moved };
}

const FINDING_FOR: Record<Defect, string> = {
  missing_document: 'missing_document',
  income_mismatch: 'income_mismatch',
  stale_pay_stub: 'stale_pay_stub',
};

/** One packet from a seed: same seed and options, same bytes. */
export async function generatePacket(seed: number, rendition: Rendition, defects: Defect[] = []): Promise<GeneratedPacket> {
  const rand = prng(seed);
  const s = story(rand);
  const packetId = `synth-${seed}`;
  let specs = documents(s, rand, defects);
  let dropped: DocumentType | undefined;
  if (defects.includes('missing_document')) {
    dropped = (['w2', 'pay_stub', 'bank_statement'] as const)[Math.floor(rand() * 3)]!;
    specs = specs.filter((d) => d.type !== dropped);
  }
  const files = new Map<string, Uint8Array>();
  const truthDocs: TruthDocument[] = [];
  const truthFiles: PacketTruth['files'] = [];
  for (const spec of specs) {
    const layout = Math.floor(rand() * LAYOUTS.length);
    const pdf = await PDFDocument.create();
    const fields = await drawDocument(pdf, spec, layout);
    const bytes = await fixedPdf(pdf);
    const documentId = spec.type.replace('_', '-');
    let filename = `${documentId}.pdf`;
    let mediaType = 'application/pdf';
    let docFields = fields;
    if (rendition === 'scanned') {
      const scanned = await scan(bytes, fields, rand);
      filename = `${documentId}.png`;
      mediaType = 'image/png';
      files.set(filename, scanned.png);
      docFields = scanned.fields;
    } else files.set(filename, bytes);
    truthFiles.push({ filename, mediaType, documentIds: [documentId] });
    truthDocs.push({ documentId, type: spec.type, filename, pages: [1, 1], layout: `${spec.type}/${layout}`, fields: docFields });
  }
  const expectedFindings = defects.map((d) => ({ code: FINDING_FOR[d], documentIds: d === 'missing_document' ? [] : truthDocs.map((t) => t.documentId) }));
  const truth: PacketTruth = {
    packetId,
    tenantId: 'evals',
    seed,
    generatorVersion: GENERATOR_VERSION,
    rendition,
    applicationDate: s.applicationDate.toISOString().slice(0, 10),
    files: truthFiles,
    documents: truthDocs,
    defects,
    expectedFindings,
    expectedStatus: defects.includes('missing_document') ? 'incomplete' : defects.length ? 'needs_review' : 'clear',
  };
  const manifest = {
    packetId,
    tenantId: 'evals',
    loanNumber: `LN-${seed}`,
    submittedAt: `${truth.applicationDate}T12:00:00.000Z`,
    applicants: [{ firstName: s.first, lastName: s.last }],
    documents: truthFiles.map((f) => ({ documentId: f.documentIds[0]!, filename: f.filename, mediaType: f.mediaType })),
  };
  return { truth, manifest, files };
}

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}
