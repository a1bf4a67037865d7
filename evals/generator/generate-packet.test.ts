import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { normalizeMoney } from '../../core/normalize.js';
import { openPdf } from '../../inference/pdf.js';
import { textInBox } from '../run/metrics.js';
import { generatePacket, sha256, type Defect, type GeneratedPacket, type TruthDocument } from './generate-packet.js';
import { parseSeed, planSet, setFolderName, synthSet } from './synth-set.js';

const doc = (p: GeneratedPacket, type: string) => p.truth.documents.find((d) => d.type === type)!;
const field = (d: TruthDocument | undefined, name: string) => d?.fields.find((f) => f.name === name);

// Rendering scans and photos is CPU-heavy: on a busy 2-core machine a test can take minutes.
describe('packet generator', { timeout: 240_000 }, () => {
  it('is deterministic: the same seed gives the same bytes', async () => {
    const options = { rendition: 'mixed', merged: true, defects: ['income_mismatch'] } as const;
    const [a, b] = [await generatePacket(7, options), await generatePacket(7, options)];
    expect(JSON.stringify(a.truth)).toEqual(JSON.stringify(b.truth));
    expect([...a.files].map(([n, f]) => [n, sha256(f)])).toEqual([...b.files].map(([n, f]) => [n, sha256(f)]));
    expect(JSON.stringify((await generatePacket(8, options)).truth)).not.toEqual(JSON.stringify(a.truth));
  });

  it('every truth value of a digital packet is printed in the text layer inside its box', async () => {
    const seen = new Set<string>();
    for (const seed of [11, 12, 13, 14]) {
      const { truth, files } = await generatePacket(seed, { rendition: 'digital' });
      for (const d of truth.documents) {
        seen.add(d.type);
        const pdf = await openPdf(files.get(d.filename)!, { maxPages: 50 });
        for (const f of d.fields) {
          for (const v of Object.values(f.bbox)) expect(v).toBeGreaterThanOrEqual(0);
          expect(f.bbox.x + f.bbox.w).toBeLessThanOrEqual(1);
          expect(textInBox(await pdf.textLayer(f.page), f.bbox, 0.002), `${d.documentId}.${f.name}`).toBe(f.value);
        }
        await pdf.close();
      }
    }
    expect([...seen].sort()).toEqual(['bank_statement', 'id_card', 'pay_stub', 'urla_1003', 'voe_letter', 'w2']);
  });

  it('the same holds on held-out layouts and the full lending file', async () => {
    const families = new Set<string>();
    // Names and addresses drawn as separate words or lines (first name and last name cells, a mailing block) are
    // recorded over several runs of text: those boxes hold every word of the value, in reading order.
    const words = (s: string) => s.replace(/,/g, '').toLowerCase().split(/\s+/).sort().join(' ');
    for (const seed of [21, 22, 23, 24, 25, 26]) {
      const { truth, files } = await generatePacket(seed, { rendition: 'digital', layouts: 'held-out', fullFile: true });
      for (const d of truth.documents) {
        families.add(d.layout);
        const pdf = await openPdf(files.get(d.filename)!, { maxPages: 50 });
        for (const f of d.fields) {
          for (const v of Object.values(f.bbox)) expect(v).toBeGreaterThanOrEqual(0);
          expect(f.bbox.x + f.bbox.w).toBeLessThanOrEqual(1);
          const read = textInBox(await pdf.textLayer(f.page), f.bbox, 0.002);
          if (read !== f.value) expect(words(read), `${d.layout} ${d.documentId}.${f.name}`).toBe(words(f.value));
        }
        await pdf.close();
      }
    }
    expect(families.size).toBeGreaterThanOrEqual(25);
  });

  it('boxes follow the page on scans and photos: each field box holds ink', async () => {
    const { truth, files } = await generatePacket(15, { rendition: 'photo' });
    const photos = truth.documents.filter((d) => d.filename.endsWith('.jpg'));
    expect(photos.length).toBeGreaterThan(3);
    for (const d of photos.slice(0, 3)) {
      const { data, info } = await sharp(files.get(d.filename)!).greyscale().raw().toBuffer({ resolveWithObject: true });
      const mean = (b: { x: number; y: number; w: number; h: number }) => {
        let sum = 0;
        let n = 0;
        for (let y = Math.floor(b.y * info.height); y < Math.ceil((b.y + b.h) * info.height); y++) {
          for (let x = Math.floor(b.x * info.width); x < Math.ceil((b.x + b.w) * info.width); x++) {
            sum += data[y * info.width + x]!;
            n++;
          }
        }
        return sum / n;
      };
      for (const f of d.fields) {
        // Ink makes a value's box darker than the same box moved to the blank bottom of the page.
        const blank = mean({ ...f.bbox, y: 0.83 });
        expect(mean(f.bbox), `${d.documentId}.${f.name}`).toBeLessThan(blank - 8);
      }
    }
  });

  it('a merged packet is one PDF whose documents cover its pages in order', async () => {
    const { truth, files } = await generatePacket(16, { rendition: 'mixed', merged: true });
    expect([...files.keys()]).toEqual(['packet.pdf']);
    expect(truth.documents[0]!.type).toBe('urla_1003');
    let next = 1;
    for (const d of truth.documents) {
      expect(d.pages[0]).toBe(next);
      for (const f of d.fields) expect(f.page >= d.pages[0] && f.page <= d.pages[1]).toBe(true);
      next = d.pages[1] + 1;
    }
    const pdf = await openPdf(files.get('packet.pdf')!, { maxPages: 100 });
    expect(pdf.pageCount).toBe(next - 1);
    await pdf.close();
  });

  it('each defect changes the fact it is about and names its finding', async () => {
    const seed = 21;
    const clean = await generatePacket(seed, { rendition: 'digital' });
    const make = (d: Defect) => generatePacket(seed, { rendition: 'digital', defects: [d] });
    const value = (p: GeneratedPacket, type: string, name: string) => field(doc(p, type), name)?.normalized;
    const income = (p: GeneratedPacket) => Number(normalizeMoney(field(doc(p, 'urla_1003'), 'monthly_income')!.value));
    expect(income(clean) * 12).toBeGreaterThan(Number(value(clean, 'w2', 'wages')) * 0.99);
    expect(clean.truth.expectedFindings).toEqual([]);
    expect(clean.truth.expectedStatus).toBe('clear');

    const mismatch = await make('income_mismatch');
    expect(income(mismatch) * 12).toBeGreaterThan(Number(value(mismatch, 'w2', 'wages')) * 1.25);
    expect(mismatch.truth.expectedFindings).toEqual([{ code: 'income_mismatch', documentIds: expect.arrayContaining(['urla-1003-1', 'w2-1', 'pay-stub-1']) }]);
    expect(mismatch.truth.expectedStatus).toBe('needs_review');

    const missing = await make('missing_document');
    expect(missing.truth.documents.length).toBeLessThan(clean.truth.documents.length);
    expect(missing.truth.expectedStatus).toBe('incomplete');

    const days = (p: GeneratedPacket, iso: string | undefined) => (Date.parse(p.truth.applicationDate) - Date.parse(iso!)) / 86_400_000;
    expect(days(clean, value(clean, 'pay_stub', 'pay_date'))).toBeLessThan(30);
    const staleStub = await make('stale_pay_stub');
    expect(days(staleStub, value(staleStub, 'pay_stub', 'pay_date'))).toBeGreaterThan(30);
    const staleBank = await make('stale_bank_statement');
    expect(days(staleBank, value(staleBank, 'bank_statement', 'statement_period_end'))).toBeGreaterThan(60);

    expect(value(await make('name_mismatch'), 'w2', 'employee_name')).not.toBe(value(clean, 'w2', 'employee_name'));
    expect(value(await make('ssn_mismatch'), 'w2', 'employee_ssn')).not.toBe(value(clean, 'urla_1003', 'ssn'));
    const dob = await make('dob_mismatch');
    expect(value(dob, 'id_card', 'date_of_birth')).not.toBe(value(dob, 'urla_1003', 'date_of_birth'));
    expect(value(await make('address_mismatch'), 'bank_statement', 'mailing_address')).not.toBe(value(clean, 'urla_1003', 'current_address'));
    expect(value(await make('employer_mismatch'), 'pay_stub', 'employer_name')).not.toBe(value(clean, 'urla_1003', 'employer_name'));

    const monthly = income(clean);
    const big = (await make('large_deposit')).truth.documents.flatMap((d) => d.transactions ?? []).filter((t) => Number(t.amount) > monthly * 0.8);
    expect(big.some((t) => !t.description.startsWith('Payroll'))).toBe(true);
    const nsf = (await make('nsf_overdraft')).truth.documents.flatMap((d) => d.transactions ?? []);
    expect(nsf.some((t) => Number(t.balance) < 0) && nsf.some((t) => /NSF/.test(t.description))).toBe(true);
    expect(clean.truth.documents.flatMap((d) => d.transactions ?? []).every((t) => Number(t.balance) >= 0)).toBe(true);

    expect(doc(await make('unsigned_application'), 'urla_1003').signatures).toEqual([expect.objectContaining({ name: 'borrower_signature', present: false })]);
    expect(field(doc(await make('undated_application'), 'urla_1003'), 'application_date')).toBeUndefined();

    const illegible = await make('illegible_page');
    const [page] = illegible.truth.illegiblePages;
    const hit = illegible.truth.documents.find((d) => d.documentId === page!.documentId)!;
    expect(hit.look).toBe('scan');
    expect(hit.fields.every((f) => f.page !== page!.page)).toBe(true);
    expect(illegible.truth.expectedFindings).toEqual([{ code: 'illegible_page', documentIds: [hit.documentId] }]);
  });

  it('does not expect a defect on a document the packet left out (a stale pay stub with no pay stub)', async () => {
    const seen = new Set<string>();
    for (let seed = 1; seen.size < 2 && seed < 40; seed++) {
      const p = await generatePacket(seed, { rendition: 'digital', defects: ['stale_pay_stub', 'missing_document'] });
      const codes = p.truth.expectedFindings.map((f) => f.code);
      const hasStub = p.truth.documents.some((d) => d.type === 'pay_stub');
      expect(codes).toEqual(hasStub ? ['stale_pay_stub', 'missing_document'] : ['missing_document']);
      seen.add(String(hasStub));
    }
    expect(seen).toEqual(new Set(['true', 'false']));
  });

  it('a stress packet grows to about its target page count', async () => {
    const { truth } = await generatePacket(31, { rendition: 'digital', merged: true, targetPages: 100 });
    const pages = truth.files[0]!.pages;
    expect(pages).toBeGreaterThan(70);
    expect(pages).toBeLessThan(140);
  });

  it('regenerates the smoke set byte for byte against the committed manifest checksums', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'docket-smoke-'));
    try {
      const r = await synthSet('smoke', dir);
      expect(r.packets).toBe(5);
      expect((await readdir(path.join(dir, 'synth-1003'))).sort()).toEqual(['manifest.json', 'packet.pdf', 'truth.json']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('draws a set from a fresh seed (--seed): other packets, no checksums to match or record', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'docket-seed-'));
    try {
      const r = await synthSet('smoke', dir, { seed: 4200 });
      expect(r.packets).toBe(5);
      expect((await readdir(dir)).sort()).toEqual(['synth-4201', 'synth-4202', 'synth-4203', 'synth-4204', 'synth-4205']);
      await expect(synthSet('smoke', dir, { seed: 4200, update: true })).rejects.toThrow(/--seed and --update/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(setFolderName('scanned', 7)).toBe('scanned-seed-7');
    expect(parseSeed(undefined)).toBeUndefined();
    expect(parseSeed('31337')).toBe(31337);
    expect(() => parseSeed('-1')).toThrow(/whole number/);
    expect(() => parseSeed('abc')).toThrow(/whole number/);
  });

  it('sets plan the same packets from the same seed', () => {
    expect(planSet('standard', 5, 20)).toEqual(planSet('standard', 5, 20));
    expect(planSet('scanned', 5, 20).every((p) => p.rendition === 'scanned')).toBe(true);
    expect(planSet('smoke', 1000, 5)).toHaveLength(5);
    expect(planSet('stress', 1, 5).map((p) => p.targetPages)).toEqual([40, 100, 200, 350, 500]);
  });
});

