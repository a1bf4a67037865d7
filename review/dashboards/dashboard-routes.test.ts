import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentStore } from '../../connectors/objectstore/document-store.js';
import { openDatabase, type Database } from '../../db/pool.js';
import { createLogger } from '../../platform/logger.js';
import type { PacketWorkflows } from '../packet-workflows.js';
import { createPageRenderer } from '../page-renderer.js';
import { createReviewApp } from '../review-app.js';
import { call, createTestUser, signIn, TEST_SCRYPT, type Session } from '../review-test-fixtures.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** Dashboards never talk to workflows. */
const noWorkflows: PacketWorkflows = {
  submitReview: () => Promise.reject(new Error('not used')),
  state: () => Promise.resolve(undefined),
};

describe('dashboard API on PGlite', () => {
  let dir: string;
  let db: Database;
  let app: FastifyInstance;
  const s: Record<'uw' | 'analyst' | 'lead' | 'admin' | 'other', Session> = {} as never;
  // Arrivals two days ago, so they fall in every window.
  const t0 = new Date(Date.now() - 2 * 24 * HOUR);
  const at = (ms: number) => new Date(t0.getTime() + ms).toISOString();

  const packet = async (tenant: string, id: string, p: { status: string; phase: string; decidedAfterMs?: number }) => {
    await db.pool.query(
      `INSERT INTO packets (tenant_id, packet_id, workflow_id, submitted_at, received_at, applicants, intake, status, phase, decided_at, decision)
       VALUES ($1, $2, $3, $4, $4, '[]', 'test', $5, $6, $7, '{}')`,
      [tenant, id, `wf-${tenant}-${id}`, at(0), p.status, p.phase, p.decidedAfterMs === undefined ? null : at(p.decidedAfterMs)],
    );
  };
  const finding = (tenant: string, id: string) =>
    db.pool.query(`INSERT INTO findings (tenant_id, packet_id, finding_id, code, severity, message) VALUES ($1, $2, 'f1', 'missing_field', 'warning', 'm')`, [tenant, id]);
  const audit = (tenant: string, id: string, action: string, ms: number) =>
    db.pool.query(`INSERT INTO audit_log (tenant_id, packet_id, actor, action, at) VALUES ($1, $2, 'uw@acme.test', $3, $4)`, [tenant, id, action, at(ms)]);
  const evalRun = (runId: string, set: string, startedAt: string, f1: number, cost: number, classifier: string) =>
    db.pool.query(`INSERT INTO eval_runs (run_id, set_name, started_at, finished_at, config, metrics) VALUES ($1, $2, $3, $3, $4, $5)`, [
      runId,
      set,
      startedAt,
      JSON.stringify({ classifier, extractor: 'anchor-baseline@1', rules: 'baseline@1', ocr: 'tesseract', llm: null, provider: null, compute_seconds: 12.5, rate_card: { usdPerCpuHour: 0.0425 } }),
      JSON.stringify({ packets: 5, fields: { f1, precision: 0.9, recall: 0.8 }, findings: { precision: 0.7, recall: 0.6 }, classification: { accuracy: 0.95 }, stp_rate: 0.4, latency_ms: { p50: 1000, p95: 2000 }, cost_per_packet_usd: cost }),
    ]);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'docket-dash-'));
    db = await openDatabase({ dataDir: path.join(dir, 'pg'), poolMax: 1 }, createLogger('silent'));
    // acme: one straight through (decided clear in 10 min), one waiting (flagged after 20 min), one reviewed
    // (flagged after 30 min, claimed at 60 min, approved at 100 min), one still processing.
    await packet('acme', 'stp', { status: 'clear', phase: 'done', decidedAfterMs: 10 * MIN });
    await packet('acme', 'waiting', { status: 'needs_review', phase: 'awaiting_review', decidedAfterMs: 20 * MIN });
    await finding('acme', 'waiting');
    await packet('acme', 'reviewed', { status: 'needs_review', phase: 'awaiting_review', decidedAfterMs: 30 * MIN });
    await finding('acme', 'reviewed');
    await audit('acme', 'reviewed', 'review.claim', 60 * MIN);
    await audit('acme', 'reviewed', 'review.approve', 100 * MIN);
    await db.pool.query(`INSERT INTO review_actions (tenant_id, packet_id, action_id, actor, action, payload) VALUES ('acme', 'reviewed', 'a1', 'uw@acme.test', 'approve', '{}')`);
    // The reviewed decision replaces decided_at; the first decision stays in first_decided_at (migration 0011).
    await db.pool.query(`UPDATE packets SET status = 'clear', phase = 'done', decided_at = $1 WHERE tenant_id = 'acme' AND packet_id = 'reviewed'`, [at(100 * MIN)]);
    await packet('acme', 'busy', { status: 'processing', phase: 'processing' });
    // globex: one straight through, which acme must never count.
    await packet('globex', 'g1', { status: 'clear', phase: 'done', decidedAfterMs: 5 * MIN });
    await evalRun('smoke-old', 'smoke', '2026-01-01T10:00:00Z', 0.5, 0.002, 'keyword-baseline@1');
    await evalRun('smoke-new', 'smoke', '2026-01-02T10:00:00Z', 0.8, 0.003, 'page-classifier@2+keyword-baseline@1');
    await evalRun('std-1', 'standard', '2026-01-01T12:00:00Z', 0.7, 0.004, 'keyword-baseline@1');
    await db.pool.query(`UPDATE eval_runs SET finished_at = started_at + interval '5 minutes'`);

    for (const [name, role, tenant] of [
      ['uw', 'underwriter', 'acme'],
      ['analyst', 'analyst', 'acme'],
      ['lead', 'lead', 'acme'],
      ['admin', 'admin', 'acme'],
      ['other', 'analyst', 'globex'],
    ] as const) {
      await createTestUser(db, tenant, `${name}@${tenant}.test`, role);
    }
    app = await createReviewApp({
      db,
      workflows: noWorkflows,
      pages: createPageRenderer({ store: createDocumentStore({ fileRoot: dir }), maxBytes: 1_000_000, maxPages: 10, maxPixels: 1_000_000 }),
      logger: createLogger('silent'),
      options: { sessionTtlMs: HOUR, claimTtlMs: 30 * MIN, reviewDeadlineMs: 72 * HOUR, secureCookie: false, scrypt: TEST_SCRYPT },
    });
    for (const name of ['uw', 'analyst', 'lead', 'admin'] as const) s[name] = await signIn(app, `${name}@acme.test`);
    s.other = await signIn(app, 'other@globex.test');
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lets analysts, leads and admins read the dashboards; underwriters and anonymous callers are refused', async () => {
    for (const url of ['/api/dashboards/eval-runs', '/api/dashboards/operations']) {
      for (const who of ['analyst', 'lead', 'admin'] as const) expect((await call(app, s[who], 'GET', url)).statusCode, `${who} ${url}`).toBe(200);
      const uw = await call(app, s.uw, 'GET', url);
      expect(uw.statusCode).toBe(403);
      expect(uw.json().error.code).toBe('forbidden');
      expect((await call(app, undefined, 'GET', url)).statusCode).toBe(401);
    }
    expect((await call(app, s.analyst, 'GET', '/api/dashboards/operations?days=0')).statusCode).toBe(400);
    expect((await call(app, s.analyst, 'GET', '/api/dashboards/eval-runs?limit=abc')).statusCode).toBe(400);
  });

  it('lists eval runs oldest first with their metrics and pipeline versions, by set', async () => {
    const all = (await call(app, s.analyst, 'GET', '/api/dashboards/eval-runs')).json();
    expect(all.sets).toEqual([
      { set: 'smoke', runs: 2 },
      { set: 'standard', runs: 1 },
    ]);
    expect(all.runs.map((r: { runId: string }) => r.runId)).toEqual(['smoke-old', 'std-1', 'smoke-new']);
    const smoke = (await call(app, s.analyst, 'GET', '/api/dashboards/eval-runs?set=smoke')).json().runs;
    expect(smoke).toHaveLength(2);
    expect(smoke[1]).toMatchObject({
      runId: 'smoke-new',
      set: 'smoke',
      packets: 5,
      fieldF1: 0.8,
      findingPrecision: 0.7,
      findingRecall: 0.6,
      classificationAccuracy: 0.95,
      costPerPacketUsd: 0.003,
      versions: { classifier: 'page-classifier@2+keyword-baseline@1', extractor: 'anchor-baseline@1', llm: null },
    });
    // limit keeps the newest runs.
    expect((await call(app, s.analyst, 'GET', '/api/dashboards/eval-runs?limit=1')).json().runs.map((r: { runId: string }) => r.runId)).toEqual(['smoke-new']);
  });

  it("sums the caller's tenant only: straight-through rate, times to first flag and decision, reviewer minutes, cost", async () => {
    const ops = (await call(app, s.lead, 'GET', '/api/dashboards/operations?days=7')).json();
    expect(ops.totals).toEqual({ arrived: 4, decided: 2, straightThrough: 1, reviewed: 1, waiting: 1 });
    expect(ops.perDay).toEqual([{ day: at(0).slice(0, 10), arrived: 4, decided: 2, straightThrough: 1, reviewed: 1 }]);
    expect(ops.straightThroughRate).toBe(0.5);
    // Flagged packets: first decisions at 20 and 30 min (the reviewed one's first decision, not its 100 min).
    expect(ops.arrivalToFirstFlagMinutes).toEqual({ n: 2, p50: 25, p95: 29.5 });
    // Decided packets: 10 min (straight through) and 100 min (reviewed).
    expect(ops.arrivalToDecisionMinutes).toEqual({ n: 2, p50: 55, p95: 95.5 });
    expect(ops.reviewerMinutesPerPacket).toEqual({ n: 1, p50: 40, p95: 40, mean: 40 });
    // Cost from the newest eval run (by finish time).
    expect(ops.costPerPacket).toMatchObject({ usd: 0.003, runId: 'smoke-new', computeSeconds: 12.5, usdPerCpuHour: 0.0425 });

    const theirs = (await call(app, s.other, 'GET', '/api/dashboards/operations')).json();
    expect(theirs.totals).toEqual({ arrived: 1, decided: 1, straightThrough: 1, reviewed: 0, waiting: 0 });
    expect(theirs.reviewerMinutesPerPacket).toEqual({ n: 0, p50: null, p95: null, mean: null });
  });

  it('counts only the window asked for', async () => {
    await db.pool.query(`UPDATE packets SET received_at = received_at - interval '40 days' WHERE tenant_id = 'globex'`);
    expect((await call(app, s.other, 'GET', '/api/dashboards/operations?days=30')).json().totals.arrived).toBe(0);
    expect((await call(app, s.other, 'GET', '/api/dashboards/operations?days=60')).json().totals.arrived).toBe(1);
  });

  it('serves the web app: the page shell with a content security policy, the bundle and the dashboards chunk', async () => {
    const page = await app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(page.body).toContain('/assets/app.js');
    const js = await app.inject({ method: 'GET', url: '/assets/app.js' });
    expect(js.headers['content-type']).toMatch(/javascript/);
    // The dashboards (and Chart.js) are a chunk of their own, loaded only when opened.
    const chunk = /\.\/(chunk-[\w-]+\.js)/.exec(js.body.match(/import\("\.\/chunk-[\w-]+\.js"\)/)?.[0] ?? '')?.[1];
    expect(chunk).toBeDefined();
    const dashboards = await app.inject({ method: 'GET', url: `/assets/${chunk}` });
    expect(dashboards.statusCode).toBe(200);
    expect(dashboards.body.length).toBeGreaterThan(100_000);
    expect(js.body.length).toBeLessThan(dashboards.body.length);
    const again = await app.inject({ method: 'GET', url: '/assets/app.js', headers: { 'if-none-match': String(js.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect((await app.inject({ method: 'GET', url: '/assets/nope.js' })).statusCode).toBe(404);
  });
});
