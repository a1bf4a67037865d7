import { randomUUID } from 'node:crypto';
import { createLogger } from '../platform/logger.js';
import { openDatabase } from './pool.js';
import { repositoryContract } from './repository-contract.js';
import { createTestSchema } from '../worker/test-services.js';

// A real PostgreSQL server with pgvector, in a schema of its own so runs never see each other's rows.
repositoryContract(
  'PostgreSQL + pgvector',
  async () => {
    const scoped = await createTestSchema(`t_${randomUUID().replace(/-/g, '')}`);
    return openDatabase({ url: scoped, dataDir: '', poolMax: 4 }, createLogger('silent'));
  },
  'int',
);
