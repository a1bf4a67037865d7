import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEventFromFolder } from '../../connectors/folder/folder-intake.js';
import type { PacketResult } from '../../db/packet-repository.js';
import { createLogger } from '../../platform/logger.js';
import { createHarness, type Harness } from '../../worker/integration-harness.js';
import { waitForDecisions } from '../../worker/run-packets.js';
import { createRuntime } from '../../worker/runtime.js';
import { generatePacket } from '../generator/generate-packet.js';

// Issue 5, "done when": `docket guidelines ingest` on the sample guidelines, then a packet with a stale pay stub,
// gives a stale_pay_stub finding that quotes section 4.2 (Pay stubs), on PostgreSQL + pgvector and on PGlite.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(ROOT, 'bin/docket.mjs');
const SAMPLE = path.join(ROOT, 'guidelines/sample');
const execFileAsync = promisify(execFile);

async function docket(args: string[], env: NodeJS.ProcessEnv, timeout = 300_000): Promise<string> {
  try {
    const { stdout } = await execFileAsync(process.execPath, [BIN, ...args], { cwd: ROOT, env, timeout, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${e.message}\n--- stderr (tail) ---\n${(e.stderr ?? '').slice(-6000)}`);
  }
}

/** A digital packet whose latest pay stub is 45-75 days older than the application (the generator's defect). */
async function stalePayStubPacket(dir: string): Promise<string[]> {
  const packet = await generatePacket(5005, { rendition: 'digital', defects: ['stale_pay_stub'] });
  await mkdir(dir, { recursive: true });
  for (const [file, bytes] of packet.files) await writeFile(path.join(dir, file), bytes);
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(packet.manifest, null, 2));
  return [...packet.files.keys()].map((f) => path.join(dir, f));
}

/** What both databases must give: the finding quotes 4.2, every finding cites a passage, the borrower is asked for a stub. */
function expectGrounded(result: PacketResult): void {
  const stale = result.findings.find((f) => f.code === 'stale_pay_stub');
  expect(stale, JSON.stringify(result.findings.map((f) => f.code))).toBeDefined();
  expect(stale!.citation).toEqual({ topic: 'Pay stubs', section: '4.2' });
  const top = stale!.passages[0]!;
  expect(top).toMatchObject({ section: '4.2', sectionPath: '4 Income > 4.2 Pay stubs', title: 'Sample Lender Residential Underwriting Guide' });
  expect(top.source).toMatch(/^file:\/\/.*\/guidelines\/sample\/underwriting-guide\.md$/);
  expect(top.excerpt).toContain('must be dated no more than 30 days before the application date');
  expect(stale!.passages.length).toBe(2);
  for (const f of result.findings) {
    expect(f.citation, f.code).not.toBeNull();
    expect(f.passages.length, f.code).toBeGreaterThan(0);
  }
  const request = result.borrowerRequest!;
  expect(request.status).toBe('draft');
  expect(request.readyMs).toBeGreaterThan(0);
  const stub = request.items.find((i) => i.itemId === 'replacement:pay_stub')!;
  expect(stub).toMatchObject({ kind: 'replacement', section: '4.2', topic: 'Pay stubs', findingIds: [stale!.findingId] });
  expect(stub.text).toMatch(/^Your most recent pay stub, dated within 30 days of your application/);
}

describe('findings grounded in the sample guidelines on PostgreSQL + pgvector', () => {
  let h: Harness;
  let dir: string;

  beforeAll(async () => {
    h = await createHarness();
    dir = await mkdtemp(path.join(os.tmpdir(), 'docket-grounded-pg-'));
  });
  afterAll(async () => {
    await h?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('`docket guidelines ingest`, then a packet with a stale pay stub: the finding quotes section 4.2', { timeout: 420_000 }, async () => {
    const tenant = `g${h.run}`;
    const env = { ...process.env, ...h.env, DOCKET_LOG_LEVEL: 'warn' };
    const ingested = JSON.parse(await docket(['guidelines', 'ingest', SAMPLE, '--tenant', tenant, '--json'], env)) as { chunks: number; model: string };
    expect(ingested.chunks).toBeGreaterThan(30);
    // Unchanged files: nothing written the second time.
    expect((JSON.parse(await docket(['guidelines', 'ingest', SAMPLE, '--tenant', tenant, '--json'], env)) as { chunks: number }).chunks).toBe(0);

    await stalePayStubPacket(dir);
    const built = await buildEventFromFolder(dir);
    if (!built.ok) throw new Error(built.reason);
    const event = { ...built.event, tenantId: tenant, packetId: `stale-${h.run}` };
    const runtime = await createRuntime({ ...h.config, intake: 'none' }, createLogger('warn'), { intake: false });
    try {
      await runtime.startPacket(event, 'cli');
      const [result] = await waitForDecisions(runtime, [event], 240_000);
      expectGrounded(result!);
    } finally {
      await runtime.shutdown();
    }
    // Passages stay out of the decision event (kept small): it carries codes and messages only.
    const { rows } = await h.db.query(`SELECT decision FROM packets WHERE tenant_id = $1 AND packet_id = $2`, [tenant, event.packetId]);
    expect(rows[0].decision.findings.some((f: { code: string }) => f.code === 'stale_pay_stub')).toBe(true);
    expect(JSON.stringify(rows[0].decision)).not.toMatch(/excerpt|passages/);
  });
});

describe('findings grounded in the sample guidelines on the embedded PGlite', () => {
  let tmp: string;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'docket-grounded-pglite-'));
  });
  afterAll(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('`docket guidelines ingest`, then `docket process` on a packet with a stale pay stub: the finding quotes section 4.2', { timeout: 420_000 }, async () => {
    // The embedded default: no servers; one PGlite data folder for both commands, a local Temporal for `process`.
    const env: NodeJS.ProcessEnv = { ...process.env, DOCKET_LOG_LEVEL: 'warn', DOCKET_DATA_DIR: path.join(tmp, 'data') };
    for (const k of ['DOCKET_DATABASE_URL', 'DOCKET_TEMPORAL_ADDRESS', 'DOCKET_KAFKA_BROKERS', 'DOCKET_INTAKE']) delete env[k];
    const ingested = JSON.parse(await docket(['guidelines', 'ingest', SAMPLE, '--tenant', 'lender-a', '--json'], env)) as { chunks: number };
    expect(ingested.chunks).toBeGreaterThan(30);

    const files = await stalePayStubPacket(path.join(tmp, 'packet'));
    const out = path.join(tmp, 'result.json');
    const stdout = await docket(['process', ...files, '--tenant', 'lender-a', '--out', out], env);
    expect(stdout).toMatch(/stale_pay_stub: .*\[guideline 4\.2 Pay stubs\]/);
    const { packets } = JSON.parse(await readFile(out, 'utf8')) as { packets: PacketResult[] };
    expectGrounded(packets[0]!);
  });
});
