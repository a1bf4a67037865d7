import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../platform/config.js';
import { createLogger } from '../../platform/logger.js';
import { createHarness, type Harness } from '../integration-harness.js';
import { createRuntime, type DocketRuntime } from '../runtime.js';
import {
  auditRows,
  awaitDecisions,
  FAULTS_FULL,
  faultEnv,
  HOOK_TIMEOUT_MS,
  malformedEvent,
  openLedger,
  packetEvent,
  scaled,
  tally,
  terminateOpenWorkflows,
  writeTinyPdf,
  type Ledger,
} from './fault-harness.js';

const EVENTS = scaled(300, 10_000);
/** 1% malformed, and at least one of each kind malformedEvent makes. */
const MALFORMED = Math.max(Math.round(EVENTS / 100), 7);
const TIMEOUT_MS = scaled(300_000, 3_600_000);

// Exactly-once accounting: N packet events, 1% of them malformed, through real Kafka, Temporal and PostgreSQL.
describe(`exactly-once accounting under malformed input (${EVENTS} events${FAULTS_FULL ? ', full' : ''})`, () => {
  let h: Harness;
  let runtime: DocketRuntime;
  let ledger: Ledger;
  let dir: string;

  beforeAll(async () => {
    h = await createHarness();
    runtime = await createRuntime(loadConfig(faultEnv(h), 2), createLogger('warn'), { intake: true, listener: () => undefined });
    ledger = await openLedger(h);
    dir = await mkdtemp(path.join(os.tmpdir(), 'docket-faults-'));
  });

  afterAll(async () => {
    await runtime?.shutdown();
    if (h) console.log(`[faults] terminated ${await terminateOpenWorkflows(h)} workflows left waiting for review`);
    await ledger?.stop();
    await h?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, HOOK_TIMEOUT_MS);

  it('every valid packet gets exactly one decision and one set of rows; every malformed one is in the DLQ with its reason', { timeout: TIMEOUT_MS + 120_000 }, async () => {
    const tenantId = `faults${h.run}`;
    const pdf = await writeTinyPdf(dir);
    const every = Math.floor(EVENTS / MALFORMED);
    const validIds: string[] = [];
    const bad = new Map<string, RegExp>();
    const messages: { key: string; value: string }[] = [];
    for (let i = 0; i < EVENTS; i += 1) {
      const packetId = `p${String(i).padStart(5, '0')}`;
      const event = packetEvent(tenantId, packetId, pdf);
      if (i % every === every - 1 && bad.size < MALFORMED) {
        const key = `bad-${i}`;
        const m = malformedEvent(bad.size, event);
        bad.set(key, m.reason);
        messages.push({ key, value: m.value });
      } else {
        validIds.push(packetId);
        messages.push({ key: packetId, value: JSON.stringify(event) });
      }
    }

    const started = performance.now();
    for (let i = 0; i < messages.length; i += 500) await h.send(h.config.kafka.topics.packets, messages.slice(i, i + 500));
    const done = await awaitDecisions(ledger, validIds, TIMEOUT_MS);
    const wallMs = performance.now() - started;
    // A duplicate publish or a late DLQ copy gets a moment to show up before counting.
    const deadline = Date.now() + 30_000;
    while (ledger.dlq.size < bad.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    await new Promise((r) => setTimeout(r, 3_000));

    const counts = tally(ledger, validIds);
    const dlqCopies = [...ledger.dlq.values()].reduce((n, reasons) => n + reasons.length, 0);
    const rows = await auditRows(h, tenantId, validIds);
    console.log(
      `[faults] malformed input: sent ${EVENTS} (${validIds.length} valid, ${bad.size} malformed), decided ${counts.decided}, DLQ ${dlqCopies}, ` +
        `duplicates ${counts.duplicates}, lost ${counts.lost}, rows complete ${rows.complete}; wall ${(wallMs / 1000).toFixed(1)} s ` +
        `(${((validIds.length / wallMs) * 1000).toFixed(2)} packets/s)`,
    );

    expect(done, `lost: ${counts.lostIds.join(', ')}`).toBe(true);
    expect(counts).toMatchObject({ sent: validIds.length, decided: validIds.length, duplicates: 0, lost: 0, unexpected: 0 });
    expect(ledger.reviewed).toBe(0);
    // The DLQ holds each malformed event once, with the reason it was refused.
    expect(dlqCopies).toBe(bad.size);
    for (const [key, reason] of bad) {
      expect(ledger.dlq.get(key), key).toHaveLength(1);
      expect(ledger.dlq.get(key)![0], key).toMatch(reason);
    }
    // One set of rows per valid packet, none for a malformed one, nothing half done.
    expect(rows).toEqual({ complete: validIds.length, missing: 0, unexpected: 0, stuck: 0, badDocuments: 0, orphans: 0 });
  });
});
