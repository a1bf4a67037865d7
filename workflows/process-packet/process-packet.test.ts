import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ApplicationFailure } from '@temporalio/common';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import type { WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { createPacketActivities } from '../../activities/packet-activities.js';
import type { DocumentType } from '../../core/document-types.js';
import type { PacketEventV1 } from '../../core/events.js';
import type { Finding } from '../../core/findings.js';
import { packetStateQuery, processPacket, reviewUpdate, type ProcessPacketInput } from './process-packet.js';

type Activities = ReturnType<typeof createPacketActivities>;

// A real local Temporal dev server (the CLI scripts/provision.sh fetches), with scripted activities.
const cli = process.env.DOCKET_TEMPORAL_CLI ?? fileURLToPath(new URL('../../.cache/bin/temporal', import.meta.url));
const workflowsPath = fileURLToPath(new URL('../index.ts', import.meta.url));

const HISTORIES = fileURLToPath(new URL('./histories/', import.meta.url));
/** `DOCKET_RECORD_HISTORIES=1 npx vitest run workflows` refreshes the replay fixtures from these scenarios. */
async function recordHistory(name: string, handle: WorkflowHandle): Promise<void> {
  if (process.env.DOCKET_RECORD_HISTORIES !== '1') return;
  writeFileSync(`${HISTORIES}${name}.json`, historyToJSON(await handle.fetchHistory()));
}

const TYPES: Record<string, DocumentType> = { app: 'urla_1003', w2: 'w2', stub: 'pay_stub', bank: 'bank_statement' };

function event(docIds: string[]): PacketEventV1 {
  return {
    schema: 'docket.packets.v1',
    packetId: `p-${randomUUID()}`,
    tenantId: 't1',
    submittedAt: '2026-10-01T12:00:00Z',
    applicants: [{ role: 'borrower', firstName: 'A', lastName: 'B' }],
    documents: docIds.map((documentId) => ({ documentId, uri: `file:///x/${documentId}.pdf`, mediaType: 'application/pdf' as const, sha256: 'a'.repeat(64), filename: `${documentId}.pdf` })),
  };
}

/** Records what the workflow asked for; `corrupt` documents fail as a bad document would. */
function scriptedActivities(corrupt: string[] = []) {
  const calls = { extracted: [] as string[], unreadable: [] as unknown[], findings: [] as Finding[][], decisions: [] as { status: string; reviewed: boolean }[], reviews: 0, escalations: 0, order: [] as string[] };
  const activities: Partial<Activities> = {
    async recordPacket() {},
    async readDocument({ documentId }) {
      if (corrupt.includes(documentId)) throw ApplicationFailure.nonRetryable('bad xref table', 'DOCKET_ERR_CORRUPT_DOCUMENT');
      if (documentId === 'slow') await new Promise((r) => setTimeout(r, 3_000));
      // `scanpacket` is `packet` scanned, with its page 5 (the bank statement's first) too faint to read.
      if (documentId === 'scanpacket') return { pageCount: 6, ocrPages: 6, minOcrConfidence: 0.9, illegiblePages: [{ page: 5, reasons: ['low_contrast: 0.13 < 0.3'] }] };
      return { pageCount: 2, ocrPages: 1, minOcrConfidence: 0.9 };
    },
    async classifyDocument({ documentId }) {
      return { type: TYPES[documentId] ?? 'unknown', confidence: 0.9 };
    },
    async splitDocument({ documentId }) {
      // `packet` is a merged PDF: application (2 pages), W-2, pay stub, bank statement (2 pages).
      if (documentId === 'packet' || documentId === 'scanpacket') {
        return (['urla_1003', 'w2', 'pay_stub', 'bank_statement'] as const).map((type, i) => ({
          segment: i + 1,
          type,
          confidence: 0.95,
          firstPage: [1, 3, 4, 5][i]!,
          lastPage: [2, 3, 4, 6][i]!,
        }));
      }
      return [{ segment: 1, type: TYPES[documentId] ?? 'unknown', confidence: 0.9, firstPage: 1, lastPage: 2 }];
    },
    async extractFields({ packetId, type, segment }) {
      calls.extracted.push(`${packetId}/${type}#${segment ?? 1}`);
      // A merged packet's pay stub lacks its pay date: the finding must name the right document in the file.
      return { fieldCount: 5, missingRequiredFields: type === 'pay_stub' && segment === 3 ? ['pay_date'] : [] };
    },
    async checkPacket({ packetId, unreadable }) {
      calls.unreadable.push(unreadable);
      // The rules' completeness check, scripted: every required type not extracted is missing.
      const have = new Set(calls.extracted.filter((e) => e.startsWith(`${packetId}/`)).map((e) => e.split('/')[1]!.split('#')[0]));
      const missing = ['urla_1003', 'w2', 'pay_stub', 'bank_statement'].filter((t) => !have.has(t));
      return {
        rulesetVersion: 'test',
        skipped: 0,
        findings: missing.map((t) => ({ findingId: `missing_document:${t}`, code: 'missing_document', severity: 'critical' as const, documentIds: [], message: `Missing ${t}`, evidence: [], ruleId: 'required-documents', ruleVersion: 1, citation: { topic: 'Missing documents', section: '7.3' } })),
      };
    },
    async recordFindings({ findings }) {
      calls.findings.push(findings);
    },
    async publishDecision({ status, reviewed }) {
      calls.decisions.push({ status, reviewed });
      calls.order.push(`decision${reviewed ? ' (reviewed)' : ''}`);
    },
    async recordReview() {
      // Slow on purpose: the reviewed decision must wait until the resolutions are stored.
      await new Promise((r) => setTimeout(r, 300));
      calls.reviews++;
      calls.order.push('review stored');
    },
    async recordEscalation() {
      calls.escalations++;
    },
  };
  return { activities, calls };
}

describe('processPacket', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    if (!existsSync(cli)) throw new Error(`temporal CLI not found at ${cli}: run scripts/provision.sh temporal`);
    env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: cli }, ip: '127.0.0.1' } });
  });
  afterAll(async () => {
    await env?.teardown();
  });

  async function run<T>(corrupt: string[], body: (taskQueue: string, calls: ReturnType<typeof scriptedActivities>['calls']) => Promise<T>): Promise<T> {
    const taskQueue = `tq-${randomUUID()}`;
    const { activities, calls } = scriptedActivities(corrupt);
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath, activities });
    return worker.runUntil(body(taskQueue, calls));
  }

  const input = (docs: string[], reviewDeadlineMs = 60_000): ProcessPacketInput => ({ event: event(docs), intake: 'test', reviewDeadlineMs });

  it('a complete packet is clear and finishes without waiting', async () => {
    await run([], async (taskQueue, calls) => {
      const result = await env.client.workflow.execute(processPacket, { taskQueue, workflowId: randomUUID(), args: [input(['app', 'w2', 'stub', 'bank'])] });
      expect(result).toEqual({ status: 'clear', reviewed: false, findings: 0 });
      expect(calls.decisions).toEqual([{ status: 'clear', reviewed: false }]);
    });
  });

  it('a corrupt document becomes a finding, the packet completes, waits for review, and publishes the reviewed decision', async () => {
    await run(['bank'], async (taskQueue, calls) => {
      const handle = await env.client.workflow.start(processPacket, { taskQueue, workflowId: randomUUID(), args: [input(['app', 'w2', 'stub', 'bank'])] });
      await waitFor(async () => (await handle.query(packetStateQuery)).phase === 'awaiting_review');
      const codes = calls.findings[0]!.map((f) => f.findingId).sort();
      expect(codes).toEqual(['missing_document:bank_statement', 'unreadable_document:bank']);
      expect(calls.decisions).toEqual([{ status: 'incomplete', reviewed: false }]);

      const state = await handle.executeUpdate(reviewUpdate, { args: [{ actionId: 'a1', reviewer: 'uw-1', outcome: 'return', requestedDocuments: ['bank statement'] }] });
      expect(state.review).toEqual({ reviewer: 'uw-1', outcome: 'return' });
      expect(await handle.result()).toEqual({ status: 'incomplete', reviewed: true, findings: 2 });
      expect(calls.decisions.at(-1)).toEqual({ status: 'incomplete', reviewed: true });
      expect(calls.reviews).toBe(1);
      // The reviewed decision is built after the reviewer's resolutions are stored, never before.
      expect(calls.order).toEqual(['decision', 'review stored', 'decision (reviewed)']);
      await recordHistory('unreadable-document-then-review', handle);
    });
  });

  it('a merged packet PDF is split into its documents, each extracted, and findings name the document in the file', async () => {
    await run([], async (taskQueue, calls) => {
      const handle = await env.client.workflow.start(processPacket, { taskQueue, workflowId: randomUUID(), args: [input(['packet'])] });
      await waitFor(async () => (await handle.query(packetStateQuery)).phase === 'awaiting_review');
      expect(calls.extracted.map((e) => e.split('/')[1]).sort()).toEqual(['bank_statement#4', 'pay_stub#3', 'urla_1003#1', 'w2#2']);
      // All four required types were found inside the one file: nothing is missing but the pay stub's date.
      const findings = calls.findings[0]!;
      expect(findings.map((f) => f.findingId)).toEqual(['missing_field:packet#3:pay_date']);
      expect(findings[0]!.evidence).toEqual([{ documentId: 'packet', page: 4, field: 'pay_date' }]);
      await handle.executeUpdate(reviewUpdate, { args: [{ actionId: 'a1', reviewer: 'uw-1', outcome: 'approve' }] });
      expect(await handle.result()).toEqual({ status: 'clear', reviewed: true, findings: 1 });
      await recordHistory('merged-packet-split-rules', handle);
    });
  });

  it('an illegible page becomes one finding on the document of the file that holds it', async () => {
    await run([], async (taskQueue, calls) => {
      const handle = await env.client.workflow.start(processPacket, { taskQueue, workflowId: randomUUID(), args: [input(['scanpacket'])] });
      await waitFor(async () => (await handle.query(packetStateQuery)).phase === 'awaiting_review');
      const findings = calls.findings[0]!;
      expect(findings.map((f) => f.findingId).sort()).toEqual(['illegible_page:scanpacket#4', 'missing_field:scanpacket#3:pay_date']);
      const illegible = findings.find((f) => f.code === 'illegible_page')!;
      expect(illegible.evidence).toEqual([{ documentId: 'scanpacket', page: 5 }]);
      expect(illegible.message).toMatch(/^Page 5 \(Bank statement\) cannot be read reliably: the print is too faint/);
      // The rules hear of the page too, so they skip what may be on it.
      expect(calls.unreadable).toEqual([[{ documentId: 'scanpacket', pages: [5] }]]);
      expect(calls.decisions).toEqual([{ status: 'needs_review', reviewed: false }]);
      await handle.executeUpdate(reviewUpdate, { args: [{ actionId: 'a1', reviewer: 'uw-1', outcome: 'approve' }] });
      expect(await handle.result()).toEqual({ status: 'clear', reviewed: true, findings: 2 });
    });
  });

  it('escalates once when the review deadline passes, then still takes the review', async () => {
    await run([], async (taskQueue, calls) => {
      const handle = await env.client.workflow.start(processPacket, { taskQueue, workflowId: randomUUID(), args: [input(['app', 'w2'], 1_000)] });
      await waitFor(async () => (await handle.query(packetStateQuery)).escalated);
      expect(calls.escalations).toBe(1);
      await handle.executeUpdate(reviewUpdate, { args: [{ actionId: 'a1', reviewer: 'lead-1', outcome: 'approve' }] });
      expect((await handle.result()).status).toBe('clear');
      await recordHistory('escalated-then-approved', handle);
    });
  });

  it('refuses a review while the packet is still processing, and a second review once decided', async () => {
    await run([], async (taskQueue) => {
      const handle = await env.client.workflow.start(processPacket, { taskQueue, workflowId: randomUUID(), args: [input(['app', 'slow'])] });
      await waitFor(async () => (await handle.query(packetStateQuery)).documentsDone === 1);
      const review = (actionId: string) => handle.executeUpdate(reviewUpdate, { args: [{ actionId, reviewer: 'uw', outcome: 'approve' as const }] });
      await expect(review('early')).rejects.toMatchObject({
        cause: { type: 'DOCKET_ERR_INVALID_REVIEW', message: 'packet is processing, not awaiting review' },
      });
      await waitFor(async () => (await handle.query(packetStateQuery)).phase === 'awaiting_review');
      await review('a1');
      await expect(handle.result()).resolves.toMatchObject({ status: 'clear', reviewed: true });
    });
  });
});

describe('processPacket determinism guard', () => {
  const files = readdirSync(HISTORIES).filter((f) => f.endsWith('.json'));

  it('has recorded histories to replay', () => expect(files.length).toBeGreaterThanOrEqual(2));

  it.each(files)('replays %s against the current workflow code', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(`${HISTORIES}${file}`, 'utf8')));
    await Worker.runReplayHistory({ workflowsPath }, history);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
