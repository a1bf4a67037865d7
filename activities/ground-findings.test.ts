import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestGuidelines } from '../connectors/datalake/ingest-guidelines.js';
import type { Finding } from '../core/findings.js';
import { ChunkRepository } from '../db/chunk-repository.js';
import { openDatabase, type Database } from '../db/pool.js';
import { createLexicalEmbeddings } from '../inference/embeddings/lexical-embeddings.js';
import { openPdf } from '../inference/pdf.js';
import { createLogger } from '../platform/logger.js';
import { groundFindings } from './ground-findings.js';

const SAMPLE = fileURLToPath(new URL('../guidelines/sample', import.meta.url));
const logger = createLogger('silent');

const staleStub: Finding & { ruleId: string; ruleVersion: number; citation: { topic: string; section: string } } = {
  findingId: 'stale_pay_stub:stub',
  code: 'stale_pay_stub',
  severity: 'warning',
  documentIds: ['stub'],
  message: "The borrower's most recent pay stub (pay stub (2026-01-20)) was 47 days old on the application date (2026-03-08); the guideline allows 30 days. Obtain a current pay stub.",
  evidence: [{ documentId: 'stub', page: 1, field: 'pay_date' }],
  ruleId: 'pay-stub-freshness',
  ruleVersion: 1,
  citation: { topic: 'Pay stubs', section: '4.2' },
};
const unreadable: Finding = {
  findingId: 'unreadable_document:scan',
  code: 'unreadable_document',
  severity: 'critical',
  documentIds: ['scan'],
  message: 'Document could not be read (DOCKET_ERR_CORRUPT_DOCUMENT); ask the borrower for a new copy.',
  evidence: [{ documentId: 'scan' }],
};

// Hybrid search on the embedded PGlite with the dependency-free lexical embeddings (the ONNX model is exercised by
// the integration tests): the sample guidelines, ingested for one tenant, ground that tenant's findings.
describe('groundFindings on embedded PGlite', () => {
  let dir: string;
  let db: Database;
  let chunks: ChunkRepository;
  const embeddings = createLexicalEmbeddings();

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'docket-ground-'));
    db = await openDatabase({ dataDir: dir, poolMax: 1 }, logger);
    chunks = new ChunkRepository(db);
    await ingestGuidelines({ source: SAMPLE, tenant: 'acme', embeddings, repo: chunks, openPdf, logger });
  });
  afterAll(async () => {
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("quotes the tenant's guideline: a stale pay stub cites section 4.2, an unreadable document 3.2", async () => {
    const { findings, outcome } = await groundFindings('acme', [staleStub, unreadable], { embeddings, chunks });
    expect(outcome).toEqual({ kind: 'grounded', queries: 2 });
    const [stub, doc] = findings;
    expect(stub!.passages).toHaveLength(2);
    expect(stub!.passages![0]).toMatchObject({ section: '4.2', sectionPath: '4 Income > 4.2 Pay stubs', page: null, title: 'Sample Lender Residential Underwriting Guide' });
    expect(stub!.passages![0]!.source).toMatch(/^file:\/\/.*underwriting-guide\.md$/);
    expect(stub!.passages![0]!.excerpt).toContain('must be dated no more than 30 days before the application date');
    expect(stub!.passages![0]!.score).toBeGreaterThan(stub!.passages![1]!.score);
    // The rule's citation stays; the pipeline's own finding gets its section.
    expect(stub!.citation).toEqual({ topic: 'Pay stubs', section: '4.2' });
    expect(doc!.citation).toEqual({ topic: 'Legibility and completeness', section: '3.2' });
    expect(doc!.passages![0]!.section).toBe('3.2');
    expect(doc!.passages![0]!.excerpt).toMatch(/cannot be read/);
  });

  it('a tenant without guidelines keeps the citations, without passages', async () => {
    const { findings, outcome } = await groundFindings('other', [staleStub, unreadable], { embeddings, chunks });
    expect(outcome).toEqual({ kind: 'no_guidelines' });
    expect(findings.map((f) => [f.citation?.section, f.passages])).toEqual([['4.2', []], ['3.2', []]]);
  });

  it('without grounding configured, findings still get their citation', async () => {
    const { findings, outcome } = await groundFindings('acme', [unreadable], undefined);
    expect(outcome).toEqual({ kind: 'off' });
    expect(findings[0]).toMatchObject({ citation: { section: '3.2' }, passages: [] });
  });

  it("guidelines embedded with another model are not compared: no passages, and the outcome says why", async () => {
    const other = createLexicalEmbeddings({ dimension: 128 });
    const { findings, outcome } = await groundFindings('acme', [staleStub], { embeddings: other, chunks });
    expect(outcome.kind).toBe('mismatch');
    expect(outcome.kind === 'mismatch' && outcome.error.code).toBe('DOCKET_ERR_EMBEDDING_MISMATCH');
    expect(findings[0]!.passages).toEqual([]);
  });
});
