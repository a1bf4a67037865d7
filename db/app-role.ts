import type { Queryable } from './pool.js';
import { DatabaseError } from '../platform/errors.js';

/** Tables the app role may read and insert into but never change: the reviewers' audit trail. */
export const APPEND_ONLY_TABLES = ['audit_log'] as const;

export interface AppRoleGrants {
  role: string;
  schema: string;
  tables: number;
  appendOnly: readonly string[];
}

/**
 * Gives an existing login role what the worker and the review app need on the current schema, and no more: read and
 * write on the working tables, SELECT and INSERT only on the audit log (no UPDATE, DELETE or TRUNCATE), read-only on
 * schema_migrations, no CREATE. Run by the schema owner after `docket db migrate`; run it again after a migration adds
 * tables (it is idempotent). The audit log's triggers stay as a second guard, for the owner too.
 */
export async function grantAppRole(db: Queryable, role: string): Promise<AppRoleGrants> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) throw new DatabaseError(`app role must be a plain lower-case SQL name, got ${JSON.stringify(role)}`);
  const { rows: found } = await db.query<{ super: boolean }>('SELECT rolsuper AS super FROM pg_roles WHERE rolname = $1', [role]);
  if (!found.length) throw new DatabaseError(`role ${role} does not exist: create it first (CREATE ROLE ${role} LOGIN PASSWORD '...')`);
  if (found[0]!.super) throw new DatabaseError(`role ${role} is a superuser: grants cannot restrict it`);
  const { rows: owner } = await db.query<{ schema: string; owner: string }>(
    'SELECT current_schema() AS schema, pg_get_userbyid(n.nspowner) AS owner FROM pg_namespace n WHERE n.nspname = current_schema()',
  );
  const schema = owner[0]!.schema;
  if (owner[0]!.owner === role) throw new DatabaseError(`role ${role} owns schema ${schema}: the app role must not be the owner`);
  const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const s = ident(schema);
  const r = ident(role);
  const { rows: tables } = await db.query<{ name: string }>(
    "SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') ORDER BY 1",
    [schema],
  );
  const statements = [
    `GRANT USAGE ON SCHEMA ${s} TO ${r}`,
    `REVOKE CREATE ON SCHEMA ${s} FROM ${r}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${s} TO ${r}`,
  ];
  for (const { name } of tables) {
    const t = `${s}.${ident(name)}`;
    statements.push(`REVOKE ALL ON ${t} FROM ${r}`);
    if (name === 'schema_migrations') statements.push(`GRANT SELECT ON ${t} TO ${r}`);
    else if ((APPEND_ONLY_TABLES as readonly string[]).includes(name)) statements.push(`GRANT SELECT, INSERT ON ${t} TO ${r}`);
    else statements.push(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${t} TO ${r}`);
  }
  for (const sql of statements) await db.query(sql);
  return { role, schema, tables: tables.length, appendOnly: APPEND_ONLY_TABLES };
}
