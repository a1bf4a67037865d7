import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { buildEventFromFolder } from '../../connectors/folder/folder-intake.js';
import { createDocumentStore } from '../../connectors/objectstore/document-store.js';
import type { Database } from '../../db/pool.js';
import { createKeyring, createLocalKeyProvider, isSealed } from '../../platform/encryption.js';
import { loadEvalPackets } from '../run/load-eval-packets.js';
import { exportReviewedSet } from './reviewed-set.js';

// The export's file handling (encryption at rest), with the database's rows given directly: the SQL itself runs
// against PostgreSQL in reviewed-set.int.test.ts.

const SSN = '123-45-6789';
const document = Buffer.from(`%PDF-1.7\n1 0 obj << >> stream\nEmployee SSN ${SSN} Jane Borrower\nendstream\n%%EOF\n`);
const sha256 = createHash('sha256').update(document).digest('hex');

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
const tempDir = async (name: string) => {
  const d = await mkdtemp(path.join(os.tmpdir(), `docket-reviewed-${name}-`));
  dirs.push(d);
  return d;
};

/** The rows the export's queries return, picked by the table each query reads. */
function rowsDb(uri: string): Database {
  const rows: [RegExp, unknown[]][] = [
    [
      /FROM packets p/,
      [{ tenant_id: 'acme', packet_id: 'p-1', loan_number: 'L-9', submitted_at: '2025-01-02T03:04:05Z', applicants: [{ role: 'borrower', firstName: 'Jane', lastName: 'Borrower' }], outcome: 'approve' }],
    ],
    [/FROM documents/, [{ document_id: 'd1', uri, media_type: 'application/pdf', sha256, filename: 'w2.pdf', error_code: null }]],
    [/FROM segments/, [{ document_id: 'd1', segment: 0, first_page: 1, last_page: 1, doc_type: 'w2' }]],
    [
      /FROM fields/,
      [{ document_id: 'd1', segment: 0, name: 'employee_ssn', value: SSN, normalized: SSN, page_number: 1, bbox: [0, 0, 1, 1], source: 'reviewer' }],
    ],
    [/FROM findings/, []],
  ];
  const query = async (sql: string) => ({ rows: rows.find(([re]) => re.test(sql))?.[1] ?? [] });
  return { pool: { query } } as unknown as Database;
}

async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('exportReviewedSet: encryption at rest', () => {
  const keyring = createKeyring(createLocalKeyProvider('k1', randomBytes(32)));

  it('with a key, seals documents, manifest and truth; the eval runner and the document store read them back', async () => {
    const storeRoot = await tempDir('store');
    await writeFile(path.join(storeRoot, 'w2.pdf'), document);
    const store = createDocumentStore({ fileRoot: storeRoot });
    const out = path.join(await tempDir('set'), 'reviewed');
    const exported = await exportReviewedSet({ db: rowsDb(pathToFileURL(path.join(storeRoot, 'w2.pdf')).href), store, out, maxBytes: 1_000_000, keyring });
    expect(exported).toMatchObject({ packets: 1, documents: 1, correctedFields: 1, skipped: [] });

    // No byte on disk holds the SSN or the borrower's name; every file but the set marker is sealed.
    const files = await filesUnder(out);
    expect(files.map((f) => path.relative(out, f)).sort()).toEqual(['.docket-reviewed-set.json', 'acme--p-1/d1.pdf', 'acme--p-1/manifest.json', 'acme--p-1/truth.json']);
    for (const file of files) {
      const raw = await readFile(file);
      expect(raw.includes(SSN), file).toBe(false);
      expect(raw.includes('Borrower'), file).toBe(false);
      if (!file.endsWith('.docket-reviewed-set.json')) expect(isSealed(raw), file).toBe(true);
    }

    // The eval runner's load: the event carries the plaintext's sha256, the truth opens.
    const [packet] = await loadEvalPackets(out, 'eval-run', keyring);
    expect(packet!.event.documents[0]).toMatchObject({ documentId: 'd1', sha256, sizeBytes: document.length });
    expect(packet!.event.applicants).toEqual([{ role: 'borrower', firstName: 'Jane', lastName: 'Borrower' }]);
    expect(packet!.truth.documents[0]!.fields).toEqual([expect.objectContaining({ name: 'employee_ssn', normalized: SSN })]);

    // The run's document store opens the sealed file and checks that sha256 on the plaintext.
    const runStore = createDocumentStore({ fileRoot: out, keyring });
    const read = await runStore.read(packet!.event.documents[0]!.uri, { sha256: packet!.event.documents[0]!.sha256, maxBytes: 1_000_000 });
    expect(Buffer.from(read).equals(document)).toBe(true);

    // Without the key: a clear reason, not garbage.
    await expect(loadEvalPackets(out, 'eval-run')).rejects.toThrow(/manifest\.json: the file is sealed .* no encryption key is configured/);
    const otherKey = createKeyring(createLocalKeyProvider('k2', randomBytes(32)));
    expect(await buildEventFromFolder(path.join(out, 'acme--p-1'), { keyring: otherKey })).toEqual({
      ok: false,
      reason: expect.stringMatching(/manifest\.json: .*key id "k1"/),
    });
  });

  it('without a key, writes plaintext as before (which the same readers take)', async () => {
    const storeRoot = await tempDir('store');
    await writeFile(path.join(storeRoot, 'w2.pdf'), document);
    const out = path.join(await tempDir('set'), 'reviewed');
    await exportReviewedSet({ db: rowsDb(pathToFileURL(path.join(storeRoot, 'w2.pdf')).href), store: createDocumentStore({ fileRoot: storeRoot }), out, maxBytes: 1_000_000 });
    expect((await readFile(path.join(out, 'acme--p-1', 'd1.pdf'))).equals(document)).toBe(true);
    expect(await readFile(path.join(out, 'acme--p-1', 'truth.json'), 'utf8')).toContain(SSN);
    const [packet] = await loadEvalPackets(out, 'eval-run', keyring);
    expect(packet!.event.documents[0]!.sha256).toBe(sha256);
  });
});
