import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../platform/logger.js';
import { createTestSchema, requireEnv } from '../worker/test-services.js';
import { openDatabase, type Database } from './pool.js';
import { repositoryContract } from './repository-contract.js';

// The audit log is append-only by privilege, not only by trigger: the schema owner migrates and runs
// `docket db grant-app-role`, and the worker connects as a role that may not UPDATE, DELETE or TRUNCATE audit_log
// nor change the schema. The whole repository contract then runs as that role, so the grants are enough to work.
const BIN = fileURLToPath(new URL('../bin/docket.mjs', import.meta.url));
const run = randomUUID().replace(/-/g, '').slice(0, 10);
const role = `it_app_${run}`;
const password = randomBytes(12).toString('hex');
const schemas: string[] = [];
const logger = createLogger('silent');

/** A migrated schema owned by the test's (superuser) role, with `role` granted through the real CLI. */
async function grantedSchema(): Promise<{ ownerUrl: string; appUrl: string }> {
  const name = `it_approle_${run}_${schemas.length}`;
  schemas.push(name);
  const ownerUrl = await createTestSchema(name);
  const { stdout } = await promisify(execFile)(process.execPath, [BIN, 'db', 'migrate'], { env: { ...process.env, DOCKET_DATABASE_URL: ownerUrl } });
  expect(stdout).toMatch(/^postgres: \d+ migrations applied, none pending/);
  const granted = await promisify(execFile)(process.execPath, [BIN, 'db', 'grant-app-role', role], { env: { ...process.env, DOCKET_DATABASE_URL: ownerUrl } });
  expect(granted.stdout).toMatch(new RegExp(`^granted ${role} on schema ${name}: \\d+ tables, append-only: audit_log`));
  const app = new URL(ownerUrl);
  app.username = role;
  app.password = password;
  return { ownerUrl, appUrl: app.href };
}

async function asAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: requireEnv('DOCKET_DATABASE_URL') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  await asAdmin((c) => c.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`));
});

afterAll(async () => {
  await asAdmin(async (c) => {
    for (const s of schemas) await c.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await c.query(`DROP OWNED BY ${role}`);
    await c.query(`DROP ROLE IF EXISTS ${role}`);
  });
});

repositoryContract('PostgreSQL, connected as the app role', async () => openDatabase({ url: (await grantedSchema()).appUrl, dataDir: '', poolMax: 4 }, logger), 'approle');

describe('the app role (docket db grant-app-role)', () => {
  let owner: Database;
  let app: Database;

  beforeAll(async () => {
    const urls = await grantedSchema();
    owner = await openDatabase({ url: urls.ownerUrl, dataDir: '', poolMax: 2 }, logger);
    app = await openDatabase({ url: urls.appUrl, dataDir: '', poolMax: 2 }, logger);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await owner?.close();
  });

  it('may insert and read audit rows but never change or remove them', async () => {
    await app.pool.query(`INSERT INTO audit_log (tenant_id, packet_id, actor, action) VALUES ('t', 'p', 'u1', 'review.approve')`);
    expect((await app.pool.query(`SELECT actor FROM audit_log WHERE tenant_id = 't'`)).rows).toEqual([{ actor: 'u1' }]);
    await expect(app.pool.query(`UPDATE audit_log SET actor = 'someone else'`)).rejects.toThrow(/permission denied for table audit_log/);
    await expect(app.pool.query(`DELETE FROM audit_log`)).rejects.toThrow(/permission denied for table audit_log/);
    await expect(app.pool.query(`TRUNCATE audit_log`)).rejects.toThrow(/permission denied for table audit_log/);
    // The owner is held back by the triggers instead.
    await expect(owner.pool.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    expect((await owner.pool.query(`SELECT count(*)::int AS n FROM audit_log`)).rows[0].n).toBe(1);
  });

  it('may not change the schema, drop triggers or record migrations', async () => {
    await expect(app.pool.query(`CREATE TABLE sneaky (x int)`)).rejects.toThrow(/permission denied for schema/);
    await expect(app.pool.query(`DROP TRIGGER audit_log_append_only ON audit_log`)).rejects.toThrow(/must be owner/);
    await expect(app.pool.query(`INSERT INTO schema_migrations (version) VALUES ('9999_x')`)).rejects.toThrow(/permission denied/);
  });

  it('refuses to start on pending migrations with a message that says who must apply them', async () => {
    await owner.pool.query(`DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)`);
    const url = new URL(owner.pool.options.connectionString!);
    url.username = role;
    url.password = password;
    await expect(openDatabase({ url: url.href, dataDir: '', poolMax: 1 }, logger)).rejects.toThrow(/pending .* run `docket db migrate` as the schema owner/);
  });
});
