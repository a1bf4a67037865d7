import { readFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEventFromFolder } from '../../connectors/folder/folder-intake.js';
import { PacketEventV1 } from '../../core/events.js';
import type { PacketResult } from '../../db/packet-repository.js';
import { loadConfig } from '../../platform/config.js';
import { createLogger } from '../../platform/logger.js';
import { waitForDecisions } from '../../worker/run-packets.js';
import { createRuntime, type DocketRuntime } from '../../worker/runtime.js';
import { makeHostileCorpus, type HostileCase } from './make-hostile-corpus.js';

/**
 * Issue 8, part 2: the hostile corpus through the real embedded runtime (PGlite, a local Temporal dev server, the
 * real activities and workflow). Every case gets its expected outcome: a typed error on the document and an
 * `unreadable_document` finding, or a refusal at intake; every packet completes; the worker keeps working; and the
 * process (worker, OCR threads, PGlite) stays under the memory ceiling throughout.
 */

/** The ceiling the worker's RSS must stay under while the corpus runs (issue 8's worker goal). */
const RSS_CEILING_BYTES = 1.5 * 1024 ** 3;
/** Tight enough that the corpus's slow page hits it; sound pages here take milliseconds (text layers, no OCR). */
const SECONDS_PER_PAGE = 2;

describe('hostile and broken input', () => {
  let tmp: string;
  let cases: HostileCase[];
  let runtime: DocketRuntime;
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'docket-hostile-'));
    const corpus = path.join(tmp, 'corpus');
    cases = await makeHostileCorpus(corpus);
    const config = loadConfig(
      {
        DOCKET_LOG_LEVEL: 'error',
        DOCKET_DATA_DIR: path.join(tmp, 'data'),
        DOCKET_INTAKE: 'none',
        DOCKET_OUTBOX_DIR: path.join(tmp, 'outbox'),
        DOCKET_FILE_ROOT: corpus,
        DOCKET_TASK_QUEUE: 'hostile',
        DOCKET_OCR_WORKERS: '2',
        DOCKET_EMBEDDINGS: 'lexical',
        DOCKET_MAX_DOCUMENT_BYTES: String(100 * 1024 * 1024),
        DOCKET_MAX_PAGES: '2000',
        DOCKET_MAX_PIXELS: '50000000',
        DOCKET_MAX_SECONDS_PER_PAGE: String(SECONDS_PER_PAGE),
        ...(process.env.DOCKET_TEMPORAL_CLI ? { DOCKET_TEMPORAL_CLI: process.env.DOCKET_TEMPORAL_CLI } : {}),
      },
      2,
    );
    runtime = await createRuntime(config, createLogger('error'), { intake: false });
  });

  afterAll(async () => {
    clearInterval(sampler);
    await runtime?.shutdown();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('gives every case its outcome, completes every packet and stays under the memory ceiling', async () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
    const started = Date.now();
    const mismatches: string[] = [];
    const running: { c: HostileCase; event: PacketEventV1 }[] = [];
    for (const c of cases) {
      const event = await intake(c);
      if (!event) {
        if (c.expect !== 'rejected_at_intake') mismatches.push(`${c.name}: refused at intake, expected ${c.expect}`);
        continue;
      }
      if (c.expect === 'rejected_at_intake') {
        mismatches.push(`${c.name}: accepted at intake, expected a refusal`);
        continue;
      }
      expect(await runtime.startPacket(event, 'cli')).toBe('started');
      running.push({ c, event });
    }
    const results = await waitForDecisions(runtime, running.map((r) => r.event), 150_000);
    results.forEach((result, i) => mismatches.push(...check(running[i]!.c, result)));
    expect(mismatches).toEqual([]);

    // The worker is still up and reads a sound document after all that.
    const control = cases.find((c) => c.name === 'control-text-pdf')!;
    const again = { ...(await intake(control))!, packetId: 'h-control-after' };
    await runtime.startPacket(again, 'cli');
    const [after] = await waitForDecisions(runtime, [again], 60_000);
    expect(check(control, after!)).toEqual([]);

    console.log(
      `hostile corpus: ${cases.length} cases, ${running.length} packets run, ${((Date.now() - started) / 1000).toFixed(1)} s, peak RSS ${(peakRss / 1024 ** 2).toFixed(0)} MiB`,
    );
    expect(peakRss).toBeLessThan(RSS_CEILING_BYTES);
  });
});

/** The event for a case as the drop folder or a Kafka consumer would build it; undefined when intake refuses it. */
async function intake(c: HostileCase): Promise<PacketEventV1 | undefined> {
  if (c.via === 'folder') {
    const built = await buildEventFromFolder(c.dir);
    return built.ok ? built.event : undefined;
  }
  const parsed = PacketEventV1.safeParse(JSON.parse(await readFile(path.join(c.dir, 'event.json'), 'utf8')));
  return parsed.success ? parsed.data : undefined;
}

/** What differs from the case's expectation, as readable lines (none = as expected). */
function check(c: HostileCase, result: PacketResult): string[] {
  const problems: string[] = [];
  if (result.phase === 'processing') problems.push(`${c.name}: packet did not complete`);
  const doc = result.documents.find((d) => d.documentId === c.documentId);
  const unreadable = result.findings.some((f) => f.code === 'unreadable_document' && f.documentIds.includes(c.documentId));
  if (!doc) return [...problems, `${c.name}: document ${c.documentId} missing from the result`];
  if (c.expect === 'readable') {
    if (doc.error) problems.push(`${c.name}: expected readable, got ${doc.error.code} (${doc.error.message})`);
    if (unreadable) problems.push(`${c.name}: unexpected unreadable_document finding`);
  } else {
    if (doc.error?.code !== c.expect) problems.push(`${c.name}: expected ${c.expect}, got ${doc.error ? `${doc.error.code} (${doc.error.message})` : 'no error'}`);
    if (!unreadable) problems.push(`${c.name}: no unreadable_document finding`);
  }
  return problems;
}
