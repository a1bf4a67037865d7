import type { Database } from './pool.js';

/**
 * What the analysts' dashboards read (review/dashboards): eval runs over time, and a tenant's live operations from
 * its packets, findings and audit log. Eval runs belong to no tenant (each runs generated or reviewed sets in a
 * tenant of its own, `eval-<run>`), so every analyst sees them; everything else is filtered by the caller's tenant.
 */

export interface EvalRunPoint {
  runId: string;
  set: string;
  startedAt: string;
  finishedAt: string;
  /** What the pipeline was made of (eval_runs.config): the versions a chart series is grouped by. */
  versions: { classifier: string | null; extractor: string | null; rules: string | null; ocr: string | null; llm: string | null; provider: string | null };
  packets: number;
  fieldF1: number | null;
  fieldPrecision: number | null;
  fieldRecall: number | null;
  findingPrecision: number | null;
  findingRecall: number | null;
  classificationAccuracy: number | null;
  stpRate: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  costPerPacketUsd: number | null;
  computeSeconds: number | null;
}

export interface Percentiles {
  /** How many packets the percentiles are over. */
  n: number;
  p50: number | null;
  p95: number | null;
}

export interface OperationsSummary {
  from: string;
  to: string;
  perDay: { day: string; arrived: number; decided: number; straightThrough: number; reviewed: number }[];
  totals: { arrived: number; decided: number; straightThrough: number; reviewed: number; waiting: number };
  /** Straight-through packets over decided ones (clear without a person); null before any decision. */
  straightThroughRate: number | null;
  /** Arrival to the pipeline's first decision, over packets that raised findings (the flag reaches the queue). */
  arrivalToFirstFlagMinutes: Percentiles;
  /** Arrival to the final decision (automated or the reviewer's), over decided packets. */
  arrivalToDecisionMinutes: Percentiles;
  /** First claim to the reviewer's approve/return (audit log), over reviewed packets. */
  reviewerMinutesPerPacket: Percentiles & { mean: number | null };
  /** Cost per packet of the newest eval run: measured CPU seconds at the run's rate card (eval_runs). */
  costPerPacket: { usd: number; runId: string; set: string; computeSeconds: number | null; usdPerCpuHour: number | null } | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const iso = (v: unknown): string => new Date(v as string).toISOString();
const round = (v: unknown, digits = 1): number | null => (v === null || v === undefined ? null : Number(Number(v).toFixed(digits)));

/** n, p50 and p95 of a SQL expression (NULLs left out), as `<prefix>n`, `<prefix>p50`, `<prefix>p95`. */
const PERCENTILES = (expr: string, prefix = '') =>
  `count(${expr})::int AS ${prefix}n, percentile_cont(0.5) WITHIN GROUP (ORDER BY ${expr}) AS ${prefix}p50, percentile_cont(0.95) WITHIN GROUP (ORDER BY ${expr}) AS ${prefix}p95`;

export class DashboardRepository {
  constructor(private readonly db: Database) {}

  /** The newest `limit` eval runs (of one set, or all), oldest first, as chart points. */
  async evalRuns(set: string | undefined, limit: number): Promise<EvalRunPoint[]> {
    const { rows } = await this.db.pool.query(
      `SELECT * FROM (
         SELECT run_id, set_name, started_at, finished_at, config, metrics FROM eval_runs
          WHERE $1::text IS NULL OR set_name = $1 ORDER BY started_at DESC LIMIT $2) r
        ORDER BY started_at ASC, run_id`,
      [set ?? null, limit],
    );
    return rows.map((r) => {
      const c = (r.config ?? {}) as Record<string, unknown>;
      const m = (r.metrics ?? {}) as Record<string, Record<string, unknown> | undefined> & Record<string, unknown>;
      return {
        runId: r.run_id,
        set: r.set_name,
        startedAt: iso(r.started_at),
        finishedAt: iso(r.finished_at),
        versions: { classifier: str(c.classifier), extractor: str(c.extractor), rules: str(c.rules), ocr: str(c.ocr), llm: str(c.llm), provider: str(c.provider) },
        packets: num(m.packets) ?? 0,
        fieldF1: num(m.fields?.f1),
        fieldPrecision: num(m.fields?.precision),
        fieldRecall: num(m.fields?.recall),
        findingPrecision: num(m.findings?.precision),
        findingRecall: num(m.findings?.recall),
        classificationAccuracy: num(m.classification?.accuracy),
        stpRate: num(m.stp_rate),
        latencyP50Ms: num(m.latency_ms?.p50),
        latencyP95Ms: num(m.latency_ms?.p95),
        costPerPacketUsd: num(m.cost_per_packet_usd),
        computeSeconds: num(c.compute_seconds),
      };
    });
  }

