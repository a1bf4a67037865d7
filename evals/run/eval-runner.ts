import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packetWorkflowId } from '../../core/events.js';
import type { Config } from '../../platform/config.js';
import { keyringFromConfig } from '../../platform/encryption.js';
import type { Logger } from '../../platform/logger.js';
import { createRuntime, type DocketRuntime } from '../../worker/runtime.js';
import { PageClassifier } from '../../inference/page-classifier/page-classifier.js';
import { waitForDecisions } from '../../worker/run-packets.js';
import { borrowerRequestLatency, citationMetrics, type CitationMetrics, type CitedFindingLike } from './citation-metrics.js';
import { loadEvalPackets } from './load-eval-packets.js';
import { stageTimings } from './stage-timings.js';
import {
  addCounts,
  calibration,
  TRUTH_OTHER,
  SURE_FIELD_CONFIDENCE,
  percentile,
  rates,
  scorePacket,
  zeroCounts,
  type Counts,
  type FieldMiss,
  type FindingMiss,
  type JudgedField,
  type PredictedPacket,
} from './metrics.js';

/** What the pipeline is made of today; recorded with every run so numbers can be compared across versions. */
export const PIPELINE_VERSIONS = {
  /** Replaced in each run by the page classifier's version when one is configured. */
  classifier: 'keyword-baseline@1',
  extractor: 'anchor-baseline@1',
  ocr: 'tesseract.js@7 eng 4.0.0_best_int',
  rules: 'baseline-completeness@1',
  llm: null,
  provider: null,
} as const;

export interface RateCard {
  /** Price of one vCPU-hour of worker compute (default: a typical on-demand general-purpose cloud rate). */
  usdPerCpuHour: number;
  /** Price per 1,000 LLM tokens of a remote endpoint (0 for local models: their cost is in the CPU seconds). */
  usdPer1kTokens: number;
}

export const DEFAULT_RATE_CARD: RateCard = { usdPerCpuHour: 0.0425, usdPer1kTokens: 0 };

export interface EvalResult {
  set: string;
  run_id: string;
  packets: number;
  pages: number;
  classification: { accuracy: number };
  split: { accuracy: number };
  fields: { precision: number; recall: number; f1: number };
  ocr: { cer: number | null };
  /**
   * Underwriting findings (the rules' red flags, unreadable/illegible/missing documents) against the truth; extraction
   * findings (a field not read, an unsure OCR page) per packet, apart: the truth has none.
   */
  findings: { precision: number; recall: number; extraction_flags_per_packet: number } & CitationMetrics;
  /** Arrival to borrower request (what to send or explain), over the packets whose findings needed one. */
  borrower_request_ms: { packets: number; p50: number | null; p95: number | null };
  stp_rate: number;
  latency_ms: { p50: number; p95: number };
  pages_per_second: number;
  /**
   * Per activity type (readDocument, splitDocument, extractFields, checkPacket...), from the workflows' Temporal
   * histories: how many ran, seconds working (started -> completed) and queued (scheduled -> started), and the set's
   * pages over the working seconds (pages one activity slot gets through per second at that stage).
   */
  stages: Record<string, { activities: number; work_seconds: number; queue_seconds: number; pages_per_work_second: number }>;
  cost_per_packet_usd: number;
  by_doc_type: Record<
    string,
    { documents: number; classification_accuracy: number; fields: { precision: number; recall: number; f1: number }; table_rows?: { precision: number; recall: number }; signatures?: { accuracy: number } }
  >;
  /**
   * The same scores per packet rendition (digital, scanned, photo, mixed): the issue's targets are set for digital
   * packets and scanned ones apart, and a mixed set's total hides which is which.
   */
  by_rendition: Record<
    string,
    { packets: number; classification_accuracy: number; split_accuracy: number; fields: { precision: number; recall: number; f1: number }; findings: { precision: number; recall: number } }
  >;
  /**
   * The same scores per document type x rendition x layout family ("w2 | scan | irs-w2-2023"): where understanding
   * fails, not only how much.
   */
  by_cell: Record<string, { documents: number; classification_accuracy: number; fields: { precision: number; recall: number; f1: number } }>;
  /** Documents the truth calls `other` (none of the known types) and the share the pipeline left untyped (`unknown`). */
  other: { documents: number; typed_other: number | null };
  /**
   * Field confidence against correctness, over every read field the truth can judge: expected calibration error (10
   * bins) and the precision of "sure" fields (confidence >= SURE_FIELD_CONFIDENCE) with their share of all.
   */
  calibration: { fields: number; ece: number | null; sure: { share: number; precision: number | null } };
  /**
   * Underwriting findings raised without cause on a file holding a document typed wrong (of all raised without
   * cause), and findings about missing documents on partial packets (single sample documents), counted apart.
   */
  false_findings: { total: number; on_mistyped_documents: number; completeness_skipped: number };
  config: { [K in keyof typeof PIPELINE_VERSIONS]: string | null } & {
    rate_card: RateCard;
    compute_seconds: number;
    wall_seconds: number;
    /** Which path produced the fields the pipeline reported, and what the LLM route spent. */
    fields_by_source: Record<string, number>;
    llm_usage: { calls: number; prompt_tokens: number; completion_tokens: number; seconds: number };
  };
}

