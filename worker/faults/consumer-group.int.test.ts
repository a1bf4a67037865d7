import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../integration-harness.js';
import {
  auditRows,
  awaitDecisions,
  createTopics,
  FAULTS_FULL,
  faultEnv,
  HOOK_TIMEOUT_MS,
  openLedger,
  packetEvent,
  scaled,
  sleep,
  tally,
  terminateOpenWorkflows,
  WorkerProcess,
  writeTinyPdf,
  type Ledger,
} from './fault-harness.js';

const PACKETS = scaled(60, 600);
const TIMEOUT_MS = scaled(240_000, 1_200_000);

// Two `docket worker` processes in one consumer group: one joins mid-run, later the other leaves (SIGTERM), each a
// rebalance while packets flow.
describe(`two workers in one consumer group, rebalancing mid-run (${PACKETS} packets${FAULTS_FULL ? ', full' : ''})`, () => {
  let h: Harness;
  let ledger: Ledger;
  let dir: string;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    h = await createHarness();
    await createTopics(h);
    ledger = await openLedger(h);
    dir = await mkdtemp(path.join(os.tmpdir(), 'docket-faults-'));
  });

  afterAll(async () => {
    for (const w of workers) await w.kill('SIGKILL');
    if (h) console.log(`[faults] terminated ${await terminateOpenWorkflows(h)} workflows left waiting for review`);
    await ledger?.stop();
    await h?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, HOOK_TIMEOUT_MS);

  it('rebalances lose nothing and duplicate nothing', { timeout: TIMEOUT_MS + 120_000 }, async () => {
    const tenantId = `group${h.run}`;
    const pdf = await writeTinyPdf(dir);
    const ids = Array.from({ length: PACKETS }, (_, i) => `g${String(i).padStart(4, '0')}`);
    const third = Math.ceil(PACKETS / 3);
    const send = (batch: string[]) =>
      h.send(h.config.kafka.topics.packets, batch.map((id) => ({ key: id, value: JSON.stringify(packetEvent(tenantId, id, pdf)) })));
    const env = faultEnv(h);

    const begun = performance.now();
    const a = new WorkerProcess(env, 'a');
    workers.push(a);
    await a.started;
    await send(ids.slice(0, third));
    // B joins while A works through the first third: the group rebalances to share the partitions.
    const b = new WorkerProcess(env, 'b');
    workers.push(b);
    await b.started;
    const joinedAt = performance.now();
    await send(ids.slice(third, 2 * third));
    await sleep(3_000);
    // A leaves (graceful stop) with packets in flight and more arriving while it shuts down: B takes every partition over.
    a.child.kill('SIGTERM');
    const leftAt = performance.now();
    await send(ids.slice(2 * third));
    await a.exited;
    const done = await awaitDecisions(ledger, ids, TIMEOUT_MS);
    const wallMs = performance.now() - begun;
    await sleep(3_000);

    const counts = tally(ledger, ids);
    const rows = await auditRows(h, tenantId, ids);
    console.log(
      `[faults] consumer group: ${PACKETS} packets, workflows started by a ${a.intake.started}, by b ${b.intake.started} ` +
        `(redelivered: ${a.intake.duplicate + b.intake.duplicate}); b joined at ${(joinedAt - begun) / 1000 | 0}s, a stopped at ${(leftAt - begun) / 1000 | 0}s; ` +
        `decided ${counts.decided}, duplicates ${counts.duplicates}, lost ${counts.lost}; a exit ${a.child.exitCode ?? a.child.signalCode}; error lines a ${a.errorCount}, b ${b.errorCount}; wall ${(wallMs / 1000).toFixed(1)} s`,
    );
    for (const line of [...a.errors, ...b.errors].slice(0, 5)) console.log(`[faults] worker error: ${line}`);

    expect(done, `lost: ${counts.lostIds.join(', ')}\n${b.log}`).toBe(true);
    expect(counts).toMatchObject({ sent: PACKETS, decided: PACKETS, duplicates: 0, lost: 0, unexpected: 0 });
    expect(rows).toEqual({ complete: PACKETS, missing: 0, unexpected: 0, stuck: 0, badDocuments: 0, orphans: 0 });
    // Both members consumed: the intake really was shared, and every workflow was started once between them.
    expect(a.intake.started).toBeGreaterThan(0);
    expect(b.intake.started).toBeGreaterThan(0);
    expect(a.intake.started + b.intake.started).toBe(PACKETS);
    expect(a.child.exitCode, a.log).toBe(0);
    // A graceful stop stops intake before the Temporal client closes: no event fails to start on the way out. (kafkajs
    // logs a member's heartbeat answered with "rebalancing" at error level; that is the protocol, not a failure.)
    expect(a.errors.filter((line) => !line.includes('The group is rebalancing'))).toEqual([]);
    expect(b.alive).toBe(true);
  });
});
