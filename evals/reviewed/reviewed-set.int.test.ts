import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEventFromFolder } from '../../connectors/folder/folder-intake.js';
import { packetWorkflowId, type PacketEventV1 } from '../../core/events.js';
import { ReviewRepository } from '../../db/review-repository.js';
import { loadConfig } from '../../platform/config.js';
import { createLogger } from '../../platform/logger.js';
import { addUser } from '../../review/auth/users.js';
import { temporalPacketWorkflows } from '../../review/packet-workflows.js';
import { TEST_SCRYPT } from '../../review/review-test-fixtures.js';
import { writeSamplePackets } from '../../worker/demo-samples.js';
import { eventually } from '../../worker/integration-harness.js';
import { createRuntime, type DocketRuntime } from '../../worker/runtime.js';
import { createTestSchema, requireEnv } from '../../worker/test-services.js';
import type { EvalMiss, EvalResult } from '../run/eval-runner.js';
import type { ReviewedTruth } from './reviewed-truth.js';

const execFileAsync = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

// The flywheel on real PostgreSQL and Temporal: a packet waits for review; an underwriter corrects a field and
// dismisses its findings; `docket eval --set reviewed` (the real command, in its own process) turns the reviewed packet
// into a labelled example and scores the current pipeline against the reviewer's truth. The pipeline still reads the
// corrected field as it did, so the run reports it as a wrong value; the dismissed findings come back as false flags.
describe('docket eval --set reviewed', () => {
  const run = randomUUID().replace(/-/g, '').slice(0, 10);
  let dir: string;
  let databaseUrl: string;
  let runtime: DocketRuntime;
  let event: PacketEventV1;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'docket-reviewed-it-'));
    databaseUrl = await createTestSchema(`it_reviewed_${run}`);
    const config = loadConfig(
      {
        DOCKET_LOG_LEVEL: 'warn',
        DOCKET_DATABASE_URL: databaseUrl,
        DOCKET_TEMPORAL_ADDRESS: requireEnv('DOCKET_TEMPORAL_ADDRESS'),
        DOCKET_TASK_QUEUE: `it-reviewed-${run}`,
        DOCKET_INTAKE: 'none',
        DOCKET_OUTBOX_DIR: path.join(dir, 'outbox'),
        DOCKET_OCR_WORKERS: '1',
        DOCKET_EMBEDDINGS: 'lexical',
      },
      2,
    );
    runtime = await createRuntime(config, createLogger('warn'), { intake: false });
    const sample = (await writeSamplePackets(path.join(dir, 'samples'))).find((s) => s.expectedStatus === 'incomplete' && !s.scanned);
    if (!sample) throw new Error('no digital incomplete sample packet');
    const built = await buildEventFromFolder(sample.dir);
    if (!built.ok) throw new Error(built.reason);
    event = { ...built.event, tenantId: `it${run}`, packetId: `reviewed-${run}` };
    await runtime.startPacket(event, 'cli');
  });

  afterAll(async () => {
    await runtime?.shutdown();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('scores the pipeline on a reviewed packet against the reviewer\'s corrections and dismissals', async () => {
    const key = { tenantId: event.tenantId, packetId: event.packetId };
    const result = await eventually(async () => {
      const r = await runtime.repo.packetResult(key);
      return r?.phase === 'awaiting_review' ? r : undefined;
    }, 240_000, 'the packet waiting for review');

    // The reviewer corrects a name and dismisses every finding, then approves.
    const reviews = new ReviewRepository(runtime.db);
    const user = await addUser(reviews, { tenantId: event.tenantId, email: `uw-${run}@lender.test`, displayName: 'uw', role: 'underwriter', password: 'x'.repeat(12) }, 'test', TEST_SCRYPT);
    const doc = result.documents.find((d) => d.fields.some((f) => f.name.endsWith('_name')))!;
    const field = doc.fields.find((f) => f.name.endsWith('_name'))!;
    const value = `${field.value} Corrected`;
    expect(await reviews.correctField(key, { documentId: doc.documentId, segment: doc.segment, name: field.name, value, normalized: value.toUpperCase() }, { userId: user!.userId, email: user!.email })).toBe(true);
    const findings = result.findings.map((f) => ({ findingId: f.findingId, resolution: 'dismissed' as const, reason: 'checked by hand' }));
    expect(findings.length).toBeGreaterThan(0);
    await temporalPacketWorkflows(runtime.client).submitReview(key, { actionId: `a-${run}`, reviewer: user!.email, outcome: 'approve', findings });
    await runtime.client.workflow.getHandle(packetWorkflowId(event.tenantId, event.packetId)).result();

    // The command, in its own process, on the same database and Temporal server.
    const out = path.join(dir, 'reviewed-result.json');
    const missesFile = path.join(dir, 'reviewed-misses.json');
    const setDir = path.join(dir, 'reviewed-set');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DOCKET_DATABASE_URL: databaseUrl,
      DOCKET_TASK_QUEUE: `it-reviewed-cli-${run}`,
      DOCKET_EMBEDDINGS: 'lexical',
      DOCKET_OCR_WORKERS: '1',
      DOCKET_LOG_LEVEL: 'warn',
    };
    delete env.DOCKET_KAFKA_BROKERS;
    const { stderr } = await execFileAsync(process.execPath, [path.join(ROOT, 'bin/docket.mjs'), 'eval', '--set', 'reviewed', '--tenant', event.tenantId, '--dir', setDir, '--out', out, '--misses', missesFile], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      timeout: 300_000,
      maxBuffer: 64 * 1024 * 1024,
    }).catch((err: { message: string; stderr?: string }) => {
      throw new Error(`${err.message}\n${(err.stderr ?? '').slice(-4000)}`);
    });
    expect(stderr).toMatch(/reviewed: 1 packets \(\d+ files, 1 corrected fields, \d+ dismissed findings\)/);

    const [folder] = (await readdir(setDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
    const truth = JSON.parse(await readFile(path.join(setDir, folder!, 'truth.json'), 'utf8')) as ReviewedTruth;
    expect(truth.review).toMatchObject({ outcome: 'approve', correctedFields: 1, dismissedFindings: findings.length });
    expect(truth.expectedFindings).toEqual([]);
    expect(truth.documents.flatMap((d) => d.fields)).toContainEqual(expect.objectContaining({ name: field.name, value }));

    const scored = JSON.parse(await readFile(out, 'utf8')) as EvalResult;
    expect(scored).toMatchObject({ set: 'reviewed', packets: 1 });
    expect(scored.fields.recall).toBeLessThan(1);
    expect(scored.fields.recall).toBeGreaterThan(0.5);
    const misses = JSON.parse(await readFile(missesFile, 'utf8')) as EvalMiss[];
    expect(misses.filter((m) => 'code' in m && m.reason === 'unexpected').length).toBeGreaterThan(0);
    expect(scored.findings.precision).toBe(0);
    expect(misses).toContainEqual(expect.objectContaining({ field: field.name, want: value.toUpperCase(), got: field.normalized, reason: 'wrong_value' }));
    // The run is stored where the dashboards read eval runs.
    const stored = await runtime.db.pool.query(`SELECT set_name FROM eval_runs WHERE run_id = $1`, [scored.run_id]);
    expect(stored.rows).toEqual([{ set_name: 'reviewed' }]);
  });
});
