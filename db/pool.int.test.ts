import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../platform/logger.js';
import { createTestSchema } from '../worker/test-services.js';
import { openDatabase, type Database } from './pool.js';

// A connection killed in the middle of a transaction (as when PostgreSQL restarts) must fail that transaction only:
// before, the checked-out client's 'error' event had no listener and took the whole worker process down.
describe('database connections that die mid-transaction', () => {
  const run = randomUUID().replace(/-/g, '').slice(0, 10);
  let db: Database;
  const uncaught: unknown[] = [];
  const onUncaught = (err: unknown) => uncaught.push(err);

  beforeAll(async () => {
    db = await openDatabase({ url: await createTestSchema(`it_pool_${run}`), dataDir: '.cache/unused', poolMax: 2 }, createLogger('silent'));
    process.on('uncaughtException', onUncaught);
  });

  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    await db?.close();
  });

  it('rejects the transaction, keeps the process up, and the next transaction gets a new connection', async () => {
    const pids = new Set<number>();
    const failure = await db
      .transaction(async (tx) => {
        const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        pids.add(rows[0]!.pid);
        // Another connection kills this one, as a server restart would.
        await db.pool.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
        await new Promise((resolve) => setTimeout(resolve, 200)); // the socket closes while the client is checked out
        await tx.query('SELECT 1');
      })
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(failure).toBeInstanceOf(Error);
    expect(String((failure as Error).message)).toMatch(/terminat|connection error/i);
    await new Promise((resolve) => setImmediate(resolve));
    expect(uncaught).toEqual([]);

    const pid = await db.transaction(async (tx) => (await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid);
    expect(pids.has(pid)).toBe(false);
    expect(db.pool.totalCount).toBeLessThanOrEqual(2);
  });
});
