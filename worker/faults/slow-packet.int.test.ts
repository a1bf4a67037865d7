import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCanvas } from '@napi-rs/canvas';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentRef } from '../../core/events.js';
import { createHarness, type Harness } from '../integration-harness.js';
import {
  awaitDecisions,
  createTopics,
  faultEnv,
  HOOK_TIMEOUT_MS,
  openLedger,
  packetEvent,
  sleep,
  terminateOpenWorkflows,
  WorkerProcess,
  writeTinyPdf,
  type Ledger,
} from './fault-harness.js';

/** The broker's minimum: a member silent this long is dropped and its group rebalanced. */
const SESSION_TIMEOUT_MS = 6_000;
/**
 * Scanned pages in the slow packet: one tesseract.js worker (DOCKET_OCR_ENGINE=wasm, the slower engine, so the premise
 * holds where the native engine would be fast) reads them one after another, well past two session timeouts.
 */
const SLOW_PAGES = 8;

/** A PDF of image-only pages (no text layer), so every page goes through OCR. */
async function writeScannedPdf(dir: string, pages: number): Promise<Omit<DocumentRef, 'documentId'>> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  for (let p = 0; p < pages; p++) {
    const canvas = createCanvas(1275, 1650); // letter at 150 DPI
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, 1275, 1650);
    ctx.fillStyle = '#111';
    ctx.font = '26px sans-serif';
    for (let line = 0; line < 40; line++) ctx.fillText(`Statement line ${p + 1}.${line + 1}: deposit 0${line}/1${p % 9}/2026 amount $ ${(line * 137.25 + p).toFixed(2)}`, 90, 120 + line * 36);
    const image = await doc.embedPng(canvas.toBuffer('image/png'));
    doc.addPage([612, 792]).drawImage(image, { x: 0, y: 0, width: 612, height: 792 });
  }
  const bytes = Buffer.from(await doc.save());
  const file = path.join(dir, 'scanned.pdf');
  await writeFile(file, bytes);
  return { uri: pathToFileURL(file).href, mediaType: 'application/pdf', sha256: createHash('sha256').update(bytes).digest('hex'), filename: 'scanned.pdf', sizeBytes: bytes.length };
}

// The consumer only starts workflows; processing happens in Temporal activities. So a packet that takes many session
// timeouts to process never holds back the consumer's heartbeats: its event is committed at once, packets sent after
// it are decided before it, and the group never rebalances.
describe(`a slow packet (${SLOW_PAGES} scanned pages) with a ${SESSION_TIMEOUT_MS / 1000} s consumer session timeout`, () => {
  let h: Harness;
  let ledger: Ledger;
  let dir: string;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    h = await createHarness();
    await createTopics(h);
    ledger = await openLedger(h);
    dir = await mkdtemp(path.join(os.tmpdir(), 'docket-faults-'));
  });

  afterAll(async () => {
    await worker?.kill('SIGKILL');
    if (h) await terminateOpenWorkflows(h);
    await ledger?.stop();
    await h?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, HOOK_TIMEOUT_MS);

  it('commits its event at once, lets later packets pass it, and never triggers a rebalance', { timeout: 300_000 }, async () => {
    const tenantId = `slow${h.run}`;
    const [scanned, tiny] = await Promise.all([writeScannedPdf(dir, SLOW_PAGES), writeTinyPdf(dir)]);
    worker = new WorkerProcess(faultEnv(h, { DOCKET_KAFKA_SESSION_TIMEOUT: String(SESSION_TIMEOUT_MS), DOCKET_OCR_WORKERS: '1', DOCKET_OCR_ENGINE: 'wasm' }), 'slow');
    await worker.started;
    const packets = h.config.kafka.topics.packets;

    const sentAt = Date.now();
    await h.send(packets, [{ key: 'slow', value: JSON.stringify(packetEvent(tenantId, 'slow', scanned)) }]);
    await sleep(1_000);
    const quick = ['q1', 'q2', 'q3'];
    await h.send(packets, quick.map((id) => ({ key: id, value: JSON.stringify(packetEvent(tenantId, id, tiny)) })));
    expect(await awaitDecisions(ledger, quick, 120_000), worker.log).toBe(true);

    // Two session timeouts later, with the slow packet still in OCR, all four events are committed.
    await sleep(Math.max(0, sentAt + 2 * SESSION_TIMEOUT_MS - Date.now()));
    const stillProcessing = !ledger.decisions.has('slow');
    const admin = h.kafka.admin();
    await admin.connect();
    const committed = await admin.fetchOffsets({ groupId: h.config.kafka.groupId, topics: [packets] }).finally(() => admin.disconnect());
    const committedEvents = committed[0]!.partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);

    expect(await awaitDecisions(ledger, ['slow'], 240_000), worker.log).toBe(true);
    const slowMs = ledger.decidedAt.at(-1)! - sentAt;
    console.log(
      `[faults] slow packet: ${SLOW_PAGES} OCR pages decided after ${(slowMs / 1000).toFixed(1)} s (session timeout ${SESSION_TIMEOUT_MS / 1000} s); ` +
        `committed events while it ran ${committedEvents}/4; group joins ${worker.groupJoins}`,
    );
    // The premise: the slow packet was still being processed two session timeouts after it was sent.
    expect(stillProcessing, 'the slow packet finished too fast to test anything: add pages').toBe(true);
    expect(committedEvents).toBe(1 + quick.length);
    expect(quick.every((id) => ledger.decisions.get(id) === 1)).toBe(true);
    expect(ledger.decisions.get('slow')).toBe(1);
    // One join at start, none after: the member was never dropped and the group never rebalanced.
    expect(worker.groupJoins).toBe(1);
    expect(worker.alive).toBe(true);
  });
});
