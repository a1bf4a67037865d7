/**
 * End-to-end throughput of the whole pipeline (workflow, activities, database, decision) on the embedded default:
 * PGlite, the local Temporal dev server, the OCR pool with one worker per core. Two runs on the demo's documents:
 * text-layer pages only (digital PDFs), and OCR pages only (scans). Numbers, not pass/fail.
 *
 *   npx tsx bench/pipeline.bench.ts [copies=4]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { PacketEventV1 } from '../core/events.js';
import { buildEventFromFolder } from '../connectors/folder/folder-intake.js';
import { loadConfig } from '../platform/config.js';
import { createLogger } from '../platform/logger.js';
import { writeSamplePackets } from '../worker/demo-samples.js';
import { createRuntime } from '../worker/runtime.js';
import { waitForDecisions } from '../worker/run-packets.js';

const copies = Number(process.argv[2] ?? 4);
const tmp = await mkdtemp(path.join(os.tmpdir(), 'docket-bench-'));
const samples = await writeSamplePackets(path.join(tmp, 'samples'));
const events: PacketEventV1[] = [];
for (const s of samples) {
  const built = await buildEventFromFolder(s.dir);
  if (!built.ok) throw new Error(built.reason);
  events.push(built.event);
}
const all = events.flatMap((e, i) => e.documents.map((d) => ({ doc: d, scanned: samples[i]!.documents.find((x) => x.documentId === d.documentId)!.scanned, base: e })));

const config = loadConfig({ DOCKET_DATA_DIR: path.join(tmp, 'data'), DOCKET_INTAKE: 'none', DOCKET_LOG_LEVEL: 'warn', DOCKET_TEMPORAL_CLI: process.env.DOCKET_TEMPORAL_CLI }, os.availableParallelism());
const runtime = await createRuntime(config, createLogger('warn'), { intake: false });
try {
  for (const [label, scanned] of [['text layer', false], ['OCR', true]] as const) {
    const docs = all.filter((d) => d.scanned === scanned).map((d) => d.doc);
    const packets = Array.from({ length: copies }, (_, i) => ({ ...events[0]!, tenantId: 'bench', packetId: `${scanned ? 'ocr' : 'text'}-${i}`, documents: docs }));
    const rssBefore = process.memoryUsage().rss;
    const t0 = performance.now();
    for (const p of packets) await runtime.startPacket(p, 'cli');
    const results = await waitForDecisions(runtime, packets, 30 * 60_000);
    const seconds = (performance.now() - t0) / 1000;
    const pages = results.reduce((n, r) => n + r.documents.reduce((m, d) => m + d.pages, 0), 0);
    console.log(
      `${label.padEnd(10)} packets=${packets.length} pages=${pages} wall=${seconds.toFixed(1)}s pages/s=${(pages / seconds).toFixed(2)} ` +
        `s/packet=${(seconds / packets.length).toFixed(2)} rss=${Math.round(process.memoryUsage().rss / 2 ** 20)}MiB (+${Math.round((process.memoryUsage().rss - rssBefore) / 2 ** 20)})`,
    );
  }
} finally {
  await runtime.shutdown();
  await rm(tmp, { recursive: true, force: true });
}
