import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../platform/logger.js';
import { openDatabase } from './pool.js';

describe('the embedded database', () => {
  it('is served on a Unix socket in a folder only this user may enter, not on a TCP port, and the folder goes with it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'docket-pglite-'));
    const db = await openDatabase({ dataDir: dir, poolMax: 1 }, createLogger('silent'));
    try {
      const url = (db.pool as unknown as { options: { connectionString: string } }).options.connectionString;
      // No host name or address before the database: the socket folder is the `host` parameter.
      expect(url).toMatch(/^postgres:\/\/postgres@\/postgres\?/);
      const host = decodeURIComponent(/[?&]host=([^&]+)/.exec(url)![1]!);
      expect(path.isAbsolute(host)).toBe(true);
      expect((await stat(host)).mode & 0o777).toBe(0o700);
      expect((await stat(path.join(host, '.s.PGSQL.5432'))).isSocket()).toBe(true);
      expect((await db.pool.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one).toBe(1);
      await db.close();
      await expect(stat(host)).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