describe('scannedShare (the bench\'s "500 pages, 20% scanned")', () => {
  it('scans whole documents of a mixed packet up to the share of its pages, and only then', async () => {
    const { truth } = await generatePacket(4242, { rendition: 'mixed', merged: true, targetPages: 60, scannedShare: 0.2 });
    const pages = (d: { pages: [number, number] }) => d.pages[1] - d.pages[0] + 1;
    const total = truth.documents.reduce((n, d) => n + pages(d), 0);
    const scanned = truth.documents.filter((d) => d.look !== 'digital').reduce((n, d) => n + pages(d), 0);
    expect(total).toBeGreaterThanOrEqual(50);
    expect(scanned / total).toBeGreaterThan(0.05);
    expect(scanned / total).toBeLessThanOrEqual(0.2);
    expect(truth.documents.every((d) => d.look === 'digital' || d.look === 'scan')).toBe(true);
  });
});

describe('the full lending file (unseen-layouts)', () => {
  it('adds more of a lender\'s papers and plants their defects where an underwriter would find them', async () => {
    const p = await generatePacket(7001, {
      rendition: 'digital',
      layouts: 'held-out',
      fullFile: true,
      defects: ['w2_withholding_exceeds_wages', 'invalid_ssn', 'recipient_mismatch'],
    });
    const types = p.truth.documents.map((d) => d.type);
    expect(types).toEqual(expect.arrayContaining(['urla_1003', 'w2', '4506_c', '1099_int']));
    expect(types.length).toBeGreaterThanOrEqual(9);
    expect(p.truth.expectedFindings.map((f) => f.code).sort()).toEqual(['invalid_ssn', 'name_mismatch', 'w2_withholding_exceeds_wages']);
    // The 4506-C's SSN lacks a digit and is kept as printed; the 1099 names someone who is not the borrower.
    const ssn = doc(p, '4506_c').fields.find((f) => f.name === 'taxpayer_ssn')!;
    expect(ssn.normalized.replace(/\D/g, '')).toHaveLength(8);
    const borrower = doc(p, 'urla_1003').fields.find((f) => f.name === 'borrower_name')!.value;
    const recipient = doc(p, '1099_int').fields.find((f) => f.name === 'recipient_name')!.value;
    expect(recipient).not.toBe(borrower);
    // Withholding above wages, on the W-2 as drawn: its text layer holds a box 2 figure above box 1.
    const w2 = doc(p, 'w2');
    const wages = Number(w2.fields.find((f) => f.name === 'wages')!.normalized);
    const pdf = await openPdf(p.files.get(w2.filename)!, { maxPages: 5 });
    try {
      const text = (await pdf.textLayer(1)).lines.map((l) => l.words.map((w) => w.text).join(' ')).join('\n');
      const amounts = [...text.matchAll(/\$?(\d{1,3}(?:,\d{3})+\.\d{2})/g)].map((m) => Number(normalizeMoney(m[1]!)));
      expect(amounts.some((a) => a > wages)).toBe(true);
    } finally {
      await pdf.close();
    }
  });

  it('leaves the tuning sets as they were: no extra papers, no held-out families', () => {
    for (const name of ['smoke', 'standard', 'scanned', 'stress']) for (const plan of planSet(name, 1, 10)) expect(plan.fullFile ?? false).toBe(false);
    expect(planSet('unseen-layouts', 1, 10).every((plan) => plan.fullFile && plan.layouts === 'held-out')).toBe(true);
  });
});
