import { createHash, randomUUID } from 'node:crypto';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minioClient, requireEnv } from '../../worker/test-services.js';
import { createDocumentStore } from './document-store.js';

describe('document store on a real S3-compatible server (MinIO)', () => {
  let s3: Awaited<ReturnType<typeof minioClient>>;
  const bucket = `it-${randomUUID().slice(0, 8)}`;
  const body = Buffer.from('%PDF-1.7 a document in the lender store');
  const sha256 = createHash('sha256').update(body).digest('hex');
  const store = createDocumentStore({
    fileRoot: '/nonexistent',
    s3: { endpoint: requireEnv('DOCKET_S3_ENDPOINT'), region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: requireEnv('DOCKET_S3_ACCESS_KEY_ID'), secretAccessKey: requireEnv('DOCKET_S3_SECRET_ACCESS_KEY') } },
  });

  beforeAll(async () => {
    s3 = await minioClient();
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'packets/p 1/w2.pdf', Body: body }));
  });
  afterAll(() => s3?.destroy());

  it('reads an object by s3:// URI (keys URL-encoded) and checks its sha256', async () => {
    const bytes = await store.read(`s3://${bucket}/packets/p%201/w2.pdf`, { sha256, maxBytes: 1000 });
    expect(Buffer.from(bytes)).toEqual(body);
  });

  it.each([
    ['a missing key', `s3://${bucket}/nope.pdf`, { maxBytes: 1000 }, 'DOCKET_ERR_DOCUMENT_NOT_FOUND'],
    ['a missing bucket', `s3://no-such-bucket-${bucket}/x.pdf`, { maxBytes: 1000 }, 'DOCKET_ERR_DOCUMENT_NOT_FOUND'],
    ['an object over the limit', `s3://${bucket}/packets/p%201/w2.pdf`, { maxBytes: 10 }, 'DOCKET_ERR_DOCUMENT_TOO_LARGE'],
    ['a checksum mismatch', `s3://${bucket}/packets/p%201/w2.pdf`, { maxBytes: 1000, sha256: 'f'.repeat(64) }, 'DOCKET_ERR_CHECKSUM_MISMATCH'],
  ])('refuses %s with a typed error', async (_name, uri, expect_, code) => {
    await expect(store.read(uri, expect_)).rejects.toMatchObject({ code });
  });
});
