import pg from 'pg';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../platform/logger.js';
import { DatabaseError } from '../platform/errors.js';
import { migrate } from './migrate.js';

export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<pg.QueryResult<R>>;
}

export interface Database {
  readonly kind: 'postgres' | 'pglite';
  readonly pool: pg.Pool;
  /** Runs `fn` in one transaction on one connection; rolls back on error. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL of a real server; without it an embedded PGlite database lives in `dataDir`. */
  url?: string;
  dataDir: string;
  poolMax: number;
}

/**
 * Opens the database and brings its schema up to date. A real PostgreSQL server is reached with `pg`; the embedded
 * default runs PGlite (PostgreSQL in WASM, with pgvector) in this process and serves it through pglite-socket, so the
 * same `pg` repository code runs on both. PGlite has no authentication, so it is served on a Unix socket in a folder
 * only this user may enter (mode 0700, made by mkdtemp), never on a TCP port another local user could reach.
 */
export async function openDatabase(options: DatabaseOptions, logger: Logger): Promise<Database> {
  if (options.url) {
    // keepAlive finds a connection whose server vanished without closing it; connectionTimeoutMillis keeps a checkout
    // from waiting forever while the server restarts (the activity fails and Temporal retries it).
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolMax, keepAlive: true, connectionTimeoutMillis: 15_000 });
    pool.on('error', (err) => logger.warn({ err: err.message }, 'idle database connection failed'));
    const db = wrap('postgres', pool, async () => pool.end());
    await runMigrations(db, logger).catch(async (err: unknown) => {
      await pool.end();
      throw err;
    });
    return db;
  }
  const embedded = await startEmbedded(options.dataDir);
  // PGlite is single-connection: one pooled client keeps transactions from interleaving.
  const pool = new pg.Pool({ connectionString: embedded.url, max: 1 });
  pool.on('error', (err) => logger.warn({ err: err.message }, 'idle database connection failed'));
  const db = wrap('pglite', pool, async () => {
    await pool.end();
    await embedded.stop();
  });
  await runMigrations(db, logger);
  logger.info({ dataDir: options.dataDir }, 'embedded database ready');
  return db;
}

async function runMigrations(db: Database, logger: Logger): Promise<void> {
  const applied = await withClient(db.pool, (client) => migrate(client)).catch((err: unknown) => {
    throw err instanceof DatabaseError ? err : new DatabaseError('cannot migrate the database', err);
  });
  if (applied.length) logger.info({ applied }, 'migrations applied');
}

/**
 * Runs `fn` on one checked-out client. pg-pool takes its error listener off a checked-out client, so a server that dies
 * mid-transaction would emit 'error' with no listener and crash the process; here the error is kept (the failed query
 * rejects by itself) and the broken client is destroyed on release instead of going back to the pool.
 */
async function withClient<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect().catch((err: unknown) => {
    throw new DatabaseError('cannot connect to the database', err);
  });
  let broken: Error | undefined;
  const onError = (err: Error) => {
    broken = err;
  };
  client.on('error', onError);
  try {
    return await fn(client);
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}

function wrap(kind: Database['kind'], pool: pg.Pool, close: () => Promise<void>): Database {
  return {
    kind,
    pool,
    transaction: (fn) =>
      withClient(pool, async (client) => {
        await client.query('BEGIN');
        try {
          const result = await fn(client);
          await client.query('COMMIT');
          return result;
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        }
      }),
    close,
  };
}

interface Embedded {
  url: string;
  /** The folder holding the Unix socket (mode 0700). */
  socketDir: string;
  stop(): Promise<void>;
}

/** The port number in the socket's name (`.s.PGSQL.<port>`), the name `pg` and libpq look for in a socket folder. */
const SOCKET_PORT = 5432;

async function startEmbedded(dataDir: string): Promise<Embedded> {
  const [{ PGlite }, { vector }, { PGLiteSocketServer }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite-pgvector'),
    import('@electric-sql/pglite-socket'),
  ]);
  await mkdir(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir, { extensions: { vector } });
  // The pool holds one client; after a query error pg drops that client and opens a new one while the server may
  // still count the old socket, so the server allows a few (with a limit of 1 the new connection was terminated).
  const socketDir = await mkdtemp(path.join(os.tmpdir(), 'docket-pg-'));
  const server = new PGLiteSocketServer({ db: pglite, path: path.join(socketDir, `.s.PGSQL.${SOCKET_PORT}`), maxConnections: 4 });
  try {
    await server.start();
    await chmod(socketDir, 0o700);
  } catch (err) {
    await pglite.close();
    await rm(socketDir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: `postgres://postgres@/postgres?host=${encodeURIComponent(socketDir)}&port=${SOCKET_PORT}&sslmode=disable`,
    socketDir,
    async stop() {
      await server.stop();
      await pglite.close();
      await rm(socketDir, { recursive: true, force: true });
    },
  };
}
