import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../integration-harness.js';
import {
  auditRows,
  awaitDecisions,
  createPrivateHarness,
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
import { PrivateKafka, PrivatePostgres } from './private-services.js';

const PACKETS = scaled(40, 400);
/** Each fault stops the service, keeps it down DOWN_MS, and starts it again on the same data. */
// Runs in CI (one broker and one database restart); DOCKET_FAULTS_FULL=1 runs three of each on 400 packets.
// It once hung about one run in five: a checked-out pg client had no 'error' listener when PostgreSQL died mid-transaction
// (db/pool.ts withClient), and kafkajs leaves a consumer stopped after a non-retriable error following a broker restart
// (connectors/kafka: a new consumer is started).
const FAULTS: ('kafka' | 'postgres')[] = FAULTS_FULL ? ['kafka', 'postgres', 'kafka', 'postgres', 'kafka', 'postgres'] : ['kafka', 'postgres'];
const DOWN_MS = 5_000;
const SEED = 8_2027;
const TIMEOUT_MS = scaled(240_000, 1_800_000);

// The broker and the database stopped and restarted mid-run. They are a private Kafka and PostgreSQL on their own
// ports (worker/faults/private-services.ts), so the shared services other tests use stay up; Temporal is shared.
describe(`Kafka broker and PostgreSQL restarted mid-run (${FAULTS.join(', ')}; ${PACKETS} packets${FAULTS_FULL ? ', full' : ''})`, () => {
  let dir: string;
  let kafka: PrivateKafka;
  let postgres: PrivatePostgres;
  let h: Harness;
  let ledger: Ledger;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'docket-faults-'));
    [kafka, postgres] = await Promise.all([PrivateKafka.create(dir), PrivatePostgres.create(dir)]);
    h = await createPrivateHarness({ brokers: kafka.brokers, databaseUrl: postgres.url });
    await createTopics(h);
    ledger = await openLedger(h);
  }, 240_000);

  afterAll(async () => {
    await worker?.kill('SIGKILL');
    if (h) console.log(`[faults] terminated ${await terminateOpenWorkflows(h)} workflows left waiting for review`);
    await ledger?.stop();
    await h?.close();
    await kafka?.close();
    await postgres?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, HOOK_TIMEOUT_MS);

  it('the run recovers by itself: every packet decided once, one set of rows, the worker never restarted', { timeout: TIMEOUT_MS + 240_000 }, async () => {
    const tenantId = `restart${h.run}`;
    const pdf = await writeTinyPdf(dir);
    const random = seededRandom(SEED);
    const ids = Array.from({ length: PACKETS }, (_, i) => `r${String(i).padStart(4, '0')}`);
    const batches = Array.from({ length: FAULTS.length + 1 }, (_, b) => ids.filter((_, i) => i % (FAULTS.length + 1) === b));
    const send = (batch: string[]) =>
      h.send(h.config.kafka.topics.packets, batch.map((id) => ({ key: id, value: JSON.stringify(packetEvent(tenantId, id, pdf)) })));

    worker = new WorkerProcess(faultEnv(h), 'restart');
    await worker.started;
    const begun = performance.now();
    const outages: { service: string; delayMs: number; downAt: number; upAt: number; undecided: number }[] = [];
    for (const [i, service] of FAULTS.entries()) {
      await send(batches[i]!);
      const delayMs = Math.round(500 + random() * 3_000);
      await sleep(delayMs);
      const downAt = Date.now();
      const undecided = batches.slice(0, i + 1).flat().filter((id) => !ledger.decisions.has(id)).length;
      await (service === 'kafka' ? kafka.stop() : postgres.stop('immediate'));
      await sleep(DOWN_MS);
      await (service === 'kafka' ? kafka.start() : postgres.start());
      outages.push({ service, delayMs, downAt, upAt: Date.now(), undecided });
      // Recovered before the next fault, so each outage has its own recovery time.
      await awaitDecisions(ledger, batches.slice(0, i + 1).flat(), TIMEOUT_MS / FAULTS.length);
    }
    await send(batches[FAULTS.length]!);
    const done = await awaitDecisions(ledger, ids, TIMEOUT_MS);
    const wallMs = performance.now() - begun;
    await sleep(3_000);

    const counts = tally(ledger, ids);
    const rows = await auditRows(h, tenantId, ids);
    // Recovery: from the service back up to the next decision event.
    const recovery = outages.map((o) => {
      const next = ledger.decidedAt.filter((t) => t > o.upAt).reduce((a, b) => Math.min(a, b), Infinity);
      const back = next === Infinity ? 'n/a' : `${((next - o.upAt) / 1000).toFixed(1)}s`;
      return `${o.service} (down ${((o.upAt - o.downAt) / 1000).toFixed(1)}s, ${o.undecided} sent and undecided at stop) -> next decision ${back}`;
    });
    console.log(
      `[faults] restarts: seed ${SEED}, ${PACKETS} packets; ${recovery.join('; ')}; decided ${counts.decided}, duplicates ${counts.duplicates}, ` +
        `lost ${counts.lost}; workflows started ${worker.intake.started}, redelivered events ${worker.intake.duplicate}; rows ${JSON.stringify(rows)}; error lines ${worker.errorCount}; wall ${(wallMs / 1000).toFixed(1)} s`,
    );
    // Connection refusals while a service is down are expected; anything else is shown.
    for (const line of worker.errors.filter((l) => !/ECONNREFUSED|Connection error|terminat/i.test(l)).slice(0, 5)) console.log(`[faults] worker error: ${line}`);

    expect(worker.alive, worker.log).toBe(true);
    expect(done, `lost: ${counts.lostIds.join(', ')}\n${worker.log}`).toBe(true);
    expect(counts).toMatchObject({ sent: PACKETS, decided: PACKETS, duplicates: 0, lost: 0, unexpected: 0 });
    expect(rows).toEqual({ complete: PACKETS, missing: 0, unexpected: 0, stuck: 0, badDocuments: 0, orphans: 0 });
  });
});
