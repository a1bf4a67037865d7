import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecisionEventV1, packetWorkflowId, type PacketEventV1 } from '../core/events.js';
import { buildEventFromFolder } from '../connectors/folder/folder-intake.js';
import { createLogger } from '../platform/logger.js';
import { writeSamplePackets, type SamplePacket } from './demo-samples.js';
import { createHarness, eventually, type Harness } from './integration-harness.js';
import { minioClient } from './test-services.js';
import { createRuntime, type DocketRuntime } from './runtime.js';

// Real Kafka (KRaft), real Temporal, real PostgreSQL+pgvector: events in, rows and decision events out.
describe('packets end to end on Kafka, Temporal and PostgreSQL', () => {
  let h: Harness;
  let runtime: DocketRuntime;
  let dir: string;
  let samples: SamplePacket[];
  let events: PacketEventV1[];
  let decisions: Awaited<ReturnType<Harness['collect']>>;

  const decisionsFor = (packetId: string) =>
    decisions.messages.map((m) => DecisionEventV1.parse(JSON.parse(m.value!.toString()))).filter((d) => d.packetId === packetId);
  const send = (...evs: unknown[]) =>
    h.send(h.config.kafka.topics.packets, evs.map((e) => ({ key: (e as PacketEventV1).packetId ?? 'x', value: typeof e === 'string' ? e : JSON.stringify(e) })));
  const decided = (packetId: string) =>
    eventually(() => decisionsFor(packetId).find((d) => !d.reviewed), 240_000, `decision on ${packetId}`);

  beforeAll(async () => {
    h = await createHarness();
    runtime = await createRuntime(h.config, createLogger('warn'), { intake: true });
    decisions = await h.collect(h.config.kafka.topics.decisions);
    dir = await mkdtemp(path.join(os.tmpdir(), 'docket-it-'));
    samples = await writeSamplePackets(dir);
    events = [];
    for (const s of samples) {
      const built = await buildEventFromFolder(s.dir);
      if (!built.ok) throw new Error(built.reason);
      events.push({ ...built.event, tenantId: `it${h.run}` });
    }
  });

  afterAll(async () => {
    await runtime?.shutdown();
    await h?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('N packet events -> one workflow each -> rows in PostgreSQL and one decision event each', async () => {
    await send(...events);
    for (const [i, event] of events.entries()) {
      const decision = await decided(event.packetId);
      const sample = samples[i]!;
      const { rows: docs } = await h.db.query(
        `SELECT document_id, doc_type, status, page_count FROM documents WHERE tenant_id = $1 AND packet_id = $2 ORDER BY document_id`,
        [event.tenantId, event.packetId],
      );
      // Classification against the generator's ground truth.
      expect(docs.map((d) => d.doc_type).sort()).toEqual([...sample.expectedTypes].sort());
      expect(docs.every((d) => d.status === 'read')).toBe(true);
      const { rows: pages } = await h.db.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE source = 'ocr')::int AS ocr FROM pages WHERE tenant_id = $1 AND packet_id = $2`, [event.tenantId, event.packetId]);
      expect(decision.counts.pages).toBe(pages[0].n);
      expect(decision.counts.ocrPages).toBe(pages[0].ocr);
      expect(decision.counts.fields).toBeGreaterThan(0);
      const missing = decision.findings.filter((f) => f.code === 'missing_document').map((f) => f.message);
      if (sample.expectedStatus === 'incomplete') {
        expect(decision.status).toBe('incomplete');
        expect(missing.join()).toMatch(/W-2/);
        expect(missing.join()).toMatch(/Bank statement/);
      } else {
        expect(missing).toEqual([]);
        expect(['clear', 'needs_review']).toContain(decision.status);
      }
      // No PII in the event: applicant names never appear.
      for (const a of event.applicants) expect(JSON.stringify(decision)).not.toContain(a.lastName);
    }
    const scanned = events.find((_, i) => samples[i]!.scanned)!;
    expect((await decided(scanned.packetId)).counts.ocrPages).toBeGreaterThan(0);
  });

  it('documents referenced by s3:// URI are read from the object store (MinIO)', async () => {
    const s3 = await minioClient();
    const bucket = `docs-${h.run}`;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const source = events[0]!;
    const documents = [];
    for (const doc of source.documents) {
      const key = `${source.packetId}/${doc.filename}`;
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: await readFile(new URL(doc.uri)) }));
      documents.push({ ...doc, uri: `s3://${bucket}/${key}` });
    }
    s3.destroy();
    const event = { ...source, packetId: `s3-${h.run}`, documents };
    await send(event);
    const decision = await decided(event.packetId);
    expect(decision.counts.unreadableDocuments).toBe(0);
    expect(decision.counts.documents).toBe(source.documents.length);
    const { rows } = await h.db.query(`SELECT doc_type FROM documents WHERE tenant_id = $1 AND packet_id = $2 ORDER BY doc_type`, [event.tenantId, event.packetId]);
    expect(rows.map((r) => r.doc_type)).toEqual([...samples[0]!.expectedTypes].sort());
  });

  it('the same event twice -> one workflow and one decision', async () => {
    const event = { ...events[2]!, packetId: `dup-${h.run}` };
    await send(event, event);
    await decided(event.packetId);
    // A later packet on the same partition (same key) has been decided, so both copies were consumed.
    const sentinel = { ...events[2]!, packetId: `after-dup-${h.run}` };
    await h.send(h.config.kafka.topics.packets, [{ key: event.packetId, value: JSON.stringify(sentinel) }]);
    await decided(sentinel.packetId);
    expect(decisionsFor(event.packetId).filter((d) => !d.reviewed)).toHaveLength(1);
    const runs = [];
    for await (const wf of runtime.client.workflow.list({ query: `WorkflowId = '${packetWorkflowId(event.tenantId, event.packetId)}'` })) runs.push(wf.runId);
    expect(runs).toHaveLength(1);
    const { rows } = await h.db.query(`SELECT count(*)::int AS n FROM packets WHERE tenant_id = $1 AND packet_id = $2`, [event.tenantId, event.packetId]);
    expect(rows[0].n).toBe(1);
  });

  it('two tenant and packet pairs that once joined to one workflow id each get their own workflow and decision', async () => {
    // Tenant "itN" with packet "x-1" and tenant "itN-x" with packet "1" were both "packet-itN-x-1".
    const a = { ...events[2]!, tenantId: `it${h.run}`, packetId: 'x-1' };
    const b = { ...events[2]!, tenantId: `it${h.run}-x`, packetId: '1' };
    await send(a, b);
    const parsed = () => decisions.messages.map((m) => DecisionEventV1.parse(JSON.parse(m.value!.toString())));
    for (const e of [a, b]) {
      const d = await eventually(() => parsed().find((x) => x.tenantId === e.tenantId && x.packetId === e.packetId && !x.reviewed), 240_000, `decision on ${e.tenantId}/${e.packetId}`);
      expect(d.workflowId).toBe(packetWorkflowId(e.tenantId, e.packetId));
    }
  });

  it('a malformed event goes to the DLQ with its reason, and the consumer carries on', async () => {
    const dlq = await h.collect(h.config.kafka.topics.dlq);
    const bad = { ...events[2]!, packetId: `bad-${h.run}`, documents: [{ ...events[2]!.documents[0]!, sha256: 'nope' }] };
    await h.send(h.config.kafka.topics.packets, [
      { key: 'k', value: '{not json' },
      { key: 'k', value: JSON.stringify(bad) },
    ]);
    const after = { ...events[2]!, packetId: `after-bad-${h.run}` };
    await h.send(h.config.kafka.topics.packets, [{ key: 'k', value: JSON.stringify(after) }]);
    await decided(after.packetId);
    const dead = await eventually(() => (dlq.messages.length >= 2 ? dlq.messages : undefined), 60_000, 'DLQ messages');
    const reasons = dead.map((m) => m.headers!['docket-error']!.toString());
    expect(reasons).toContain('value is not JSON');
    expect(reasons.join()).toContain('documents.0.sha256: lowercase hex sha256');
    expect(dead.every((m) => m.headers!['docket-error-code']!.toString() === 'DOCKET_ERR_INVALID_EVENT')).toBe(true);
    expect(decisionsFor(bad.packetId)).toEqual([]);
    await dlq.stop();
  });

  it('a packet waiting for review takes the reviewer decision and publishes it', async () => {
    const event = events.find((_, i) => samples[i]!.expectedStatus === 'incomplete')!;
    const handle = runtime.client.workflow.getHandle(packetWorkflowId(event.tenantId, event.packetId));
    await handle.executeUpdate('review', {
      args: [{ actionId: 'rv-1', reviewer: 'uw-7', outcome: 'return', requestedDocuments: ['W-2 2025', 'Bank statement'] }],
    });
    const reviewed = await eventually(() => decisionsFor(event.packetId).find((d) => d.reviewed), 60_000, 'reviewed decision');
    expect(reviewed.status).toBe('incomplete');
    const { rows } = await h.db.query(`SELECT action FROM audit_log WHERE tenant_id = $1 AND packet_id = $2`, [event.tenantId, event.packetId]);
    expect(rows.map((r) => r.action)).toEqual(['packet.return']);
  });
});
