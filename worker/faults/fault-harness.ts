import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import pg from 'pg';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { DecisionEventV1, PACKETS_V1, type DocumentRef, type PacketEventV1 } from '../../core/events.js';
import { loadConfig } from '../../platform/config.js';
import type { Harness } from '../integration-harness.js';
import { requireEnv } from '../test-services.js';

/**
 * Shared pieces of the fault tests (issue 8): tiny packets, malformed events, a ledger of decision and DLQ events,
 * row accounting in PostgreSQL, and the real `docket worker` as a child process that can be SIGKILLed.
 * CI runs light counts; DOCKET_FAULTS_FULL=1 runs the full counts.
 */

// eslint-disable-next-line no-restricted-syntax -- test harness switch, not product config
export const FAULTS_FULL = process.env.DOCKET_FAULTS_FULL === '1';

/** The CI count, or the full one under DOCKET_FAULTS_FULL=1. */
export function scaled(ci: number, full: number): number {
  return FAULTS_FULL ? full : ci;
}

/** Clean-up hooks terminate every workflow left waiting for review: thousands under the full counts. */
export const HOOK_TIMEOUT_MS = scaled(180_000, 1_200_000);

const BIN = fileURLToPath(new URL('../../bin/docket.mjs', import.meta.url));

/**
 * A Harness (as worker/integration-harness.ts makes) on a private broker and database the test may stop and restart;
 * Temporal stays the shared server, with a task queue of its own. Its clients retry through restarts.
 */
export async function createPrivateHarness(services: { brokers: string; databaseUrl: string }): Promise<Harness> {
  const run = randomUUID().replace(/-/g, '').slice(0, 10);
  const env: Record<string, string> = {
    DOCKET_LOG_LEVEL: 'warn',
    DOCKET_DATABASE_URL: services.databaseUrl,
    DOCKET_TEMPORAL_ADDRESS: requireEnv('DOCKET_TEMPORAL_ADDRESS'),
    DOCKET_KAFKA_BROKERS: services.brokers,
    DOCKET_INTAKE: 'kafka',
    DOCKET_KAFKA_GROUP_ID: `it-${run}`,
    DOCKET_TOPIC_PACKETS: `it-${run}.packets`,
    DOCKET_TOPIC_DECISIONS: `it-${run}.decisions`,
    DOCKET_TOPIC_DLQ: `it-${run}.dlq`,
    DOCKET_TOPIC_PARTITIONS: '2',
    DOCKET_TASK_QUEUE: `it-${run}`,
    DOCKET_OCR_WORKERS: '1',
  };
  const config = loadConfig(env, 2);
  const kafka = new Kafka({
    clientId: `it-${run}`,
    brokers: [services.brokers],
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: 30 },
  });
  const producer = kafka.producer();
  await producer.connect();
  const db = new pg.Pool({ connectionString: services.databaseUrl, max: 2 });
  db.on('error', () => undefined); // idle connections die with the server; the next query reconnects
  return {
    run,
    env,
    config,
    kafka,
    db,
    async send(topic, messages) {
      await producer.send({ topic, messages });
    },
    collect() {
      throw new Error('not used by the fault tests: openLedger follows the topics');
    },
    async close() {
      await producer.disconnect();
      await db.end();
    },
  };
}

/** Env for the fault tests' workers: cheap parts where the faults are not about them (no OCR here, lexical embeddings). */
export function faultEnv(h: Harness, extra: Record<string, string> = {}): Record<string, string> {
  return { ...h.env, DOCKET_OCR_WORKERS: '1', DOCKET_EMBEDDINGS: 'lexical', ...extra };
}

/** One small one-page digital W-2 PDF, written once and referenced by every packet (the pipeline still reads it each time). */
export async function writeTinyPdf(dir: string): Promise<Omit<DocumentRef, 'documentId'>> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([612, 792]);
  const lines = [
    'Form W-2 Wage and Tax Statement 2025',
    "Employee's name: Avery Quinlan",
    'Employer: Brightwater Analytics LLC',
    '1 Wages, tips, other compensation: $ 87,600.00',
    '2 Federal income tax withheld: $ 9,120.00',
  ];
  lines.forEach((text, i) => page.drawText(text, { x: 72, y: 720 - i * 22, size: 11, font }));
  const bytes = Buffer.from(await doc.save());
  const file = path.join(dir, 'w2.pdf');
  await writeFile(file, bytes);
  return {
    uri: pathToFileURL(file).href,
    mediaType: 'application/pdf',
    sha256: createHash('sha256').update(bytes).digest('hex'),
    filename: 'w2.pdf',
    sizeBytes: bytes.length,
  };
}

