import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEventFromFolder } from '../connectors/folder/folder-intake.js';
import { DecisionEventV1, packetWorkflowId, type PacketEventV1 } from '../core/events.js';
import { loadConfig } from '../platform/config.js';
import { createLogger } from '../platform/logger.js';
import { writeSamplePackets } from '../worker/demo-samples.js';
import { eventually } from '../worker/integration-harness.js';
import { createTestSchema, requireEnv } from '../worker/test-services.js';
import { createRuntime, type DocketRuntime } from '../worker/runtime.js';
import type { ProcessPacketResult } from '../workflows/process-packet/process-packet.js';
import { temporalPacketWorkflows } from './packet-workflows.js';
import { createPageRenderer } from './page-renderer.js';
import { createReviewApp } from './review-app.js';
import { call, createTestUser, signIn, TEST_SCRYPT } from './review-test-fixtures.js';
import { createDocumentStore } from '../connectors/objectstore/document-store.js';

// Real PostgreSQL (a fresh schema) and a real Temporal server: a packet waits for review in its processPacket
// workflow; an underwriter signs in, claims it, resolves its findings, corrects a field and approves it through the
// API; the workflow records the review, publishes the reviewed decision and completes.
describe('review API on PostgreSQL and Temporal', () => {
  const run = randomUUID().replace(/-/g, '').slice(0, 10);
  let dir: string;
  let runtime: DocketRuntime;
  let app: FastifyInstance;
  let event: PacketEventV1;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'docket-review-it-'));
    const config = loadConfig(
      {
        DOCKET_LOG_LEVEL: 'warn',
        DOCKET_DATABASE_URL: await createTestSchema(`it_review_${run}`),
        DOCKET_TEMPORAL_ADDRESS: requireEnv('DOCKET_TEMPORAL_ADDRESS'),
        DOCKET_TASK_QUEUE: `it-review-${run}`,
        DOCKET_INTAKE: 'none',
        DOCKET_OUTBOX_DIR: path.join(dir, 'outbox'),
        DOCKET_OCR_WORKERS: '1',
      },
      2,
    );
    runtime = await createRuntime(config, createLogger('warn'), { intake: false });
    // A digital packet missing documents: decided `incomplete`, so its workflow waits for a person.
    const sample = (await writeSamplePackets(path.join(dir, 'samples'))).find((s) => s.expectedStatus === 'incomplete' && !s.scanned);
    if (!sample) throw new Error('no digital incomplete sample packet');
    const built = await buildEventFromFolder(sample.dir);
    if (!built.ok) throw new Error(built.reason);
    event = { ...built.event, tenantId: `it${run}`, packetId: `review-${run}` };
    await createTestUser(runtime.db, event.tenantId, `uw-${run}@lender.test`, 'underwriter');
    await createTestUser(runtime.db, `other${run}`, `uw-${run}@other.test`, 'underwriter');
    app = await createReviewApp({
      db: runtime.db,
      workflows: temporalPacketWorkflows(runtime.client),
      pages: createPageRenderer({ store: createDocumentStore({ fileRoot: '/' }), maxBytes: config.store.maxBytes, maxPages: 100, maxPixels: config.limits.maxPixels }),
      logger: createLogger('silent'),
      options: { sessionTtlMs: 3_600_000, claimTtlMs: 600_000, reviewDeadlineMs: config.review.deadlineMs, secureCookie: false, scrypt: TEST_SCRYPT },
    });
    await runtime.startPacket(event, 'cli');
  });

  afterAll(async () => {
    await app?.close();
    await runtime?.shutdown();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('approves a waiting packet through the API and the workflow completes with the reviewed decision', async () => {
    const uw = await signIn(app, `uw-${run}@lender.test`);
    const url = `/api/packets/${event.packetId}`;
    const queued = await eventually(
      async () => (await call(app, uw, 'GET', '/api/queue')).json().packets.find((p: { packetId: string }) => p.packetId === event.packetId),
      240_000,
      'the packet in the review queue',
    );
    expect(queued.maxSeverity).not.toBeNull();
    expect((await call(app, uw, 'GET', `${url}/state`)).json()).toMatchObject({ phase: 'awaiting_review', status: 'incomplete' });

    // Another tenant's underwriter sees nothing of it.
    const other = await signIn(app, `uw-${run}@other.test`);
    expect((await call(app, other, 'GET', url)).statusCode).toBe(404);
    expect((await call(app, other, 'POST', `${url}/approve`, {})).statusCode).toBe(404);

    const view = (await call(app, uw, 'GET', url)).json();
    // A name field: free text, so the appended "(checked)" is a valid value (an amount or a date would be refused).
    const field = view.fields.find((f: { name: string }) => f.name.endsWith('_name')) ?? view.fields[0];
    expect(view.findings.length).toBeGreaterThan(0);
    const page = await call(app, uw, 'GET', `/api/packets/${event.packetId}/documents/${field.documentId}/pages/${field.page}?dpi=50`);
    expect(page.headers['content-type']).toBe('image/png');

    expect((await call(app, uw, 'POST', `${url}/claim`, {})).statusCode).toBe(200);
    const [first, ...rest] = view.findings as { findingId: string }[];
    expect((await call(app, uw, 'POST', `${url}/findings/${encodeURIComponent(first!.findingId)}/confirm`)).statusCode).toBe(204);
    for (const f of rest) expect((await call(app, uw, 'POST', `${url}/findings/${encodeURIComponent(f.findingId)}/dismiss`, { reason: 'checked by hand' })).statusCode).toBe(204);
    const fieldUrl = `${url}/documents/${field.documentId}/segments/${field.segment}/fields/${field.name}`;
    expect((await call(app, uw, 'PUT', fieldUrl, { value: `${field.value} (checked)` })).statusCode).toBe(204);

    const approved = await call(app, uw, 'POST', `${url}/approve`, { note: 'missing documents waived' });
    expect(approved.statusCode).toBe(200);
    expect(approved.json().state.review).toEqual({ reviewer: `uw-${run}@lender.test`, outcome: 'approve' });

    const handle = runtime.client.workflow.getHandle(packetWorkflowId(event.tenantId, event.packetId));
    const result = (await handle.result()) as ProcessPacketResult;
    expect(result).toMatchObject({ status: 'clear', reviewed: true });

    // The workflow published the reviewed decision and stored the resolutions. (Which findings the decision lists is
    // not asserted: the workflow builds it while its review handler may still be saving the dismissals, see the
    // report of this step; the stored statuses below are final.)
    const decision = DecisionEventV1.parse(JSON.parse(await readFile(path.join(dir, 'outbox', event.tenantId, `${event.packetId}.reviewed.json`), 'utf8')));
    expect(decision).toMatchObject({ status: 'clear', reviewed: true });
    const after = await eventually(
      async () => {
        const v = (await call(app, uw, 'GET', url)).json();
        return v.findings.every((f: { status: string }) => f.status !== 'open') ? v : undefined;
      },
      30_000,
      'the resolutions stored by the workflow',
    );
    expect(after.phase).toBe('done');
    expect(after.findings.find((f: { findingId: string }) => f.findingId === first!.findingId).status).toBe('confirmed');
    expect(after.findings.filter((f: { status: string }) => f.status === 'dismissed')).toHaveLength(rest.length);
    expect(after.fields.find((f: { name: string; documentId: string }) => f.name === field.name && f.documentId === field.documentId).source).toBe('reviewer');
    expect((await call(app, uw, 'GET', '/api/queue')).json().packets.map((p: { packetId: string }) => p.packetId)).not.toContain(event.packetId);

    // A second decision is refused by the workflow (the packet is done).
    expect((await call(app, uw, 'POST', `${url}/claim`, {})).json().error.code).toBe('not_awaiting_review');
    const actions = (await call(app, uw, 'GET', `${url}/audit`)).json().entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['review.claim', 'review.finding.confirm', 'review.field.correct', 'review.approve', 'packet.approve', 'finding.confirmed']));
  });
});
