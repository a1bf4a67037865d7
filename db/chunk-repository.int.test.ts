import { randomUUID } from 'node:crypto';
import { createLogger } from '../platform/logger.js';
import { createTestSchema } from '../worker/test-services.js';
import { chunkRepositoryContract } from './chunk-repository-contract.js';
import { openDatabase } from './pool.js';

// A real PostgreSQL server with pgvector, in a schema of its own so runs never see each other's rows.
chunkRepositoryContract('PostgreSQL + pgvector', async () => {
  const scoped = await createTestSchema(`t_${randomUUID().replace(/-/g, '')}`);
  return openDatabase({ url: scoped, dataDir: '', poolMax: 4 }, createLogger('silent'));
});