export function packetEvent(tenantId: string, packetId: string, doc: Omit<DocumentRef, 'documentId'>): PacketEventV1 {
  return {
    schema: PACKETS_V1,
    packetId,
    tenantId,
    submittedAt: '2026-04-02T14:30:00.000Z',
    applicants: [{ role: 'borrower', firstName: 'Avery', lastName: 'Quinlan' }],
    documents: [{ documentId: 'w2', ...doc }],
  };
}

/** The i-th malformed event: broken JSON, schema violations and missing fields in turn, with the reason the DLQ must carry. */
export function malformedEvent(i: number, valid: PacketEventV1): { value: string; reason: RegExp } {
  const { submittedAt: _submittedAt, ...noSubmittedAt } = valid;
  const kinds: { value: string; reason: RegExp }[] = [
    { value: '{"packetId": "truncated', reason: /^value is not JSON$/ },
    { value: JSON.stringify({ ...valid, documents: [{ ...valid.documents[0], sha256: 'nope' }] }), reason: /documents\.0\.sha256: lowercase hex sha256/ },
    { value: JSON.stringify(noSubmittedAt), reason: /submittedAt: / },
    { value: JSON.stringify({ ...valid, packetId: '../etc/passwd' }), reason: /packetId: letters, digits/ },
    { value: JSON.stringify({ ...valid, documents: [{ ...valid.documents[0], uri: 'http://example.test/a.pdf' }] }), reason: /documents\.0\.uri: must be a file:\/\/ or s3:\/\/ URI/ },
    { value: JSON.stringify({ ...valid, documents: [] }), reason: /documents: / },
    { value: '[1, 2, 3]', reason: /\(root\): / },
  ];
  return kinds[i % kinds.length]!;
}

/** Every decision and DLQ message seen, counted as it arrives (so 10,000 packets are not re-parsed on every poll). */
export interface Ledger {
  /** Automated (non-reviewed) decision events per packet id. */
  decisions: Map<string, number>;
  reviewed: number;
  /** When each decision event was produced (its Kafka timestamp, ms since epoch), in the order they were read. */
  decidedAt: number[];
  /** DLQ messages per key, each with its docket-error header. */
  dlq: Map<string, string[]>;
  stop(): Promise<void>;
}

/** Creates the test's packets/decisions/DLQ topics up front, so events can be sent before any worker runs. */
export async function createTopics(h: Harness): Promise<void> {
  const admin = h.kafka.admin();
  await admin.connect();
  try {
    const { packets, decisions, dlq } = h.config.kafka.topics;
    await admin.createTopics({
      waitForLeaders: true,
      topics: [packets, decisions, dlq].map((topic) => ({ topic, numPartitions: h.config.kafka.partitions, replicationFactor: 1 })),
    });
  } finally {
    await admin.disconnect();
  }
}

export async function openLedger(h: Harness): Promise<Ledger> {
  const ledger: Ledger = { decisions: new Map(), reviewed: 0, decidedAt: [], dlq: new Map(), stop: async () => undefined };
  const consumers: Consumer[] = [];
  let stopped = false;
  const follow = async (kafka: Kafka, topic: string, onMessage: (key: string, value: Buffer | null, error: string, timestamp: number) => void) => {
    const groupId = `it-${h.run}-ledger-${randomUUID()}`;
    // The ledger's own consumer may read a message twice (after a broker restart it resumes from its last commit):
    // a message is counted once per partition and offset, so only copies the worker published count as duplicates.
    const seen = new Set<string>();
    const start = async (): Promise<void> => {
      const consumer = kafka.consumer({ groupId });
      consumers.push(consumer);
      // A crash kafkajs does not restart itself (a non-retriable error after a broker restart) gets a new consumer,
      // as the worker's intake does: otherwise the test would wait on a ledger that stopped reading.
      const restart = (): void => {
        if (!stopped) setTimeout(() => void consumer.disconnect().catch(() => undefined).then(start).catch(restart), 1_000);
      };
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (!payload.restart) restart();
      });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ partition, message }) => {
          const at = `${partition}:${message.offset}`;
          if (seen.has(at)) return;
          seen.add(at);
          onMessage(message.key?.toString() ?? '', message.value, message.headers?.['docket-error']?.toString() ?? '', Number(message.timestamp));
        },
      });
    };
    await start();
  };
  await follow(h.kafka, h.config.kafka.topics.decisions, (_key, value, _error, timestamp) => {
    const decision = DecisionEventV1.parse(JSON.parse(value!.toString()));
    if (decision.reviewed) ledger.reviewed += 1;
    else ledger.decisions.set(decision.packetId, (ledger.decisions.get(decision.packetId) ?? 0) + 1);
    ledger.decidedAt.push(timestamp);
  });
  await follow(h.kafka, h.config.kafka.topics.dlq, (key, _value, error) => {
    ledger.dlq.set(key, [...(ledger.dlq.get(key) ?? []), error]);
  });
  ledger.stop = async () => {
    stopped = true;
    await Promise.all(consumers.map((c) => c.disconnect().catch(() => undefined)));
  };
  return ledger;
}

