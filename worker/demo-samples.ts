import { createHash } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import { REQUIRED_DOCUMENT_TYPES, type DocumentType } from '../core/document-types.js';
import type { MediaType } from '../core/events.js';

/**
 * Three demo packets for `docket demo` and the end-to-end tests, written as drop-folder packets (files plus a
 * manifest.json, written last). Invented people, fake SSNs in the never-issued 9xx range, fixed dates and a seeded
 * PRNG: the bytes are the same on every run. Each form is one list of lines drawn by `drawForm`, either into a
 * pdf-lib page (a digital PDF with a text layer) or onto a 200-DPI canvas that is then skewed and speckled (a scan).
 */

export interface SampleDocument {
  documentId: string;
  filename: string;
  mediaType: MediaType;
  /** Ground truth for the classifier. */
  type: DocumentType;
  /** An image (or image-only PDF): its text has to come from OCR. */
  scanned: boolean;
}

export interface SamplePacket {
  packetId: string;
  loanNumber: string;
  /** The packet's folder, holding manifest.json and the files. */
  dir: string;
  documents: SampleDocument[];
  /** One entry per document, in manifest order. */
  expectedTypes: DocumentType[];
  missingTypes: DocumentType[];
  /** What a perfect reader decides. Low OCR confidence on the scans may fairly route B to needs_review. */
  expectedStatus: 'clear' | 'incomplete';
  scanned: boolean;
}

const SUBMITTED_AT = '2026-04-02T14:30:00.000Z';
const APPLICATION_DATE = '04/01/2026';
const SCAN_DPI = 200;

interface Person {
  first: string;
  last: string;
  ssn: string;
  dob: string;
  address: string;
  employer: string;
  employerAddress: string;
  ein: string;
  monthly: number;
  wages2025: number;
  loan: number;
  account: string;
  opening: number;
}

const AVERY: Person = {
  first: 'Avery', last: 'Quinlan', ssn: '921-55-0147', dob: '04/17/1988', address: '418 Larkspur Lane, Fairhaven, OH 45990',
  employer: 'Brightwater Analytics LLC', employerAddress: '200 Canal Street, Suite 5, Fairhaven, OH 45990', ein: '98-7654321',
  monthly: 7500, wages2025: 87_600, loan: 320_000, account: '4417', opening: 12_480.55,
};
const ROWAN: Person = {
  first: 'Rowan', last: 'Pelliday', ssn: '934-20-7781', dob: '11/02/1991', address: '77 Juniper Court, Millbrook, PA 19990',
  employer: 'Cobalt Ridge Logistics Inc.', employerAddress: '9 Depot Road, Millbrook, PA 19990', ein: '97-1234567',
  monthly: 6200, wages2025: 72_400, loan: 265_000, account: '2093', opening: 8_915.2,
};
const EMERY: Person = {
  first: 'Emery', last: 'Castellane', ssn: '958-03-4410', dob: '02/28/1985', address: '12 Old Mill Road, Harlow, VT 05990',
  employer: 'Tidewater Dental Group', employerAddress: '3 Harbor View, Harlow, VT 05990', ein: '96-5550123',
  monthly: 5400, wages2025: 63_800, loan: 198_000, account: '7760', opening: 5_230.0,
};

type FormLine =
  | { kind: 'title' | 'heading' | 'text'; text: string }
  | { kind: 'field'; label: string; value: string }
  | { kind: 'row'; cells: string[]; bold?: boolean };
type Form = FormLine[][];

const title = (text: string): FormLine => ({ kind: 'title', text });
const heading = (text: string): FormLine => ({ kind: 'heading', text });
const text = (t: string): FormLine => ({ kind: 'text', text: t });
const field = (label: string, value: string): FormLine => ({ kind: 'field', label, value });
const row = (cells: string[], bold = false): FormLine => ({ kind: 'row', cells, bold });

const money = (n: number): string => n.toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const name = (p: Person): string => `${p.first} ${p.last}`;