/** A field or a finding the run got wrong (`docket eval --misses`). */
export type EvalMiss = (FieldMiss | FindingMiss) & { packetId: string; rendition: string | null };

export interface EvalOptions {
  set: string;
  /** Folder holding one sub-folder per packet (manifest.json, truth.json, files). */
  dir: string;
  config: Config;
  logger: Logger;
  rateCard?: RateCard;
  onProgress?: (done: number, total: number) => void;
  /** Receives every field the run missed or got wrong (`docket eval --misses file`). */
  onMisses?: (misses: EvalMiss[]) => Promise<void>;
  /** An already running runtime (tests); otherwise one is created and shut down. */
  runtime?: DocketRuntime;
  /** Guidelines ingested into the run's tenant before its packets start (default: the sample guidelines). */
  guidelines?: string;
}

const SAMPLE_GUIDELINES = fileURLToPath(new URL('../../guidelines/sample', import.meta.url));

/**
 * Runs every packet of a set through the real pipeline (same runtime, workflow and activities as production), then
 * scores what was stored against the generator's ground truth. Each run uses a tenant of its own, so workflow ids
 * never collide with earlier runs, and the result is stored in eval_runs / eval_items.
 */
export async function runEval(options: EvalOptions): Promise<EvalResult> {
  const runId = `${options.set}-${randomUUID().slice(0, 8)}`;
  const tenantId = `eval-${runId}`;
  // A reviewed set may be sealed (DOCKET_ENCRYPTION_KEY): its files open with the keys the run's document store has.
  const packets = await loadEvalPackets(options.dir, tenantId, keyringFromConfig(options.config.encryption));
  if (!packets.length) throw new Error(`no packets in ${options.dir}: generate the set first (docket synth --set ${options.set})`);

  const runtime = options.runtime ?? (await createRuntime(options.config, options.logger, { intake: false }));
  try {
    // The findings quote the run tenant's guidelines: ingest them first (not counted in the timings).
    await runtime.ingestGuidelines(options.guidelines ?? SAMPLE_GUIDELINES, tenantId);
    const startedAt = new Date();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (const p of packets) await runtime.startPacket(p.event, 'cli');
    let done = 0;
    options.onProgress?.(0, packets.length);
    // Wait packet by packet so the progress bar moves; the worker processes them concurrently all the same.
    for (const p of packets) {
      await waitForDecisions(runtime, [p.event], 60 * 60_000);
      options.onProgress?.(++done, packets.length);
    }
    const wallSeconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const computeSeconds = (cpu.user + cpu.system) / 1e6;

    let total = zeroCounts();
    const byType: Record<string, Counts> = {};
    const byCell: Record<string, Counts> = {};
    const judged: JudgedField[] = [];
    const byRendition: Record<string, { packets: number; counts: Counts }> = {};
    const latencies: number[] = [];
    let pages = 0;
    let straightThrough = 0;
    const items: { packetId: string; metrics: unknown }[] = [];
    const llmUsage = { calls: 0, prompt_tokens: 0, completion_tokens: 0, seconds: 0 };
    const fieldsBySource: Record<string, number> = {};
    const misses: EvalMiss[] = [];
    const raised: CitedFindingLike[] = [];
    const requestMs: number[] = [];
    for (const p of packets) {
      const predicted = await loadPrediction(runtime, tenantId, p.event.packetId);
      const usage = await runtime.repo.llmUsage({ tenantId, packetId: p.event.packetId });
      llmUsage.calls += usage.calls;
      llmUsage.prompt_tokens += usage.promptTokens;
      llmUsage.completion_tokens += usage.completionTokens;
      llmUsage.seconds += usage.seconds;
      for (const d of predicted.documents) for (const f of d.fields) fieldsBySource[f.source ?? 'unknown'] = (fieldsBySource[f.source ?? 'unknown'] ?? 0) + 1;
      const score = scorePacket(p.truth, predicted);
      const stored = await runtime.repo.packetResult({ tenantId, packetId: p.event.packetId });
      raised.push(...(stored?.findings ?? []));
      if (stored?.borrowerRequest) requestMs.push(stored.borrowerRequest.readyMs);
      total = addCounts(total, score.total);
      for (const [type, c] of Object.entries(score.byType)) byType[type] = addCounts(byType[type] ?? zeroCounts(), c);
      for (const [cell, c] of Object.entries(score.byCell)) byCell[cell] = addCounts(byCell[cell] ?? zeroCounts(), c);
      judged.push(...score.judged);
      const rendition = (byRendition[p.truth.rendition ?? 'unknown'] ??= { packets: 0, counts: zeroCounts() });
      rendition.packets += 1;
      rendition.counts = addCounts(rendition.counts, score.total);
      latencies.push(predicted.processingMs);
      pages += predicted.documents.reduce((n, d) => n + d.pages[1] - d.pages[0] + 1, 0);
      if (score.straightThrough) straightThrough++;
      const where = { packetId: p.event.packetId, rendition: p.truth.rendition ?? null };
      misses.push(...score.misses.map((m) => ({ ...where, ...m })), ...score.findingMisses.map((m) => ({ ...where, ...m })));
      items.push({ packetId: p.event.packetId, metrics: { ...rates(score.total), status: predicted.status, expected: p.truth.expectedStatus, processingMs: predicted.processingMs } });
    }

    const r = rates(total);
    const timings = await stageTimings(runtime.client, packets.map((p) => packetWorkflowId(tenantId, p.event.packetId)));
    const stages = Object.fromEntries(
      Object.entries(timings)
        .sort(([, a], [, b]) => b.workSeconds - a.workSeconds)
        .map(([type, t]) => [type, { activities: t.activities, work_seconds: t.workSeconds, queue_seconds: t.queueSeconds, pages_per_work_second: t.workSeconds > 0 ? Number((pages / t.workSeconds).toFixed(2)) : 0 }]),
    );
    const rateCard = options.rateCard ?? DEFAULT_RATE_CARD;
    const result: EvalResult = {
      set: options.set,
      run_id: runId,
      packets: packets.length,
      pages,
      classification: { accuracy: r.classificationAccuracy },
      split: { accuracy: r.splitAccuracy },
      fields: { precision: r.precision, recall: r.recall, f1: r.f1 },
      ocr: { cer: r.cer },
      findings: { precision: r.findingPrecision, recall: r.findingRecall, extraction_flags_per_packet: Number((total.extractionFlags / Math.max(1, packets.length)).toFixed(2)), ...citationMetrics(raised) },
      borrower_request_ms: borrowerRequestLatency(requestMs),
      stp_rate: Number((straightThrough / packets.length).toFixed(4)),
      latency_ms: { p50: percentile(latencies, 50), p95: percentile(latencies, 95) },
      pages_per_second: Number((pages / wallSeconds).toFixed(3)),
      stages,
      // Compute at the CPU rate plus LLM tokens at the token rate (a remote endpoint's bill; 0 for local models,
      // whose cost is already in the CPU seconds).
      cost_per_packet_usd: Number(
        (((computeSeconds / 3600) * rateCard.usdPerCpuHour + ((llmUsage.prompt_tokens + llmUsage.completion_tokens) / 1000) * rateCard.usdPer1kTokens) / packets.length).toFixed(6),
      ),
      by_doc_type: Object.fromEntries(
        Object.entries(byType)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([type, c]) => {
            const t = rates(c);
            const rows = {
              ...(c.rowTp + c.rowFn > 0 ? { table_rows: { precision: t.rowPrecision, recall: t.rowRecall } } : {}),
              ...(c.signatures > 0 ? { signatures: { accuracy: t.signatureAccuracy } } : {}),
            };
            return [type, { documents: c.documents, classification_accuracy: t.classificationAccuracy, fields: { precision: t.precision, recall: t.recall, f1: t.f1 }, ...rows }];
          }),
      ),
      by_rendition: Object.fromEntries(
        Object.entries(byRendition)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([rendition, { packets: n, counts }]) => {
            const t = rates(counts);
            return [
              rendition,
              {
                packets: n,
                classification_accuracy: t.classificationAccuracy,
                split_accuracy: t.splitAccuracy,
                fields: { precision: t.precision, recall: t.recall, f1: t.f1 },
                findings: { precision: t.findingPrecision, recall: t.findingRecall },
              },
            ];
          }),
      ),
      by_cell: Object.fromEntries(
        Object.entries(byCell)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([cell, c]) => {
            const t = rates(c);
            return [cell, { documents: c.documents, classification_accuracy: t.classificationAccuracy, fields: { precision: t.precision, recall: t.recall, f1: t.f1 } }];
          }),
      ),
      other: {
        documents: byType[TRUTH_OTHER]?.documents ?? 0,
        typed_other: byType[TRUTH_OTHER]?.documents ? rates(byType[TRUTH_OTHER]).classificationAccuracy : null,
      },
      calibration: calibration(judged),
      false_findings: { total: total.findingFp, on_mistyped_documents: total.findingFpWrongType, completeness_skipped: total.completenessSkipped },
      config: { ...PIPELINE_VERSIONS, classifier: await classifierVersion(options.config),
        llm: options.config.llm.kind === 'none' ? null : (options.config.llm.model ?? path.basename(options.config.llm.modelPath ?? '')),
        provider: options.config.llm.kind === 'none' ? null : options.config.llm.kind,
        rate_card: rateCard, compute_seconds: Number(computeSeconds.toFixed(2)), wall_seconds: Number(wallSeconds.toFixed(2)),
        fields_by_source: fieldsBySource,
        llm_usage: { ...llmUsage, seconds: Number(llmUsage.seconds.toFixed(2)) },
      },
    };
    await storeRun(runtime, result, startedAt, items);
    await options.onMisses?.(misses);
    return result;
  } finally {
    if (!options.runtime) await runtime.shutdown();
  }
}

