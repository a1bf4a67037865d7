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
    // Checked before CREATE: the app role (db/app-role.ts) may not create tables, and CREATE ... IF NOT EXISTS still
    // needs that privilege.
    const { rows: exists } = await db.query<{ found: string | null }>("SELECT to_regclass('schema_migrations')::text AS found");
    if (!exists[0]?.found) {
      await db.query('CREATE TABLE schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    }
    const done = new Set(
      (await db.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version),
    );
    const pending = files.map((f) => f.replace(/\.sql$/, '')).filter((v) => !done.has(v));
    if (pending.length && !(await mayMigrate(db))) {
      throw new DatabaseError(
        `${pending.length} migration(s) pending (${pending[0]}...) and this database role may not apply them: run \`docket db migrate\` as the schema owner`,
      );
    }
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

/** Whether the connected role may create tables in the current schema (the owner may; the app role may not). */
async function mayMigrate(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ may: boolean }>("SELECT has_schema_privilege(current_schema(), 'CREATE') AS may");
  return rows[0]?.may === true;
}
