import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChunkRepository } from '../../db/chunk-repository.js';
import { openDatabase, type Database } from '../../db/pool.js';
import type { EmbeddingsProvider } from '../../inference/embeddings/embeddings-provider.js';
import { createOnnxEmbeddings } from '../../inference/embeddings/onnx-embeddings.js';
import { openPdf } from '../../inference/pdf.js';
import { createLogger } from '../../platform/logger.js';
import { createTestSchema, minioClient, requireEnv } from '../../worker/test-services.js';
import { ingestGuidelines, type IngestGuidelinesOptions } from './ingest-guidelines.js';
import { searchGuidelines } from './search-guidelines.js';

const SAMPLES = fileURLToPath(new URL('../../guidelines/', import.meta.url));
const logger = createLogger('silent');

// Real PostgreSQL + pgvector, real MinIO, the real ONNX model (scripts/test.sh fetches it; a missing model fails).
describe('guidelines from an S3 bucket into PostgreSQL + pgvector, searched with bge-small', () => {
  let s3: Awaited<ReturnType<typeof minioClient>>;
  let db: Database;
  let repo: ChunkRepository;
  let embeddings: EmbeddingsProvider;
  const bucket = `guidelines-${randomUUID().slice(0, 8)}`;
  const s3Config = {
    endpoint: requireEnv('DOCKET_S3_ENDPOINT'),
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: requireEnv('DOCKET_S3_ACCESS_KEY_ID'), secretAccessKey: requireEnv('DOCKET_S3_SECRET_ACCESS_KEY') },
  };
  const put = async (key: string, file: string, transform = (s: Buffer) => s) =>
    s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: transform(await readFile(`${SAMPLES}${file}`)) }));
  const ingest = (options: Partial<IngestGuidelinesOptions> = {}) =>
    ingestGuidelines({ source: `s3://${bucket}/lender/`, tenant: 'acme', embeddings, repo, openPdf, logger, s3: s3Config, ...options });

  beforeAll(async () => {
    s3 = await minioClient();
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await put('lender/underwriting-guide.md', 'sample/underwriting-guide.md');
    await put('lender/bulletins/overlay bulletin 2026-02.html', 'sample/overlay-bulletin-2026-02.html');
    await put('lender-pdf/underwriting-guide.pdf', 'pdf/underwriting-guide.pdf');
    const url = await createTestSchema(`t_${randomUUID().replace(/-/g, '')}`);
    db = await openDatabase({ url, dataDir: '', poolMax: 4 }, logger);
    repo = new ChunkRepository(db);
    embeddings = await createOnnxEmbeddings();
  });
  afterAll(async () => {
    await embeddings?.close();
    await db?.close();
    s3?.destroy();
  });

  it('ingests Markdown and HTML from the bucket and finds the pay-stub age section', async () => {
    const result = await ingest();
    expect(result).toMatchObject({ model: 'bge-small-en-v1.5-q', dimension: 384, chunks: 44, root: `s3://${bucket}/lender/` });
    expect(result.files.map((f) => [f.uri, f.status])).toEqual([
      [`s3://${bucket}/lender/bulletins/overlay%20bulletin%202026-02.html`, 'ingested'],
      [`s3://${bucket}/lender/underwriting-guide.md`, 'ingested'],
    ]);
    const passages = await searchGuidelines('how old can a pay stub be', { tenant: 'acme', embeddings, repo, limit: 3 });
    expect(passages[0]).toMatchObject({ sectionPath: '4 Income > 4.2 Pay stubs', sourceUri: `s3://${bucket}/lender/underwriting-guide.md`, textRank: 1, vectorRank: 1 });
  });

  it('re-ingesting unchanged objects does nothing; a changed object replaces its chunks; --prune forgets deleted ones', async () => {
    expect((await ingest()).files.map((f) => f.status)).toEqual(['unchanged', 'unchanged']);
    await put('lender/underwriting-guide.md', 'sample/underwriting-guide.md', (b) =>
      Buffer.from(b.toString('utf8').replace('dated no more than 30 days before the application date', 'dated no more than 45 days before the application date')),
    );
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'lender/bulletins/overlay bulletin 2026-02.html' }));
    const result = await ingest({ prune: true });
    expect(result.files.map((f) => f.status)).toEqual(['ingested', 'removed']);
    const { rows } = await db.pool.query(`SELECT source_uri, content FROM chunks WHERE tenant_id = 'acme' AND section_path = '4 Income > 4.2 Pay stubs'`);
    expect(rows).toHaveLength(1);
    expect(rows[0].content).toContain('45 days');
    expect(Number((await db.pool.query(`SELECT count(*) AS n FROM chunks WHERE tenant_id = 'acme'`)).rows[0].n)).toBe(38);
  });

  it('ingests the PDF from the bucket with its pages', async () => {
    const result = await ingest({ source: `s3://${bucket}/lender-pdf`, tenant: 'pdf' });
    expect(result.files.map((f) => [f.status, f.chunks])).toEqual([['ingested', 38]]);
    const [top] = await searchGuidelines('pay stub dated 47 days before the application', { tenant: 'pdf', embeddings, repo });
    expect(top).toMatchObject({ sectionPath: '4 Income > 4.2 Pay stubs', page: 3 });
  });

  it('a missing bucket is a typed error', async () => {
    await expect(ingest({ source: `s3://no-such-${bucket}/x` })).rejects.toMatchObject({ code: 'DOCKET_ERR_DOCUMENT_NOT_FOUND' });
  });
});