/** What classified and split the pages in this run: the page classifier (with keyword checks) or keywords alone. */
async function classifierVersion(config: Config): Promise<string> {
  if (config.pageClassifier === 'off') return PIPELINE_VERSIONS.classifier;
  const model = await PageClassifier.load(config.pageClassifier === 'bundled' ? undefined : config.pageClassifier);
  return `${model.version}+${PIPELINE_VERSIONS.classifier}`;
}

async function loadPrediction(runtime: DocketRuntime, tenantId: string, packetId: string): Promise<PredictedPacket> {
  const key = { tenantId, packetId };
  const result = await runtime.repo.packetResult(key);
  if (!result) throw new Error(`no result for ${packetId}`);
  const { rows } = await runtime.db.pool.query(`SELECT decision FROM packets WHERE tenant_id = $1 AND packet_id = $2`, [tenantId, packetId]);
  const documents = [];
  const transactions = await runtime.repo.loadTransactions(key);
  const marks = await runtime.repo.loadMarks(key);
  for (const d of result.documents) {
    const pages = d.error ? [] : await runtime.repo.loadPages({ ...key, documentId: d.documentId }, [d.firstPage, d.lastPage]);
    documents.push({
      filename: d.filename,
      type: d.type,
      pages: [d.firstPage, d.lastPage] as [number, number],
      documentId: d.documentId,
      fields: d.fields.map((f) => ({ name: f.name, normalized: f.normalized, source: f.source, confidence: f.confidence })),
      transactions: transactions.filter((t) => t.documentId === d.documentId && t.segment === d.segment),
      signatures: marks.filter((m) => m.kind === 'signature' && m.documentId === d.documentId && m.segment === d.segment),
      ocrPages: pages.filter((p) => p.source === 'ocr'),
    });
  }
  return { status: result.status, documents, findings: result.findings, processingMs: rows[0]?.decision?.timings?.processingMs ?? 0 };
}

