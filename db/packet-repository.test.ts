import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../platform/logger.js';
import { openDatabase } from './pool.js';
import { repositoryContract } from './repository-contract.js';

// The embedded default: PGlite (PostgreSQL in WASM with pgvector) in this process.
repositoryContract(
  'embedded PGlite',
  async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'docket-pglite-'));
    const db = await openDatabase({ dataDir: dir, poolMax: 1 }, createLogger('silent'));
    return { ...db, close: async () => { await db.close(); await rm(dir, { recursive: true, force: true }); } };
  },
  'unit',
);
