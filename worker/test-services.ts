/**
 * For integration tests: the addresses of the real services scripts/test.sh started (or the caller gave).
 * A missing one is a failure, never a skip.
 */
export function requireEnv(
  name: 'DOCKET_DATABASE_URL' | 'DOCKET_KAFKA_BROKERS' | 'DOCKET_TEMPORAL_ADDRESS' | 'DOCKET_S3_ENDPOINT' | 'DOCKET_S3_ACCESS_KEY_ID' | 'DOCKET_S3_SECRET_ACCESS_KEY',
): string {
  // eslint-disable-next-line no-restricted-syntax -- test harness, not product config
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run integration tests through scripts/test.sh, which starts real services`);
  return value;
}

/**
 * A fresh schema on the real PostgreSQL for one test file; returns a DOCKET_DATABASE_URL whose search_path puts it
 * first, so runs never see each other's rows. pgvector stays in public, visible from every test schema.
 */
export async function createTestSchema(name: string): Promise<string> {
  const url = requireEnv('DOCKET_DATABASE_URL');
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query('CREATE EXTENSION IF NOT EXISTS vector SCHEMA public');
    await admin.query(`CREATE SCHEMA ${name}`);
  } finally {
    await admin.end();
  }
  return `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${name},public`)}`;
}

/** An S3 client for the real MinIO that scripts/services.sh starts. */
export async function minioClient() {
  const { S3Client } = await import('@aws-sdk/client-s3');
  return new S3Client({
    endpoint: requireEnv('DOCKET_S3_ENDPOINT'),
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: requireEnv('DOCKET_S3_ACCESS_KEY_ID'), secretAccessKey: requireEnv('DOCKET_S3_SECRET_ACCESS_KEY') },
  });
}