async function storeRun(runtime: DocketRuntime, result: EvalResult, startedAt: Date, items: { packetId: string; metrics: unknown }[]): Promise<void> {
  await runtime.db.transaction(async (tx) => {
    const { config, run_id, set, ...metrics } = result;
    await tx.query(`INSERT INTO eval_runs (run_id, set_name, started_at, finished_at, config, metrics) VALUES ($1, $2, $3, now(), $4, $5)`, [
      run_id,
      set,
      startedAt,
      JSON.stringify(config),
      JSON.stringify(metrics),
    ]);
    for (const item of items) {
      await tx.query(`INSERT INTO eval_items (run_id, packet_id, metrics) VALUES ($1, $2, $3)`, [run_id, item.packetId, JSON.stringify(item.metrics)]);
    }
  });
}

/** The table printed at the end of a run. */
export function formatEval(r: EvalResult): string {
  const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
  const lines = [
    `set ${r.set} (run ${r.run_id}): ${r.packets} packets, ${r.pages} pages`,
    `  classification accuracy  ${pct(r.classification.accuracy)}`,
    `  split accuracy           ${pct(r.split.accuracy)}`,
    `  fields P / R / F1        ${pct(r.fields.precision)} / ${pct(r.fields.recall)} / ${pct(r.fields.f1)}`,
    `  OCR CER (field regions)  ${pct(r.ocr.cer)}`,
    `  findings P / R           ${pct(r.findings.precision)} / ${pct(r.findings.recall)} (underwriting; extraction flags ${r.findings.extraction_flags_per_packet} per packet)`,
    `  findings cited / right section  ${pct(r.findings.cited_rate)} / ${pct(r.findings.citation_accuracy)}`,
    `  false findings           ${r.false_findings.total} (${r.false_findings.on_mistyped_documents} on a document typed wrong${r.false_findings.completeness_skipped ? `; ${r.false_findings.completeness_skipped} missing-document findings on partial packets not scored` : ''})`,
    `  documents typed other    ${r.other.documents ? `${pct(r.other.typed_other)} of ${r.other.documents}` : 'n/a (none in the set)'}`,
    `  field calibration        ECE ${r.calibration.ece === null ? 'n/a' : r.calibration.ece.toFixed(3)} over ${r.calibration.fields} fields; sure (>= ${SURE_FIELD_CONFIDENCE}) ${pct(r.calibration.sure.share)} of them, precision ${pct(r.calibration.sure.precision)}`,
    `  borrower request p50 / p95      ${r.borrower_request_ms.packets ? `${(r.borrower_request_ms.p50! / 1000).toFixed(1)} s / ${(r.borrower_request_ms.p95! / 1000).toFixed(1)} s (${r.borrower_request_ms.packets} packets)` : 'n/a (no packet needed one)'}`,
    `  straight-through rate    ${pct(r.stp_rate)}`,
    `  latency p50 / p95        ${(r.latency_ms.p50 / 1000).toFixed(1)} s / ${(r.latency_ms.p95 / 1000).toFixed(1)} s`,
    `  pages per second         ${r.pages_per_second}`,
    `  stages (work s, pages per work s): ${Object.entries(r.stages).slice(0, 5).map(([k, t]) => `${k} ${t.work_seconds} s ${t.pages_per_work_second}`).join('; ')}`,
    `  cost per packet          $${r.cost_per_packet_usd.toFixed(5)} (${r.config.compute_seconds} CPU s at $${r.config.rate_card.usdPerCpuHour}/vCPU-h)`,
    `  fields by source         ${Object.entries(r.config.fields_by_source).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`,
    `  LLM route                ${r.config.llm_usage.calls ? `${r.config.llm_usage.calls} calls, ${r.config.llm_usage.prompt_tokens} + ${r.config.llm_usage.completion_tokens} tokens, ${r.config.llm_usage.seconds} s (${r.config.provider} ${r.config.llm})` : `not used (${r.config.provider ?? 'DOCKET_LLM=none'})`}`,
    '  by packet rendition:',
    ...Object.entries(r.by_rendition ?? {}).map(
      ([k, v]) =>
        `    ${k.padEnd(16)} n=${String(v.packets).padEnd(4)} class ${pct(v.classification_accuracy).padEnd(7)} split ${pct(v.split_accuracy).padEnd(7)} fields F1 ${pct(v.fields.f1).padEnd(7)} findings P/R ${pct(v.findings.precision)}/${pct(v.findings.recall)}`,
    ),
    '  by document type:',
    ...Object.entries(r.by_doc_type).map(
      ([t, v]) => `    ${t.padEnd(16)} n=${String(v.documents).padEnd(4)} class ${(v.documents ? pct(v.classification_accuracy) : 'n/a').padEnd(7)} fields F1 ${v.documents ? pct(v.fields.f1) : 'n/a (predicted only)'}${v.table_rows ? `  rows P/R ${pct(v.table_rows.precision)}/${pct(v.table_rows.recall)}` : ''}${v.signatures ? `  signatures ${pct(v.signatures.accuracy)}` : ''}`,
    ),
    '  by document type x rendition x layout family:',
    ...Object.entries(r.by_cell ?? {}).map(
      ([k, v]) => `    ${k.padEnd(48)} n=${String(v.documents).padEnd(4)} class ${pct(v.classification_accuracy).padEnd(7)} fields F1 ${pct(v.fields.f1)}`,
    ),
  ];
  return lines.join('\n');
}