function urla(p: Person): Form {
  return [
    [
      title('Uniform Residential Loan Application'), text('Freddie Mac Form 65 / Fannie Mae Form 1003'),
      field('Application date:', APPLICATION_DATE),
      heading('Section 1a. Borrower Information'), field('Borrower name:', name(p)), field('SSN:', p.ssn),
      field('Date of birth:', p.dob), field('Current address:', p.address), field('Citizenship:', 'U.S. Citizen'),
      heading('Section 1b. Current Employment / Self-Employment and Income'), field('Employer name:', p.employer),
      field('Employer address:', p.employerAddress), field('Position or title:', 'Operations analyst'),
      field('Start date:', '06/01/2019'), field('Base monthly income', `$ ${money(p.monthly)}`),
      field('Overtime / bonus', '$ 0.00'), field('Total monthly income', `$ ${money(p.monthly)}`),
    ],
    [
      heading('Section 4. Loan and Property Information'), field('Loan amount:', `$ ${money(p.loan)}`),
      field('Loan purpose:', 'Purchase'), field('Property address:', p.address), field('Occupancy:', 'Primary residence'),
      heading('Section 5. Declarations'), text('A. Will you occupy the property as your primary residence? Yes'),
      text('B. Are there any outstanding judgments against you? No'), text('C. Have you declared bankruptcy within the past 7 years? No'),
      heading('Section 7. Acknowledgments and Agreements'),
      text('I certify that the information provided in this application is true and correct.'),
      field('Signature:', `${name(p)} (signed electronically)`), field('Date:', APPLICATION_DATE),
    ],
  ];
}

function w2(p: Person): Form {
  const w = p.wages2025;
  return [[
    title('Form W-2 Wage and Tax Statement 2025'), text('Copy B - To Be Filed With Employee\'s FEDERAL Tax Return'),
    field('Tax year:', '2025'), field('a Employee\'s social security number:', p.ssn),
    field('b Employer identification number (EIN):', p.ein), field('c Employer\'s name:', p.employer),
    field('Employer\'s address:', p.employerAddress), field('e Employee\'s name:', name(p)), field('f Employee\'s address:', p.address),
    field('1 Wages, tips, other compensation', money(w)), field('2 Federal income tax withheld', money(w * 0.12)),
    field('3 Social security wages', money(w)), field('4 Social security tax withheld', money(w * 0.062)),
    field('5 Medicare wages and tips', money(w)), field('6 Medicare tax withheld', money(w * 0.0145)),
    text('Department of the Treasury - Internal Revenue Service'),
  ]];
}

const TAXES = [['Federal income tax', 0.12], ['Social Security', 0.062], ['Medicare', 0.0145], ['State income tax', 0.04]] as const;
/** Semi-monthly net pay: what the bank statement shows as payroll deposits. */
const netPay = (p: Person): number => p.monthly / 2 - TAXES.reduce((s, [, r]) => s + Math.round((p.monthly / 2) * r * 100) / 100, 0);

/** Semi-monthly pay; `periods` = pay periods so far this year, this one included. */
function payStub(p: Person, period: string, payDate: string, periods: number): Form {
  const gross = p.monthly / 2;
  return [[
    title('Earnings Statement'), field('Employer:', p.employer), text(p.employerAddress), field('Employee name:', name(p)),
    field('Pay period:', period), field('Pay date:', payDate),
    row(['Earnings', 'Rate', 'Current', 'YTD'], true), row(['Regular salary', 'Salary', money(gross), money(gross * periods)]),
    row(['Deductions', '', 'Current', 'YTD'], true),
    ...TAXES.map(([label, r]) => row([label, '', money(gross * r), money(gross * r * periods)])),
    field('Gross pay (current):', `$ ${money(gross)}`), field('Gross pay (YTD):', `$ ${money(gross * periods)}`),
    field('Net pay:', `$ ${money(netPay(p))}`),
  ]];
}

function bankStatement(p: Person): Form {
  const pay = netPay(p);
  const moves: [string, string, number][] = [
    ['03/05/2026', `Payroll ${p.employer}`, pay], ['03/06/2026', 'Rent payment', -1_650],
    ['03/12/2026', 'Grocery market', -142.37], ['03/18/2026', 'Electric utility', -96.4],
    ['03/20/2026', `Payroll ${p.employer}`, pay], ['03/27/2026', 'Transfer to savings', -500],
  ];
  let balance = p.opening;
  const rows = moves.map(([date, what, amount]) => row([date, what, money(amount), money((balance += amount))]));
  return [[
    title('Northfield Savings Bank'), heading('Statement of Account'), field('Account holder:', name(p)),
    field('Account number:', `******${p.account}`), field('Statement period:', '03/01/2026 - 03/31/2026'),
    field('Beginning balance:', `$ ${money(p.opening)}`), row(['Date', 'Description', 'Amount', 'Balance'], true), ...rows,
    field('Total deposits:', `$ ${money(2 * pay)}`), field('Ending balance:', `$ ${money(balance)}`),
  ]];
}

