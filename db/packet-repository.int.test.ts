import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createLogger } from '../platform/logger.js';
import { openDatabase } from './pool.js';
import { repositoryContract } from './repository-contract.js';
import { requireEnv } from '../worker/test-services.js';

// A real PostgreSQL server with pgvector, in a schema of its own so runs never see each other's rows.
repositoryContract(
  'PostgreSQL + pgvector',
  async () => {
    const url = requireEnv('DOCKET_DATABASE_URL');
    const schema = `t_${randomUUID().replace(/-/g, '')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    // pgvector lives in public, visible from every test schema's search_path.
  await admin.query('CREATE EXTENSION IF NOT EXISTS vector SCHEMA public');
  await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    const scoped = `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema},public`)}`;
    return openDatabase({ url: scoped, dataDir: '', poolMax: 4 }, createLogger('silent'));
  },
  'int',
);
