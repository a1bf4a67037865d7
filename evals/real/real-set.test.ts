import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../generator/generate-packet.js';
import { loadRealManifest, materializeRealSet, REAL_DIR, realSetSummary, realTruth, type RealEntry } from './real-set.js';

const MiB = 1024 * 1024;

describe('the real-document dev set (evals/real)', () => {
  it('holds what issue 18 asks: 80+ documents of 15+ types, 30%+ scans or photos, 10+ distractors, small in bytes', async () => {
    const s = await realSetSummary();
    expect(s.documents).toBeGreaterThanOrEqual(80);
    expect(Object.keys(s.types).length).toBeGreaterThanOrEqual(15);
    expect(s.scannedOrPhotoShare).toBeGreaterThanOrEqual(0.3);
    expect(s.distractors).toBeGreaterThanOrEqual(10);
    expect(s.largest).toBeLessThanOrEqual(4 * MiB);
    expect(s.bytes).toBeLessThan(60 * MiB);
  });

  it('every file is listed once, matches its sha256, and names its source repository, commit and licence', async () => {
    const entries = await loadRealManifest();
    const files = (await readdir(path.join(REAL_DIR, 'files'))).sort();
    expect(entries.map((e) => e.file).sort()).toEqual(files);
    for (const e of entries) {
      const bytes = await readFile(path.join(REAL_DIR, 'files', e.file));
      expect(sha256(bytes), e.file).toBe(e.sha256);
      expect(e.file.startsWith(`${e.id}.`), e.file).toBe(true);
      // Documents lie in page order; several may share a page (two 1099s on a sheet), none straddles another.
      let last: [number, number] = [1, 0];
      for (const d of e.documents) {
        expect(d.pages[1], e.id).toBeGreaterThanOrEqual(d.pages[0]);
        const samePage = d.pages[0] === last[0] && d.pages[1] === last[1] && d.pages[0] === d.pages[1];
        if (!samePage) expect(d.pages[0], e.id).toBeGreaterThan(last[1]);
        last = d.pages;
      }
    }
  });

  it('truth values are normalized as Docket normalizes the field kind, and each file becomes a drop-folder packet', async () => {
    const entry: RealEntry = {
      id: 'x-w2',
      file: 'x-w2.pdf',
      source: { repo: 'o/r', commit: 'a'.repeat(40), path: 'w2.pdf', licence: 'MIT' },
      sha256: 'b'.repeat(64),
      rendition: 'scanned',
      asOf: '2024-02-01',
      documents: [
        {
          type: 'w2',
          pages: [1, 1],
          layout: 'irs-w2',
          fields: [
            { name: 'wages', value: '$48,500.00' },
            { name: 'employee_ssn', value: '123 45 6789' },
            { name: 'interest_income', value: '1,204.10', kind: 'money' },
          ],
          expectedFindings: ['ssn_mismatch'],
        },
      ],
    };
    const truth = realTruth(entry);
    expect(truth.documents[0]!.fields.map((f) => f.normalized)).toEqual(['48500.00', '123-45-6789', '1204.10']);
    expect(truth).toMatchObject({ partialPacket: true, fieldsComplete: false, expectedStatus: 'needs_review', expectedFindings: [{ code: 'ssn_mismatch', documentIds: ['x-w2-1'] }] });

    const out = await mkdtemp(path.join(os.tmpdir(), 'docket-real-'));
    try {
      const made = await materializeRealSet(out);
      const entries = await loadRealManifest();
      expect(made.packets).toBe(entries.length);
      const first = entries[0]!;
      const folder = path.join(out, `real-${first.id}`);
      expect((await readdir(folder)).sort()).toEqual([first.file, 'manifest.json', 'truth.json'].sort());
      const manifest = JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8'));
      expect(manifest.submittedAt).toBe(`${first.asOf}T12:00:00.000Z`);
      expect(manifest.documents).toEqual([{ documentId: first.id, filename: first.file, mediaType: expect.stringMatching(/^(application\/pdf|image\/(png|jpeg|tiff))$/) }]);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
