import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Queryable } from './pool.js';
import { DatabaseError } from '../platform/errors.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/**
 * Applies every migration in db/migrations not yet recorded in schema_migrations, in file-name order, each in its
 * own transaction. An advisory lock makes concurrent workers wait rather than race. Returns the versions applied.
 */
export async function migrate(db: Queryable, dir = MIGRATIONS_DIR): Promise<string[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const applied: string[] = [];
  await db.query('SELECT pg_advisory_lock(4242001)');
  try {
    await db.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set(
      (await db.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version),
    );
    for (const file of files) {
      const version = file.replace(/\.sql$/, '');
      if (done.has(version)) continue;
      const sql = await readFile(path.join(dir, file), 'utf8');
      try {
        await db.query('BEGIN');
        await db.query(sql);
        await db.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
        await db.query('COMMIT');
      } catch (err) {
        await db.query('ROLLBACK');
        throw new DatabaseError(`migration ${version} failed`, err);
      }
      applied.push(version);
    }
  } finally {
    await db.query('SELECT pg_advisory_unlock(4242001)');
  }
  return applied;
}
