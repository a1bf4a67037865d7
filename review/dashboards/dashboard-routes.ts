import { z } from 'zod';
import { DashboardRepository } from '../../db/dashboard-repository.js';
import type { Database } from '../../db/pool.js';
import type { Role } from '../../db/review-repository.js';
import { route, type RouteSpec } from '../api-route.js';

/**
 * The analysts' dashboards (issue 6): eval runs over time by pipeline version, a tenant's live operations, and the
 * measured inputs of the ROI view (its assumptions are edited in the page, review/web/roi.ts). Analysts, leads and
 * admins read them; underwriters work the queue.
 */
export const DASHBOARD_ROLES: readonly Role[] = ['analyst', 'lead', 'admin'];

const DAY_MS = 86_400_000;
const MAX_DAYS = 366;

const Versions = z.object({
  classifier: z.string().nullable(),
  extractor: z.string().nullable(),
  rules: z.string().nullable(),
  ocr: z.string().nullable(),
  llm: z.string().nullable(),
  provider: z.string().nullable(),
});
const EvalRunOut = z.object({
  runId: z.string(),
  set: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  versions: Versions,
  packets: z.number(),
  fieldF1: z.number().nullable(),
  fieldPrecision: z.number().nullable(),
  fieldRecall: z.number().nullable(),
  findingPrecision: z.number().nullable(),
  findingRecall: z.number().nullable(),
  classificationAccuracy: z.number().nullable(),
  stpRate: z.number().nullable(),
  latencyP50Ms: z.number().nullable(),
  latencyP95Ms: z.number().nullable(),
  costPerPacketUsd: z.number().nullable(),
  computeSeconds: z.number().nullable(),
});
const PercentilesOut = z.object({ n: z.number(), p50: z.number().nullable(), p95: z.number().nullable() });
const OperationsOut = z.object({
  from: z.string(),
  to: z.string(),
  perDay: z.array(z.object({ day: z.string(), arrived: z.number(), decided: z.number(), straightThrough: z.number(), reviewed: z.number() })),
  totals: z.object({ arrived: z.number(), decided: z.number(), straightThrough: z.number(), reviewed: z.number(), waiting: z.number() }),
  straightThroughRate: z.number().nullable(),
  arrivalToFirstFlagMinutes: PercentilesOut,
  arrivalToDecisionMinutes: PercentilesOut,
  reviewerMinutesPerPacket: PercentilesOut.extend({ mean: z.number().nullable() }),
  costPerPacket: z
    .object({ usd: z.number(), runId: z.string(), set: z.string(), computeSeconds: z.number().nullable(), usdPerCpuHour: z.number().nullable() })
    .nullable()
    .describe('from the newest eval run: its measured CPU seconds per packet at its rate card (LLM tokens at the token rate)'),
});

export function dashboardRoutes(db: Database, now: () => Date = () => new Date()): RouteSpec[] {
  const repo = new DashboardRepository(db);
  return [
    route({
      method: 'GET',
      url: '/api/dashboards/eval-runs',
      summary: 'Eval runs over time (oldest first) with field F1, finding precision/recall, classification accuracy, cost, and the pipeline versions of each',
      tag: 'dashboards',
      access: DASHBOARD_ROLES,
      query: z.object({ set: z.string().min(1).max(64).optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) }),
      response: z.object({ sets: z.array(z.object({ set: z.string(), runs: z.number() })), runs: z.array(EvalRunOut) }),
      async handler({ query }) {
        const [sets, runs] = await Promise.all([repo.evalSets(), repo.evalRuns(query.set, query.limit)]);
        return { sets, runs };
      },
    }),
    route({
      method: 'GET',
      url: '/api/dashboards/operations',
      summary: "Your tenant's packets of the last `days` days: per day, straight-through rate, arrival to first flag and to decision (p50/p95), reviewer minutes, cost per packet",
      tag: 'dashboards',
      access: DASHBOARD_ROLES,
      query: z.object({ days: z.coerce.number().int().min(1).max(MAX_DAYS).default(30) }),
      response: OperationsOut,
      async handler({ principal, query }) {
        const to = now();
        // Whole UTC days: from the start of the first day to now.
        const from = new Date(Math.floor(to.getTime() / DAY_MS) * DAY_MS - (query.days - 1) * DAY_MS);
        return repo.operations(principal.tenantId, from, new Date(to.getTime() + 1));
      },
    }),
  ];
}
