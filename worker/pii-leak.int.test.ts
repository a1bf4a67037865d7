import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEventFromFolder } from '../connectors/folder/folder-intake.js';
import { DecisionEventV1, type PacketEventV1 } from '../core/events.js';
import { synthSet } from '../evals/generator/synth-set.js';
import type { PacketTruthLike } from '../evals/run/metrics.js';
import { createLogger } from '../platform/logger.js';
import { createHarness, eventually, type Harness } from './integration-harness.js';
import { createRuntime, type DocketRuntime } from './runtime.js';

/** The fields whose values must never leave the database: SSNs, dates of birth, account and ID numbers. */
const SECRET_FIELDS = new Set(['ssn', 'co_borrower_ssn', 'employee_ssn', 'date_of_birth', 'account_number', 'id_number']);

/** Every spelling of a secret value a leak could take: as printed, normalized, digits only, a date as printed or ISO. */
function spellings(value: string, normalized: string): string[] {
  const forms = new Set([value.trim(), normalized.trim()]);
  const digits = value.replace(/\D/g, '');
  if (digits.length >= 6 && digits.length === value.replace(/[\s-]/g, '').length) forms.add(digits);
  return [...forms].filter((f) => f.length >= 6);
}

// The smoke set through the production path (Kafka in, Temporal, PostgreSQL, decisions out) with the worker logging at
// debug, Temporal's own logs included: no SSN, date of birth, account or ID number from the packets' ground truth may
// appear in a log line, a decision event, a DLQ message or a stored error message.
describe('no PII in logs, events or error messages', () => {
  let h: Harness;
  let runtime: DocketRuntime;
  let dir: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    h = await createHarness();
    dir = await mkdtemp(path.join(os.tmpdir(), 'docket-pii-'));
    await synthSet('smoke', dir);
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    runtime = await createRuntime(h.config, createLogger('debug', sink), { intake: true });
  });

  afterAll(async () => {
    await runtime?.shutdown();
    await h?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps SSNs, dates of birth, account and ID numbers out of every log line, event and error message', async () => {
    const decisions = await h.collect(h.config.kafka.topics.decisions);
    const dlq = await h.collect(h.config.kafka.topics.dlq);
    const secrets = new Map<string, string>();
    const events: PacketEventV1[] = [];
    for (const name of (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name)) {
      const built = await buildEventFromFolder(path.join(dir, name));
      if (!built.ok) throw new Error(built.reason);
      events.push({ ...built.event, tenantId: `pii${h.run}` });
      const truth = JSON.parse(await readFile(path.join(dir, name, 'truth.json'), 'utf8')) as PacketTruthLike;
      for (const d of truth.documents) {
        for (const f of d.fields.filter((x) => SECRET_FIELDS.has(x.name))) for (const s of spellings(f.value, f.normalized)) secrets.set(s, `${f.name} of ${d.type}`);
      }
    }
    // The check must have something to find: the smoke set's applications, W-2s, IDs and statements carry these.
    const kinds = new Set([...secrets.values()].map((w) => w.split(' ')[0]!.replace(/^(employee|co_borrower)_/, '')));
    expect([...kinds].sort()).toEqual(['account_number', 'date_of_birth', 'id_number', 'ssn']);

    // One malformed event too: its DLQ message and the intake's log lines are scanned as well.
    await h.send(h.config.kafka.topics.packets, [
      ...events.map((e) => ({ key: e.packetId, value: JSON.stringify(e) })),
      { key: 'broken', value: JSON.stringify({ packetId: 'broken', tenantId: `pii${h.run}`, documents: 'none' }) },
    ]);
    const decided = () => decisions.messages.map((m) => DecisionEventV1.parse(JSON.parse(m.value!.toString())));
    await eventually(() => (events.every((e) => decided().some((d) => d.packetId === e.packetId)) ? true : undefined), 900_000, 'a decision for every smoke packet');
    await eventually(() => (dlq.messages.length ? true : undefined), 60_000, 'the malformed event in the DLQ');

    const { rows: errors } = await h.db.query(`SELECT error_message FROM documents WHERE tenant_id = $1 AND error_message IS NOT NULL`, [`pii${h.run}`]);
    const { rows: findings } = await h.db.query(`SELECT message FROM findings WHERE tenant_id = $1`, [`pii${h.run}`]);
    const outputs: [string, string[]][] = [
      ['log', logLines],
      ['decision event', decisions.messages.map((m) => m.value!.toString())],
      ['DLQ message', dlq.messages.map((m) => `${m.value?.toString() ?? ''} ${JSON.stringify(m.headers ?? {})}`)],
      ['stored error message', errors.map((r) => r.error_message as string)],
      ['finding message', findings.map((r) => r.message as string)],
    ];
    // The spellings are the ones Docket stores: most secrets are in the fields table (where they belong), so the scan
    // below would see them if they leaked.
    const { rows: stored } = await h.db.query(`SELECT value, normalized FROM fields WHERE tenant_id = $1`, [`pii${h.run}`]);
    const storedText = stored.map((r) => `${r.value} ${r.normalized}`).join('\n');
    expect([...secrets.keys()].filter((s) => storedText.includes(s)).length).toBeGreaterThan(secrets.size / 2);
    expect(logLines.length).toBeGreaterThan(50);
    expect(findings.length).toBeGreaterThan(0);
    const leaks: string[] = [];
    for (const [where, texts] of outputs) {
      for (const text of texts) {
        for (const [secret, what] of secrets) {
          const at = text.indexOf(secret);
          if (at >= 0) leaks.push(`${what} in a ${where}: ...${text.slice(Math.max(0, at - 80), at + secret.length + 40)}...`);
        }
      }
    }
    expect(leaks).toEqual([]);
  });
});
