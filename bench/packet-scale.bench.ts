/**
 * Big packets through the whole pipeline on the embedded default (PGlite, local Temporal dev server, one OCR worker
 * per core), the worker in this process: the stress set's 40-page packet (time from start to its first stored
 * finding, and to its decision) and its 500-page packet (event to decision: wall time, peak RSS of the worker
 * process sampled every 250 ms, CPU seconds and their cost at the eval's rate card). Numbers, not pass/fail.
 *
 *   npx tsx bench/packet-scale.bench.ts [--pages=40,500] [--scanned-share=0.2|stress] [--json=<file>]
 *
 * The packets are the stress set's (evals/datasets/stress.json seed): merged PDFs, mixed (digital with scanned
 * documents). By default whole documents are scanned until about 20% of the pages are (the "500 pages, 20%
 * scanned"); `--scanned-share=stress` keeps the stress set's own draw (71% of the 500-page packet). The share of OCR
 * pages is reported as measured. RSS is the worker process's (tesseract.js
 * workers are threads in it); the Temporal dev server is a separate process and not counted.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildEventFromFolder } from '../connectors/folder/folder-intake.js';
import type { PacketEventV1 } from '../core/events.js';
import { generatePacket } from '../evals/generator/generate-packet.js';
import { planSet, readManifest, STRESS_PAGES } from '../evals/generator/synth-set.js';
import { DEFAULT_RATE_CARD } from '../evals/run/eval-runner.js';
import { loadConfig } from '../platform/config.js';
import { createLogger } from '../platform/logger.js';
import { createRuntime } from '../worker/runtime.js';
import { waitForDecisions } from '../worker/run-packets.js';

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const sizes = arg('pages', '40,500').split(',').map(Number);
const jsonOut = arg('json', '');
const shareArg = arg('scanned-share', '0.2');
const scannedShare = shareArg === 'stress' ? undefined : Number(shareArg);
if (scannedShare !== undefined && !(scannedShare >= 0 && scannedShare <= 1)) throw new Error('--scanned-share: a number from 0 to 1, or stress');
for (const s of sizes) if (!(STRESS_PAGES as readonly number[]).includes(s)) throw new Error(`--pages: one of ${STRESS_PAGES.join(', ')}`);

const tmp = await mkdtemp(path.join(os.tmpdir(), 'docket-packet-scale-'));
const manifest = await readManifest('stress');
const plans = planSet('stress', manifest.seed, STRESS_PAGES.length);

async function packetEvent(pages: number): Promise<PacketEventV1> {
  const plan = plans[STRESS_PAGES.indexOf(pages as (typeof STRESS_PAGES)[number])]!;
  const t = performance.now();
  const packet = await generatePacket(plan.seed, { ...plan, ...(scannedShare !== undefined ? { scannedShare } : {}) });
  const folder = path.join(tmp, `p${pages}`);
  await mkdir(folder, { recursive: true });
  for (const [name, bytes] of packet.files) await writeFile(path.join(folder, name), bytes);
  await writeFile(path.join(folder, 'manifest.json'), JSON.stringify(packet.manifest));
  const built = await buildEventFromFolder(folder);
  if (!built.ok) throw new Error(built.reason);
  process.stderr.write(`generated the ${pages}-page packet in ${((performance.now() - t) / 1000).toFixed(0)} s\n`);
  return { ...built.event, tenantId: 'bench', packetId: `stress-${pages}` };
}

const config = loadConfig(
  { DOCKET_DATA_DIR: path.join(tmp, 'data'), DOCKET_INTAKE: 'none', DOCKET_LOG_LEVEL: 'warn', DOCKET_EMBEDDINGS: 'lexical', DOCKET_TEMPORAL_CLI: process.env.DOCKET_TEMPORAL_CLI },
  os.availableParallelism(),
);
const runtime = await createRuntime(config, createLogger('warn'), { intake: false });
const results: Record<string, unknown> = { cores: os.availableParallelism(), ocr_workers: config.ocr.workers, ocr_engine_setting: config.ocr.engine, scanned_share: scannedShare ?? 'stress' };
try {
  for (const pages of sizes) {
    const event = await packetEvent(pages);
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 250);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await runtime.startPacket(event, 'cli');
    // The first finding stored (the rules run once the documents are read; findings land together, so this is when
    // an underwriter could first see a flag), polled every 100 ms.
    let firstFindingMs: number | null = null;
    const poll = setInterval(() => {
      void runtime.db.pool
        .query(`SELECT 1 FROM findings WHERE tenant_id = $1 AND packet_id = $2 LIMIT 1`, [event.tenantId, event.packetId])
        .then((r) => {
          if (r.rows.length && firstFindingMs === null) firstFindingMs = performance.now() - t0;
        })
        .catch(() => undefined);
    }, 100);
    const [result] = await waitForDecisions(runtime, [event], 60 * 60_000);
    const wall = (performance.now() - t0) / 1000;
    clearInterval(poll);
    clearInterval(sampler);
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const readPages = result!.documents.reduce((n, d) => n + d.pages, 0);
    const { rows } = await runtime.db.pool.query(
      `SELECT count(*) FILTER (WHERE source = 'ocr')::int AS ocr, count(*)::int AS total FROM pages WHERE tenant_id = $1 AND packet_id = $2`,
      [event.tenantId, event.packetId],
    );
    const row = {
      pages: readPages,
      ocr_pages: rows[0].ocr as number,
      ocr_share: Number(((rows[0].ocr as number) / Math.max(1, rows[0].total as number)).toFixed(3)),
      status: result!.status,
      findings: result!.findings.length,
      wall_seconds: Number(wall.toFixed(1)),
      first_finding_seconds: firstFindingMs === null ? null : Number(((firstFindingMs as number) / 1000).toFixed(1)),
      peak_rss_mib: Math.round(peak / 2 ** 20),
      cpu_seconds: Number(cpuSeconds.toFixed(1)),
      cost_usd: Number(((cpuSeconds / 3600) * DEFAULT_RATE_CARD.usdPerCpuHour).toFixed(5)),
    };
    results[`packet_${pages}`] = row;
    console.log(`${pages}-page packet: ${JSON.stringify(row)}`);
  }
} finally {
  await runtime.shutdown();
  await rm(tmp, { recursive: true, force: true });
}
if (jsonOut) await writeFile(jsonOut, `${JSON.stringify(results, null, 2)}\n`);