/** Waits until every id in `expected` has a decision; returns false on timeout (the counts then say what is lost). */
export async function awaitDecisions(ledger: Ledger, expected: readonly string[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (expected.every((id) => ledger.decisions.has(id))) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

export interface Tally {
  sent: number;
  decided: number;
  duplicates: number;
  lost: number;
  /** Decisions for packet ids that were never sent as valid events (a malformed one decided, say). */
  unexpected: number;
  lostIds: string[];
  duplicateIds: string[];
}

/** Sent vs decided, from the decisions topic: lost = valid packets with no decision, duplicates = extra decision events. */
export function tally(ledger: Ledger, validIds: readonly string[]): Tally {
  const valid = new Set(validIds);
  const lostIds = validIds.filter((id) => !ledger.decisions.has(id));
  const duplicateIds = [...ledger.decisions].filter(([, n]) => n > 1).map(([id]) => id);
  return {
    sent: validIds.length,
    decided: validIds.length - lostIds.length,
    duplicates: [...ledger.decisions.values()].reduce((sum, n) => sum + n - 1, 0),
    lost: lostIds.length,
    unexpected: [...ledger.decisions.keys()].filter((id) => !valid.has(id)).length,
    lostIds: lostIds.slice(0, 20),
    duplicateIds: duplicateIds.slice(0, 20),
  };
}

export interface RowAudit {
  /** Packets with exactly one packet row, one read document, its pages all stored, and a stored decision. */
  complete: number;
  /** Sent packets with no packet row. */
  missing: number;
  /** Packet rows for ids never sent as valid events. */
  unexpected: number;
  /** Packets still in phase 'processing' although their decision is out, or with no stored decision. */
  stuck: number;
  /** Documents not read, or whose stored pages differ from their page count. */
  badDocuments: number;
  /** Document, page or finding rows with no parent row. */
  orphans: number;
}

/** One set of rows per packet, and nothing left half done (checked in PostgreSQL, in the test's own schema). */
export async function auditRows(h: Harness, tenantId: string, validIds: readonly string[]): Promise<RowAudit> {
  const { rows } = await h.db.query<{ packet_id: string; phase: string; decided: boolean; documents: number; read: number; expected_pages: number; pages: number }>(
    `SELECT p.packet_id, p.phase, p.decision IS NOT NULL AS decided,
            count(d.*)::int AS documents,
            count(d.*) FILTER (WHERE d.status = 'read')::int AS read,
            coalesce(sum(d.page_count), 0)::int AS expected_pages,
            (SELECT count(*)::int FROM pages g WHERE g.tenant_id = p.tenant_id AND g.packet_id = p.packet_id) AS pages
       FROM packets p LEFT JOIN documents d USING (tenant_id, packet_id)
      WHERE p.tenant_id = $1
      GROUP BY p.tenant_id, p.packet_id, p.phase, p.decision`,
    [tenantId],
  );
  const { rows: orphanRows } = await h.db.query<{ n: number }>(
    `SELECT ((SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM packets p WHERE p.tenant_id = d.tenant_id AND p.packet_id = d.packet_id))
           + (SELECT count(*) FROM pages g WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.tenant_id = g.tenant_id AND d.packet_id = g.packet_id AND d.document_id = g.document_id))
           + (SELECT count(*) FROM findings f WHERE NOT EXISTS (SELECT 1 FROM packets p WHERE p.tenant_id = f.tenant_id AND p.packet_id = f.packet_id)))::int AS n`,
  );
  const valid = new Set(validIds);
  const byId = new Map(rows.map((r) => [r.packet_id, r]));
  let complete = 0;
  let stuck = 0;
  let badDocuments = 0;
  for (const r of rows) {
    if (r.phase === 'processing' || !r.decided) stuck += 1;
    const docsOk = r.documents === 1 && r.read === 1 && r.pages === r.expected_pages && r.pages > 0;
    if (!docsOk) badDocuments += 1;
    if (valid.has(r.packet_id) && docsOk && r.phase !== 'processing' && r.decided) complete += 1;
  }
  return {
    complete,
    missing: validIds.filter((id) => !byId.has(id)).length,
    unexpected: rows.filter((r) => !valid.has(r.packet_id)).length,
    stuck,
    badDocuments,
    orphans: orphanRows[0]!.n,
  };
}

/** Terminates the test's workflows still open (packets waiting for a reviewer), so the shared Temporal server is left clean. */
export async function terminateOpenWorkflows(h: Harness): Promise<number> {
  const connection = await Connection.connect({ address: h.config.temporal.address! });
  try {
    const client = new Client({ connection, namespace: h.config.temporal.namespace });
    const ids: string[] = [];
    for await (const wf of client.workflow.list({ query: `TaskQueue = '${h.config.temporal.taskQueue}' AND ExecutionStatus = 'Running'` })) ids.push(wf.workflowId);
    for (let i = 0; i < ids.length; i += 50) {
      await Promise.all(ids.slice(i, i + 50).map((id) => client.workflow.getHandle(id).terminate('fault test done').catch(() => undefined)));
    }
    return ids.length;
  } finally {
    await connection.close();
  }
}

/** The real `docket worker` as a child process; `started` resolves once it logged that it is running. */
export class WorkerProcess {
  readonly child: ChildProcess;
  readonly started: Promise<void>;
  readonly exited: Promise<void>;
  /** Workflows this worker's intake started, and events it found already started (from its `intake` log lines). */
  readonly intake = { started: 0, duplicate: 0 };
  /** Times its Kafka consumer joined its group (each is a rebalance seen from this member). */
  groupJoins = 0;
  /** Its error-level log lines (pino level 50 and up), the first 50 kept. */
  readonly errors: string[] = [];
  errorCount = 0;
  private tail = '';
  private partial = '';

  constructor(env: Record<string, string>, readonly name: string) {
    // eslint-disable-next-line no-restricted-syntax -- the child inherits PATH and the like; DOCKET_* come from `env`
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('DOCKET_')));
    this.child = spawn(process.execPath, [BIN, 'worker'], { env: { ...base, ...env, DOCKET_LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (b: Buffer) => (this.tail = (this.tail + b.toString()).slice(-8000));
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    this.started = new Promise((resolve, reject) => {
      let seen = '';
      this.child.stdout!.on('data', (b: Buffer) => {
        keep(b);
        const lines = (this.partial + b.toString()).split('\n');
        this.partial = lines.pop()!;
        for (const line of lines) {
          if (line.includes('"type":"packet.started"')) this.intake.started += 1;
          else if (line.includes('"type":"packet.duplicate"')) this.intake.duplicate += 1;
          else if (line.includes('"msg":"kafka consumer joined its group"')) this.groupJoins += 1;
          if (/^\{"level":(5|6)0,/.test(line)) {
            this.errorCount += 1;
            if (this.errors.length < 50) this.errors.push(line.slice(0, 600));
          }
        }
        if (seen !== 'done') {
          seen = (seen + b.toString()).slice(-4000);
          if (seen.includes('"docket worker running"')) {
            seen = 'done';
            resolve();
          }
        }
      });
      this.child.once('exit', (code, signal) => reject(new Error(`worker ${name} exited (${code ?? signal}) before it was running:\n${this.tail}`)));
    });
    this.started.catch(() => undefined);
    this.child.stderr!.on('data', keep);
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last lines it wrote (for failure messages). */
  get log(): string {
    return this.tail;
  }

  async kill(signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    if (this.alive) this.child.kill(signal);
    await this.exited;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Seeded PRNG (mulberry32, shared with the native tests): the kill points are random but the same on every run of a seed. */
export { seededRandom } from '../../native/test-support/synthetic-page.js';