/** Where drawForm puts things: positions in points from the top-left of a US-letter page. */
interface Surface {
  text(s: string, x: number, y: number, size: number, bold: boolean): void;
  rule(x: number, y: number, width: number): void;
}

const LEFT = 72;
const VALUE_X = 300;
const ROW_X = [LEFT, 180, 400, 480];

function drawForm(surface: Surface, lines: FormLine[]): void {
  let y = 72;
  for (const line of lines) {
    const size = line.kind === 'title' ? 16 : line.kind === 'heading' ? 12 : 10.5;
    y += size * (line.kind === 'heading' ? 2.2 : 1.8);
    if (line.kind === 'field') {
      surface.text(line.label, LEFT, y, size, false);
      surface.text(line.value, VALUE_X, y, size, false);
    } else if (line.kind === 'row') {
      line.cells.forEach((cell, i) => surface.text(cell, ROW_X[i]!, y, size, Boolean(line.bold)));
    } else {
      surface.text(line.text, LEFT, y, size, line.kind !== 'text');
      if (line.kind === 'heading') surface.rule(LEFT, y + 4, 468);
    }
  }
}

async function digitalPdf(form: Form): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const [regular, heavy] = [await doc.embedFont(StandardFonts.Helvetica), await doc.embedFont(StandardFonts.HelveticaBold)];
  for (const lines of form) {
    const page = doc.addPage([612, 792]);
    drawForm({
      text: (s, x, y, size, bold) => page.drawText(s, { x, y: 792 - y, size, font: bold ? heavy : regular }),
      rule: (x, y, width) => page.drawLine({ start: { x, y: 792 - y }, end: { x: x + width, y: 792 - y }, thickness: 0.8, color: rgb(0, 0, 0) }),
    }, lines);
  }
  return doc.save();
}

/** The first page of `form` as a 200-DPI scan: skewed 1.5 degrees, grain and specks from a seeded PRNG. */
async function scannedPage(form: Form, seed: number): Promise<{ png: Buffer; jpeg: Buffer }> {
  registerFonts();
  const scale = SCAN_DPI / 72;
  const [width, height] = [Math.round(8.5 * SCAN_DPI), Math.round(11 * SCAN_DPI)];
  const canvas = createCanvas(width, height);
  const ctx: SKRSContext2D = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.translate(width / 2, height / 2);
  ctx.rotate((1.5 * Math.PI) / 180);
  ctx.translate(-width / 2, -height / 2);
  ctx.fillStyle = '#202020';
  drawForm({
    text: (s, x, y, size, bold) => {
      ctx.font = `${bold ? 'bold ' : ''}${size * scale}px DocketSans`;
      ctx.fillText(s, x * scale, y * scale);
    },
    rule: (x, y, w) => ctx.fillRect(x * scale, y * scale, w * scale, 2),
  }, form[0]!);
  ctx.resetTransform();
  const image = ctx.getImageData(0, 0, width, height);
  const random = mulberry32(seed);
  for (let i = 0; i < image.data.length; i += 4) {
    const r = random();
    const shift = r < 0.0005 ? -140 : r < 0.05 ? Math.round((random() - 0.5) * 60) : 0;
    for (let c = 0; c < 3; c++) image.data[i + c] = Math.min(255, Math.max(0, image.data[i + c]! + shift));
  }
  ctx.putImageData(image, 0, 0);
  return { png: await canvas.encode('png'), jpeg: await canvas.encode('jpeg', 82) };
}

async function imagePdf(jpeg: Buffer): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const image = await doc.embedJpg(jpeg);
  doc.addPage([612, 792]).drawImage(image, { x: 0, y: 0, width: 612, height: 792 });
  return doc.save();
}

