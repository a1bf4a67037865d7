import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../platform/logger.js';
import { chunkRepositoryContract } from './chunk-repository-contract.js';
import { openDatabase } from './pool.js';

// The embedded default: PGlite (PostgreSQL in WASM with pgvector) in this process.
chunkRepositoryContract('embedded PGlite', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'docket-chunks-'));
  const db = await openDatabase({ dataDir: dir, poolMax: 1 }, createLogger('silent'));
  return { ...db, close: async () => { await db.close(); await rm(dir, { recursive: true, force: true }); } };
});
