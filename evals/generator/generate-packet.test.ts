import { describe, expect, it } from 'vitest';
import { normalizeMoney } from '../../core/normalize.js';
import { openPdf } from '../../inference/pdf.js';
import { textInBox } from '../run/metrics.js';
import { generatePacket, sha256 } from './generate-packet.js';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { planSet, synthSet } from './synth-set.js';

describe('packet generator', () => {
  it('is deterministic: the same seed gives the same bytes', async () => {
    const [a, b] = await Promise.all([generatePacket(7, 'scanned', ['income_mismatch']), generatePacket(7, 'scanned', ['income_mismatch'])]);
    expect(JSON.stringify(a.truth)).toEqual(JSON.stringify(b.truth));
    expect([...a.files].map(([n, f]) => [n, sha256(f)])).toEqual([...b.files].map(([n, f]) => [n, sha256(f)]));
    expect(JSON.stringify((await generatePacket(8, 'scanned')).truth)).not.toEqual(JSON.stringify(a.truth));
  });

  it('every truth value is printed in the text layer inside its box', async () => {
    const { truth, files } = await generatePacket(11, 'digital');
    expect(truth.documents.map((d) => d.type).sort()).toEqual(['bank_statement', 'pay_stub', 'urla_1003', 'w2']);
    for (const doc of truth.documents) {
      const pdf = await openPdf(files.get(doc.filename)!, { maxPages: 10 });
      const page = await pdf.textLayer(1);
      await pdf.close();
      for (const f of doc.fields) {
        for (const v of Object.values(f.bbox)) expect(v).toBeGreaterThanOrEqual(0);
        expect(f.bbox.x + f.bbox.w).toBeLessThanOrEqual(1);
        expect(textInBox(page, f.bbox, 0.01), `${doc.type}.${f.name}`).toBe(f.value);
      }
    }
  });

  it('defects change what they should and set the expected outcome', async () => {
    const clean = await generatePacket(21, 'digital');
    const mismatch = await generatePacket(21, 'digital', ['income_mismatch']);
    const income = (p: typeof clean) => Number(normalizeMoney(p.truth.documents.find((d) => d.type === 'urla_1003')!.fields.find((f) => f.name === 'monthly_income')!.value));
    const wages = (p: typeof clean) => Number(p.truth.documents.find((d) => d.type === 'w2')!.fields.find((f) => f.name === 'wages')!.normalized);
    expect(income(clean) * 12).toBeCloseTo(wages(clean), 0);
    expect(income(mismatch) * 12).toBeGreaterThan(wages(mismatch) * 1.1);
    expect(mismatch.truth.expectedFindings.map((f) => f.code)).toEqual(['income_mismatch']);
    expect(mismatch.truth.expectedStatus).toBe('needs_review');

    const missing = await generatePacket(22, 'digital', ['missing_document']);
    expect(missing.truth.documents).toHaveLength(3);
    expect(missing.truth.expectedStatus).toBe('incomplete');

    const stale = await generatePacket(23, 'digital', ['stale_pay_stub']);
    const payDate = stale.truth.documents.find((d) => d.type === 'pay_stub')!.fields.find((f) => f.name === 'pay_date')!.normalized;
    expect((Date.parse(stale.truth.applicationDate) - Date.parse(payDate)) / 86_400_000).toBeGreaterThan(30);
  });

  it('scanned packets are images with no text layer', async () => {
    const { truth, files } = await generatePacket(31, 'scanned');
    expect(truth.files.every((f) => f.mediaType === 'image/png')).toBe(true);
    expect([...files.values()].every((b) => b[0] === 0x89 && b[1] === 0x50)).toBe(true);
  });

  it('regenerates the smoke set byte for byte against the committed manifest checksums', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'docket-smoke-'));
    try {
      const r = await synthSet('smoke', dir);
      expect(r.packets).toBe(5);
      expect((await readdir(path.join(dir, 'synth-1001'))).sort()).toEqual(['bank-statement.pdf', 'manifest.json', 'pay-stub.pdf', 'truth.json', 'urla-1003.pdf', 'w2.pdf']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('sets plan the same packets from the same seed', () => {
    expect(planSet('standard', 5, 20)).toEqual(planSet('standard', 5, 20));
    expect(planSet('scanned', 5, 20).every((p) => p.rendition === 'scanned')).toBe(true);
    expect(planSet('smoke', 1000, 5)).toHaveLength(5);
  });
});
