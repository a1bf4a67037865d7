import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sniffMediaType } from '../activities/document/read-pages.js';
import { buildEventFromFolder, FolderManifest } from '../connectors/folder/folder-intake.js';
import { decodeImage } from '../inference/image.js';
import { hasUsableTextLayer, openPdf } from '../inference/pdf.js';
import { writeSamplePackets, type SamplePacket } from './demo-samples.js';

describe('writeSamplePackets', () => {
  let root: string;
  let first: SamplePacket[];
  let second: SamplePacket[];

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'docket-samples-'));
    first = await writeSamplePackets(path.join(root, 'one'));
    second = await writeSamplePackets(path.join(root, 'two'));
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('writes three packets: A digital, B with scans, C missing the W-2 and bank statement', () => {
    expect(first.map((p) => [p.packetId, p.expectedStatus, p.scanned])).toEqual([
      ['demo-a-digital', 'clear', false],
      ['demo-b-scanned', 'clear', true],
      ['demo-c-incomplete', 'incomplete', false],
    ]);
    expect(first[0]!.expectedTypes).toEqual(['urla_1003', 'w2', 'pay_stub', 'bank_statement']);
    expect(new Set(first[1]!.expectedTypes)).toEqual(new Set(['urla_1003', 'w2', 'pay_stub', 'bank_statement']));
    expect(first[1]!.documents.filter((d) => d.scanned).map((d) => d.mediaType).sort()).toEqual(['application/pdf', 'image/jpeg', 'image/png']);
    expect(first[2]!.expectedTypes).toEqual(['urla_1003', 'pay_stub']);
    expect(first[2]!.missingTypes).toEqual(['w2', 'bank_statement']);
  });

  it('manifests parse, name files that exist with the right content type, and build valid packet events', async () => {
    for (const packet of first) {
      const manifest = FolderManifest.parse(JSON.parse(await readFile(path.join(packet.dir, 'manifest.json'), 'utf8')));
      expect(manifest).toMatchObject({ packetId: packet.packetId, tenantId: 'demo', loanNumber: packet.loanNumber });
      expect(manifest.documents.map((d) => d.documentId)).toEqual(packet.documents.map((d) => d.documentId));
      for (const doc of manifest.documents) {
        expect(sniffMediaType(await readFile(path.join(packet.dir, doc.filename)))).toBe(doc.mediaType);
      }
      const built = await buildEventFromFolder(packet.dir);
      expect(built.ok).toBe(true);
      expect((await readdir(packet.dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    }
  });

  it('is deterministic: two runs write identical bytes', async () => {
    for (const [i, packet] of first.entries()) {
      const files = (await readdir(packet.dir)).sort();
      expect((await readdir(second[i]!.dir)).sort()).toEqual(files);
      for (const f of files) {
        expect((await readFile(path.join(second[i]!.dir, f))).equals(await readFile(path.join(packet.dir, f))), f).toBe(true);
      }
    }
  });

  it('digital documents carry their text layer; scans carry none and decode to 200-DPI letter pages', async () => {
    const a = first[0]!;
    const urla = await openPdf(await readFile(path.join(a.dir, 'urla-1003.pdf')), { maxPages: 10 });
    expect(urla.pageCount).toBe(2);
    const [p1, p2] = [await urla.textLayer(1), await urla.textLayer(2)];
    await urla.close();
    expect(hasUsableTextLayer(p1)).toBe(true);
    expect(p1.text).toContain('Uniform Residential Loan Application');
    expect(p1.text).toContain('Borrower name: Avery Quinlan');
    expect(p1.text).toContain('Base monthly income $ 7,500.00');
    expect(p2.text).toMatch(/Loan amount: \$ 320,000\.00/);
    expect(p2.text).toMatch(/^Signature: /m);
    expect(p2.text).toMatch(/^Date: 04\/01\/2026$/m);
    // Only never-issued 9xx SSNs.
    for (const ssn of (p1.text + p2.text).match(/\b\d{3}-\d{2}-\d{4}\b/g) ?? []) expect(ssn).toMatch(/^9/);

    const b = first[1]!;
    const scannedPdf = await openPdf(await readFile(path.join(b.dir, 'paystub-2026-02-28-scan.pdf')), { maxPages: 10 });
    expect(hasUsableTextLayer(await scannedPdf.textLayer(1))).toBe(false);
    await scannedPdf.close();
    for (const file of ['w2-2025-scan.png', 'paystub-2026-03-15-scan.jpg']) {
      const image = await decodeImage(await readFile(path.join(b.dir, file)), file.endsWith('.png') ? 'image/png' : 'image/jpeg', 10_000_000);
      expect([image.width, image.height]).toEqual([1700, 2200]);
    }
  });
});