let fontsRegistered = false;
/** Liberation Sans (metric-compatible with Helvetica), from pdfjs-dist: the same glyphs on every machine. */
function registerFonts(): void {
  if (fontsRegistered) return;
  const fonts = path.join(path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts');
  GlobalFonts.registerFromPath(path.join(fonts, 'LiberationSans-Regular.ttf'), 'DocketSans');
  GlobalFonts.registerFromPath(path.join(fonts, 'LiberationSans-Bold.ttf'), 'DocketSans');
  fontsRegistered = true;
}

/** Small seeded PRNG (mulberry32): deterministic noise. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type PacketFile = Omit<SampleDocument, 'mediaType'> & { bytes: Uint8Array };
const MEDIA: Record<string, MediaType> = { pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg' };

/** Writes packets A (digital, clear), B (W-2 and pay stubs scanned) and C (incomplete) under `dir`. */
export async function writeSamplePackets(dir: string): Promise<SamplePacket[]> {
  const w2Scan = await scannedPage(w2(ROWAN), 2);
  const stubScan = await scannedPage(payStub(ROWAN, '03/01/2026 - 03/15/2026', '03/20/2026', 5), 3);
  const olderStubScan = await scannedPage(payStub(ROWAN, '02/16/2026 - 02/28/2026', '03/05/2026', 4), 4);
  const pdf = async (documentId: string, type: DocumentType, form: Form): Promise<PacketFile> =>
    ({ documentId, filename: `${documentId}.pdf`, type, scanned: false, bytes: await digitalPdf(form) });
  const scan = (documentId: string, ext: string, type: DocumentType, bytes: Uint8Array): PacketFile =>
    ({ documentId, filename: `${documentId}.${ext}`, type, scanned: true, bytes });
  return [
    await writePacket(dir, 'demo-a-digital', 'LN-2026-000101', AVERY, [
      await pdf('urla-1003', 'urla_1003', urla(AVERY)), await pdf('w2-2025', 'w2', w2(AVERY)),
      await pdf('paystub-2026-03-15', 'pay_stub', payStub(AVERY, '03/01/2026 - 03/15/2026', '03/20/2026', 5)),
      await pdf('bank-statement-2026-03', 'bank_statement', bankStatement(AVERY)),
    ]),
    await writePacket(dir, 'demo-b-scanned', 'LN-2026-000102', ROWAN, [
      await pdf('urla-1003', 'urla_1003', urla(ROWAN)), scan('w2-2025-scan', 'png', 'w2', w2Scan.png),
      scan('paystub-2026-03-15-scan', 'jpg', 'pay_stub', stubScan.jpeg),
      scan('paystub-2026-02-28-scan', 'pdf', 'pay_stub', await imagePdf(olderStubScan.jpeg)),
      await pdf('bank-statement-2026-03', 'bank_statement', bankStatement(ROWAN)),
    ]),
    await writePacket(dir, 'demo-c-incomplete', 'LN-2026-000103', EMERY, [
      await pdf('urla-1003', 'urla_1003', urla(EMERY)),
      await pdf('paystub-2026-03-15', 'pay_stub', payStub(EMERY, '03/01/2026 - 03/15/2026', '03/20/2026', 5)),
    ]),
  ];
}

async function writePacket(root: string, packetId: string, loanNumber: string, p: Person, files: PacketFile[]): Promise<SamplePacket> {
  const dir = path.join(root, packetId);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const documents: SampleDocument[] = files.map(({ documentId, filename, type, scanned }) =>
    ({ documentId, filename, mediaType: MEDIA[path.extname(filename).slice(1)]!, type, scanned }));
  for (const f of files) await writeFile(path.join(dir, f.filename), f.bytes);
  const manifest = {
    packetId, tenantId: 'demo', loanNumber, submittedAt: SUBMITTED_AT, applicants: [{ firstName: p.first, lastName: p.last }],
    documents: files.map(({ documentId, filename, bytes }, i) =>
      ({ documentId, filename, mediaType: documents[i]!.mediaType, sha256: createHash('sha256').update(bytes).digest('hex') })),
  };
  // Written last and renamed into place: the folder intake starts a packet as soon as manifest.json exists.
  await writeFile(path.join(dir, 'manifest.json.tmp'), `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(path.join(dir, 'manifest.json.tmp'), path.join(dir, 'manifest.json'));
  const expectedTypes = documents.map((d) => d.type);
  const missingTypes = REQUIRED_DOCUMENT_TYPES.filter((t) => !expectedTypes.includes(t));
  return {
    packetId, loanNumber, dir, documents, expectedTypes, missingTypes,
    expectedStatus: missingTypes.length ? 'incomplete' : 'clear', scanned: documents.some((d) => d.scanned),
  };
}
