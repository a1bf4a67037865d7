import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChunkRepository, EMBEDDING_MISMATCH_CODE } from '../../db/chunk-repository.js';
import { openDatabase, type Database } from '../../db/pool.js';
import type { EmbeddingsProvider } from '../../inference/embeddings/embeddings-provider.js';
import { createLexicalEmbeddings } from '../../inference/embeddings/lexical-embeddings.js';
import { createOnnxEmbeddings, onnxModelPresent } from '../../inference/embeddings/onnx-embeddings.js';
import { openPdf } from '../../inference/pdf.js';
import { createLogger } from '../../platform/logger.js';
import type { GuidelineEmbedder, GuidelineStore, PdfOpener } from './guideline-store.js';
import { registerGuidelinesCommand } from './guidelines-command.js';
import { ingestGuidelines, type IngestGuidelinesOptions } from './ingest-guidelines.js';
import { searchGuidelines } from './search-guidelines.js';

const SAMPLES = fileURLToPath(new URL('../../guidelines/', import.meta.url));
const modelPresent = await onnxModelPresent();
const logger = createLogger('silent');

describe('guidelines ingestion and search on embedded PGlite', () => {
  let dataDir: string;
  let folder: string;
  let db: Database;
  let repo: ChunkRepository;
  const lexical = createLexicalEmbeddings();
  // The real adapters fill the connector's ports: if either side changes shape, this stops compiling.
  const ports: { store: (db: Database) => GuidelineStore; pdf: PdfOpener; embedder: GuidelineEmbedder } = {
    store: (d) => new ChunkRepository(d),
    pdf: openPdf,
    embedder: lexical,
  };
  const ingest = (options: Partial<IngestGuidelinesOptions> = {}) =>
    ingestGuidelines({ source: folder, tenant: 'acme', embeddings: lexical, repo, openPdf: ports.pdf, logger, ...options });
  const guideUri = () => pathToFileURL(path.join(folder, 'underwriting-guide.md')).href;
  const chunkRows = async (tenant = 'acme') =>
    (await db.pool.query(`SELECT id, source_uri, section_path, content FROM chunks WHERE tenant_id = $1 ORDER BY id`, [tenant])).rows;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'docket-guidelines-'));
    folder = path.join(dataDir, 'guidelines');
    await mkdir(path.join(folder, '.drafts'), { recursive: true });
    await copyFile(path.join(SAMPLES, 'sample/underwriting-guide.md'), path.join(folder, 'underwriting-guide.md'));
    await copyFile(path.join(SAMPLES, 'sample/overlay-bulletin-2026-02.html'), path.join(folder, 'overlay-bulletin-2026-02.html'));
    await writeFile(path.join(folder, 'broken.pdf'), '%PDF-1.7 this is not really a PDF');
    await writeFile(path.join(folder, 'notes.txt'), 'not a guideline format');
    await writeFile(path.join(folder, '.drafts', 'draft.md'), '# Draft\n\nhidden folders are skipped');
    db = await openDatabase({ dataDir: path.join(dataDir, 'db'), poolMax: 1 }, logger);
    repo = ports.store(db) as ChunkRepository;
  });
  afterAll(async () => {
    await db?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('ingests Markdown and HTML by headings, and reports a corrupt file without stopping', async () => {
    const result = await ingest();
    expect(result).toMatchObject({ tenant: 'acme', model: 'docket-lexical-v1', dimension: 384, chunks: 44 });
    expect(result.files.map((f) => [path.basename(f.uri), f.status, f.chunks, f.error?.code])).toEqual([
      ['broken.pdf', 'failed', 0, 'DOCKET_ERR_CORRUPT_DOCUMENT'],
      ['overlay-bulletin-2026-02.html', 'ingested', 6, undefined],
      ['underwriting-guide.md', 'ingested', 38, undefined],
    ]);
    const rows = await chunkRows();
    expect(rows).toHaveLength(44);
    expect(rows.map((r) => r.section_path)).toContain('4 Income > 4.2 Pay stubs');
    expect(rows.map((r) => r.section_path)).toContain('O1 Cash-out refinances > O1.1 Bank statements');
    // Only chunks and references: the stored source is the URI, not the document.
    expect(await repo.getSource('acme', guideUri())).toMatchObject({ mediaType: 'text/markdown', title: 'Sample Lender Residential Underwriting Guide', chunkCount: 38 });
  });

  it('re-ingesting unchanged files writes nothing', async () => {
    const before = await chunkRows();
    const result = await ingest();
    expect(result.chunks).toBe(0);
    expect(result.files.filter((f) => f.status !== 'failed').map((f) => f.status)).toEqual(['unchanged', 'unchanged']);
    expect(await chunkRows()).toEqual(before);
  });

  it('finds the pay-stub age section for "how old can a pay stub be"', async () => {
    const [top] = await searchGuidelines('how old can a pay stub be', { tenant: 'acme', embeddings: lexical, repo });
    expect(top).toMatchObject({ sectionPath: '4 Income > 4.2 Pay stubs', sourceUri: guideUri(), page: null, title: 'Sample Lender Residential Underwriting Guide' });
    expect(top!.content).toContain('no more than 30 days before the application date');
  });

  it("a changed file replaces its chunks; the other files' chunks stay", async () => {
    const file = path.join(folder, 'underwriting-guide.md');
    const original = await readFile(file, 'utf8');
    await writeFile(file, original.replace('dated no more than 30 days before the application date', 'dated no more than 45 days before the application date'));
    const htmlBefore = (await chunkRows()).filter((r) => r.source_uri.endsWith('.html'));
    const result = await ingest();
    expect(result.files.map((f) => [path.basename(f.uri), f.status])).toContainEqual(['underwriting-guide.md', 'ingested']);
    expect(result.files.map((f) => [path.basename(f.uri), f.status])).toContainEqual(['overlay-bulletin-2026-02.html', 'unchanged']);
    const rows = await chunkRows();
    expect(rows).toHaveLength(44);
    expect(rows.filter((r) => r.source_uri.endsWith('.html'))).toEqual(htmlBefore);
    const payStubs = rows.filter((r) => r.section_path === '4 Income > 4.2 Pay stubs');
    expect(payStubs).toHaveLength(1);
    expect(payStubs[0]!.content).toContain('no more than 45 days');
    await writeFile(file, original);
  });

  it('refuses to mix embedding dimensions in a tenant, and --reembed replaces the space', async () => {
    const other: EmbeddingsProvider = createLexicalEmbeddings({ dimension: 256 });
    const before = await chunkRows();
    await expect(ingest({ embeddings: other })).rejects.toMatchObject({
      code: EMBEDDING_MISMATCH_CODE,
      message: expect.stringContaining('docket-lexical-v1 (384 dimensions)'),
    });
    expect(await chunkRows()).toEqual(before);
    const result = await ingest({ embeddings: other, reembed: true });
    expect(result).toMatchObject({ dimension: 256, chunks: 44 });
    expect(await repo.embeddingSpace('acme')).toEqual({ model: 'docket-lexical-v1', dimension: 256 });
    await ingest({ reembed: true });
    expect(await repo.embeddingSpace('acme')).toEqual({ model: 'docket-lexical-v1', dimension: 384 });
  });

  it('--prune forgets files that are gone from the source', async () => {
    await rm(path.join(folder, 'overlay-bulletin-2026-02.html'));
    const result = await ingest({ prune: true });
    expect(result.files.filter((f) => f.status === 'removed').map((f) => path.basename(f.uri))).toEqual(['overlay-bulletin-2026-02.html']);
    expect((await chunkRows()).some((r) => r.source_uri.endsWith('.html'))).toBe(false);
    await copyFile(path.join(SAMPLES, 'sample/overlay-bulletin-2026-02.html'), path.join(folder, 'overlay-bulletin-2026-02.html'));
  });

  it('ingests the sample PDF with page numbers', async () => {
    const result = await ingest({ source: path.join(SAMPLES, 'pdf'), tenant: 'pdf' });
    expect(result.files.map((f) => [path.basename(f.uri), f.status, f.chunks])).toEqual([['underwriting-guide.pdf', 'ingested', 38]]);
    const [top] = await searchGuidelines('how old can a pay stub be', { tenant: 'pdf', embeddings: lexical, repo });
    expect(top).toMatchObject({ sectionPath: '4 Income > 4.2 Pay stubs', page: 3 });
  });

  it('an unknown folder is a typed error', async () => {
    await expect(ingest({ source: path.join(dataDir, 'missing') })).rejects.toMatchObject({ code: 'DOCKET_ERR_DOCUMENT_NOT_FOUND' });
  });

  it.skipIf(!modelPresent)('with the ONNX model too: the pay-stub section first', async () => {
    const onnx = await createOnnxEmbeddings();
    try {
      await ingest({ tenant: 'onnx', embeddings: onnx });
      const passages = await searchGuidelines('how old can a pay stub be', { tenant: 'onnx', embeddings: onnx, repo, limit: 3 });
      expect(passages[0]).toMatchObject({ sectionPath: '4 Income > 4.2 Pay stubs', textRank: 1, vectorRank: 1 });
      expect(passages.map((p) => p.sectionPath)).toContain('3 Document age and integrity > 3.1 Maximum document age');
    } finally {
      await onnx.close();
    }
  });

  it('docket guidelines ingest / search run through the command', async () => {
    let output = '';
    const out = new Writable({
      write(chunk, _enc, done) {
        output += String(chunk);
        done();
      },
    });
    let closed = 0;
    const program = new Command().exitOverride();
    registerGuidelinesCommand(program, {
      out,
      open: async () => ({ logger, embeddings: lexical, repo, openPdf, close: async () => void closed++ }),
    });
    await program.parseAsync(['guidelines', 'ingest', path.join(SAMPLES, 'sample'), '--tenant', 'cli'], { from: 'user' });
    expect(output).toMatch(/tenant cli: 44 chunks written from 2 files \(0 unchanged, 0 failed\) with docket-lexical-v1 \(384\)/);
    output = '';
    await program.parseAsync(['guidelines', 'search', 'how', 'old', 'can', 'a', 'pay', 'stub', 'be', '--tenant', 'cli', '--limit', '2', '--json'], { from: 'user' });
    const passages = JSON.parse(output) as { sectionPath: string }[];
    expect(passages).toHaveLength(2);
    expect(passages[0]!.sectionPath).toBe('4 Income > 4.2 Pay stubs');
    expect(closed).toBe(2);
  });
});
