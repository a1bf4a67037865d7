import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFields } from '../../understanding/extract-fields.js';
import { createLogger } from '../../platform/logger.js';
import { createHarness, type Harness } from '../../worker/integration-harness.js';
import { createRuntime } from '../../worker/runtime.js';
import { synthSet } from '../generator/synth-set.js';
import { runEval, type EvalResult } from './eval-runner.js';

// The smoke set through the real pipeline on real Temporal and PostgreSQL, scored against its ground truth.
describe('docket eval on the smoke set', () => {
  let h: Harness;
  let dir: string;
  let good: EvalResult;

  beforeAll(async () => {
    h = await createHarness();
    dir = await mkdtemp(path.join(os.tmpdir(), 'docket-eval-'));
    await synthSet('smoke', dir);
  });
  afterAll(async () => {
    await h?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const evaluate = async (extract?: typeof extractFields) => {
    const config = { ...h.config, intake: 'none' as const };
    const runtime = await createRuntime(config, createLogger('warn'), { intake: false, ...(extract ? { extract } : {}) });
    try {
      return await runEval({ set: 'smoke', dir, config, logger: createLogger('warn'), runtime });
    } finally {
      await runtime.shutdown();
    }
  };

  it('produces every metric with real values and stores the run', async () => {
    good = await evaluate();
    expect(Object.keys(good)).toEqual(
      expect.arrayContaining(['set', 'packets', 'pages', 'classification', 'split', 'fields', 'ocr', 'findings', 'stp_rate', 'latency_ms', 'pages_per_second', 'cost_per_packet_usd', 'by_doc_type', 'config']),
    );
    expect(good.packets).toBe(5);
    expect(good.pages).toBeGreaterThan(5);
    expect(good.classification.accuracy).toBeGreaterThan(0.5);
    expect(good.fields.f1).toBeGreaterThan(0.3);
    expect(good.latency_ms.p95).toBeGreaterThanOrEqual(good.latency_ms.p50);
    expect(good.latency_ms.p50).toBeGreaterThan(0);
    expect(good.pages_per_second).toBeGreaterThan(0);
    // The run's tenant gets the sample guidelines: every raised finding quotes a passage, nearly all the mapped section.
    expect(good.findings.cited_rate).toBe(1);
    expect(good.findings.citation_accuracy).toBeGreaterThan(0.8);
    expect(good.borrower_request_ms.packets).toBeGreaterThan(0);
    expect(good.borrower_request_ms.p95).toBeGreaterThanOrEqual(good.borrower_request_ms.p50!);
    // Every packet read, split, extracted and checked: the histories account for each stage.
    expect(good.stages.readDocument?.activities).toBeGreaterThanOrEqual(5);
    expect(good.stages.extractFields?.work_seconds).toBeGreaterThan(0);
    expect(good.stages.checkPacket?.activities).toBe(5);
    expect(good.cost_per_packet_usd).toBeGreaterThan(0);
    expect(Object.keys(good.by_doc_type)).toEqual(expect.arrayContaining(['w2', 'pay_stub', 'urla_1003']));
    // smoke has one packet of each rendition (digital, scanned, photo, mixed; the merged one is digital or mixed).
    expect(Object.keys(good.by_rendition)).toEqual(expect.arrayContaining(['digital', 'scanned', 'photo', 'mixed']));
    expect(Object.values(good.by_rendition).reduce((n, v) => n + v.packets, 0)).toBe(5);
    const { rows } = await h.db.query(`SELECT set_name, (SELECT count(*)::int FROM eval_items i WHERE i.run_id = r.run_id) AS items FROM eval_runs r WHERE run_id = $1`, [good.run_id]);
    expect(rows).toEqual([{ set_name: 'smoke', items: 5 }]);
  });

  it('a deliberately broken extractor lowers field F1', async () => {
    const broken: typeof extractFields = (type, pages) => {
      const result = extractFields(type, pages);
      // Off by one: every value read one digit wrong, as a misaligned extractor would.
      return { ...result, fields: result.fields.map((f) => ({ ...f, normalized: f.normalized ? `${f.normalized}9` : f.normalized })) };
    };
    const worse = await evaluate(broken);
    expect(worse.fields.f1).toBeLessThan(good.fields.f1);
    expect(worse.classification.accuracy).toBe(good.classification.accuracy);
  });
});
