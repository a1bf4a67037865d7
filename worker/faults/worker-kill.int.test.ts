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
  seededRandom,
  sleep,
  tally,
  terminateOpenWorkflows,
  WorkerProcess,
  writeTinyPdf,
  type Ledger,
} from './fault-harness.js';

const PACKETS = scaled(40, 200);
const KILLS = scaled(3, 20);
const SEED = 8_2026;
const TIMEOUT_MS = scaled(300_000, 1_800_000);

// The real `docket worker` SIGKILLed at random points while packets flow, and started again each time.
describe(`worker SIGKILLed ${KILLS} times during ${PACKETS} packets${FAULTS_FULL ? ' (full)' : ''}`, () => {
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

  it('every packet completes once, with no orphaned rows', { timeout: TIMEOUT_MS + 120_000 }, async () => {
    const tenantId = `kill${h.run}`;
    const pdf = await writeTinyPdf(dir);
    const random = seededRandom(SEED);
    const ids = Array.from({ length: PACKETS }, (_, i) => `k${String(i).padStart(4, '0')}`);
    // One batch before each kill and one after the last, so kills land in intake as well as in the middle of packets.
    const batches = Array.from({ length: KILLS + 1 }, (_, b) => ids.filter((_, i) => i % (KILLS + 1) === b));
    const send = (batch: string[]) =>
      h.send(h.config.kafka.topics.packets, batch.map((id) => ({ key: id, value: JSON.stringify(packetEvent(tenantId, id, pdf)) })));
    const start = async () => {
      const w = new WorkerProcess(faultEnv(h), `w${workers.length}`);
      workers.push(w);
      const t = performance.now();
      await w.started;
      return performance.now() - t;
    };

    const begun = performance.now();
    const startupMs = [await start()];
    const kills: { at: number; delayMs: number; decidedBefore: number }[] = [];
    for (let k = 0; k < KILLS; k += 1) {
      await send(batches[k]!);
      const delayMs = Math.round(500 + random() * 5_500);
      await sleep(delayMs);
      const current = workers.at(-1)!;
      const decidedBefore = ledger.decisions.size;
      current.child.kill('SIGKILL');
      kills.push({ at: Date.now(), delayMs, decidedBefore });
      await current.exited;
      expect(current.child.signalCode).toBe('SIGKILL');
      startupMs.push(await start());
    }
    await send(batches[KILLS]!);
    const done = await awaitDecisions(ledger, ids, TIMEOUT_MS);
    const wallMs = performance.now() - begun;
    await sleep(3_000);

    const counts = tally(ledger, ids);
    const rows = await auditRows(h, tenantId, ids);
    // Recovery: from a kill to the next decision event (from whichever packet), when any packet was still undecided.
    const recovery = kills.map((k) => {
      const next = ledger.decidedAt.filter((t) => t > k.at).reduce((a, b) => Math.min(a, b), Infinity);
      return next === Infinity ? 'n/a' : `${((next - k.at) / 1000).toFixed(1)}s`;
    });
    const started = workers.reduce((n, w) => n + w.intake.started, 0);
    const redelivered = workers.reduce((n, w) => n + w.intake.duplicate, 0);
    console.log(
      `[faults] SIGKILL: seed ${SEED}, ${PACKETS} packets, ${KILLS} kills (after ${kills.map((k) => `${k.delayMs}ms`).join(', ')}), ` +
        `decided ${counts.decided}, duplicates ${counts.duplicates}, lost ${counts.lost}; recovery (kill -> next decision) ${recovery.join(', ')}; ` +
        `worker start ${startupMs.map((ms) => `${(ms / 1000).toFixed(1)}s`).join(', ')}; workflows started ${started} (logged), redelivered events ${redelivered}; ` +
        `rows ${JSON.stringify(rows)}; error lines ${workers.reduce((n, w) => n + w.errorCount, 0)}; wall ${(wallMs / 1000).toFixed(1)} s`,
    );
    for (const line of workers.flatMap((w) => w.errors).slice(0, 5)) console.log(`[faults] worker error: ${line}`);

    expect(done, `lost: ${counts.lostIds.join(', ')}\n${workers.at(-1)!.log}`).toBe(true);
    expect(counts).toMatchObject({ sent: PACKETS, decided: PACKETS, duplicates: 0, lost: 0, unexpected: 0 });
    expect(rows).toEqual({ complete: PACKETS, missing: 0, unexpected: 0, stuck: 0, badDocuments: 0, orphans: 0 });
    expect(workers.at(-1)!.alive).toBe(true);
  });
});