  /** The eval sets that have runs, for the set picker. */
  async evalSets(): Promise<{ set: string; runs: number }[]> {
    const { rows } = await this.db.pool.query(`SELECT set_name, count(*)::int AS runs FROM eval_runs GROUP BY set_name ORDER BY set_name`);
    return rows.map((r) => ({ set: r.set_name, runs: r.runs }));
  }

  /**
   * A tenant's packets that arrived in [from, to): per UTC day, the straight-through rate, time to first flag and
   * to decision, reviewer minutes. A straight-through packet was decided `clear` with no person; a reviewed one has a
   * review_actions row (the workflow recorded the reviewer's decision).
   */
  async operations(tenantId: string, from: Date, to: Date): Promise<OperationsSummary> {
    const params = [tenantId, from.toISOString(), to.toISOString()];
    const scope = `p.tenant_id = $1 AND p.received_at >= $2 AND p.received_at < $3`;
    const classify = `
      SELECT p.*, date_trunc('day', p.received_at AT TIME ZONE 'UTC') AS day,
             EXISTS (SELECT 1 FROM review_actions r WHERE r.tenant_id = p.tenant_id AND r.packet_id = p.packet_id) AS reviewed,
             EXISTS (SELECT 1 FROM findings f WHERE f.tenant_id = p.tenant_id AND f.packet_id = p.packet_id) AS flagged
        FROM packets p WHERE ${scope}`;
    const [days, times, reviewer, cost] = await Promise.all([
      this.db.pool.query(
        `SELECT day, count(*)::int AS arrived,
                count(*) FILTER (WHERE phase = 'done')::int AS decided,
                count(*) FILTER (WHERE phase = 'done' AND status = 'clear' AND NOT reviewed)::int AS straight_through,
                count(*) FILTER (WHERE reviewed)::int AS reviewed,
                count(*) FILTER (WHERE phase = 'awaiting_review')::int AS waiting
           FROM (${classify}) x GROUP BY day ORDER BY day`,
        params,
      ),
      this.db.pool.query(
        `SELECT ${PERCENTILES(`CASE WHEN flagged THEN extract(epoch FROM first_decided_at - received_at) / 60 END`, 'f_')},
                ${PERCENTILES(`CASE WHEN phase = 'done' THEN extract(epoch FROM decided_at - received_at) / 60 END`, 'd_')}
           FROM (${classify}) x`,
        params,
      ),
      this.db.pool.query(
        `WITH per_packet AS (
           SELECT extract(epoch FROM s.at - c.at) / 60 AS minutes
             FROM packets p
             JOIN LATERAL (SELECT min(at) AS at FROM audit_log a WHERE a.tenant_id = p.tenant_id AND a.packet_id = p.packet_id AND a.action IN ('review.claim', 'review.claim.take_over')) c ON c.at IS NOT NULL
             JOIN LATERAL (SELECT min(at) AS at FROM audit_log a WHERE a.tenant_id = p.tenant_id AND a.packet_id = p.packet_id AND a.action IN ('review.approve', 'review.return')) s ON s.at IS NOT NULL
            WHERE ${scope})
         SELECT ${PERCENTILES('minutes')}, avg(minutes) AS mean FROM per_packet`,
        params,
      ),
      this.db.pool.query(`SELECT run_id, set_name, config, metrics FROM eval_runs ORDER BY finished_at DESC LIMIT 1`),
    ]);
    const perDay = days.rows.map((r) => ({ day: iso(r.day).slice(0, 10), arrived: r.arrived, decided: r.decided, straightThrough: r.straight_through, reviewed: r.reviewed }));
    const sum = (k: 'arrived' | 'decided' | 'straight_through' | 'reviewed' | 'waiting') => days.rows.reduce((n, r) => n + (r[k] as number), 0);
    const totals = { arrived: sum('arrived'), decided: sum('decided'), straightThrough: sum('straight_through'), reviewed: sum('reviewed'), waiting: sum('waiting') };
    const t = times.rows[0];
    const rv = reviewer.rows[0];
    const run = cost.rows[0];
    const runCost = run ? num(run.metrics?.cost_per_packet_usd) : null;
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      perDay,
      totals,
      straightThroughRate: totals.decided ? Number((totals.straightThrough / totals.decided).toFixed(4)) : null,
      arrivalToFirstFlagMinutes: { n: t.f_n, p50: round(t.f_p50), p95: round(t.f_p95) },
      arrivalToDecisionMinutes: { n: t.d_n, p50: round(t.d_p50), p95: round(t.d_p95) },
      reviewerMinutesPerPacket: { n: rv.n, p50: round(rv.p50), p95: round(rv.p95), mean: round(rv.mean) },
      costPerPacket:
        run && runCost !== null
          ? { usd: runCost, runId: run.run_id, set: run.set_name, computeSeconds: num(run.config?.compute_seconds), usdPerCpuHour: num(run.config?.rate_card?.usdPerCpuHour) }
          : null,
    };
  }
}
