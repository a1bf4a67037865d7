import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecisionEventV1 } from '../core/events.js';
import { buildEventFromFolder } from '../connectors/folder/folder-intake.js';
import { writeSamplePackets } from './demo-samples.js';
import { createHarness, eventually, type Harness } from './integration-harness.js';

const BIN = fileURLToPath(new URL('../bin/docket.mjs', import.meta.url));

// The real `docket worker` process, killed with SIGKILL in the middle of a packet and started again.
describe('worker killed mid-packet', () => {
  let h: Harness;
  let dir: string;
  const children: ChildProcess[] = [];

  const startWorker = () => {
    const child = spawn(process.execPath, [BIN, 'worker'], { env: { ...process.env, ...h.env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-4000)));
    child.once('exit', (code, signal) => {
      if (code) console.error(`worker exited ${code} ${signal}: ${stderr}`);
    });
    children.push(child);
    return child;
  };

  beforeAll(async () => {
    h = await createHarness();
    dir = await mkdtemp(path.join(os.tmpdir(), 'docket-crash-'));
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await h?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('the packet completes once after the restart, with one set of rows', async () => {
    const first = startWorker();
    const samples = await writeSamplePackets(dir);
    const scanned = samples.find((s) => s.scanned)!;
    const built = await buildEventFromFolder(scanned.dir);
    if (!built.ok) throw new Error(built.reason);
    const event = { ...built.event, tenantId: `crash${h.run}` };

    // Topics exist once the first worker is up.
    await eventually(async () => {
      const admin = h.kafka.admin();
      await admin.connect();
      const topics = await admin.listTopics();
      await admin.disconnect();
      return topics.includes(h.config.kafka.topics.decisions) ? true : undefined;
    }, 120_000, 'topics created by the worker');
    const decisions = await h.collect(h.config.kafka.topics.decisions);
    await h.send(h.config.kafka.topics.packets, [{ key: event.packetId, value: JSON.stringify(event) }]);

    // Mid-packet: the packet is recorded and at least one document read, but no decision yet.
    await eventually(async () => {
      const { rows } = await h.db.query(
        `SELECT p.phase, count(d.*) FILTER (WHERE d.status = 'read')::int AS read
           FROM packets p JOIN documents d USING (tenant_id, packet_id) WHERE p.tenant_id = $1 AND p.packet_id = $2 GROUP BY p.phase`,
        [event.tenantId, event.packetId],
      );
      return rows[0] && rows[0].read >= 1 ? rows[0] : undefined;
    }, 180_000, 'packet in progress').then((row) => expect(row.phase).toBe('processing'));
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));

    startWorker();
    const parse = () => decisions.messages.map((m) => DecisionEventV1.parse(JSON.parse(m.value!.toString())));
    const decision = await eventually(() => parse().find((d) => d.packetId === event.packetId), 300_000, 'decision after restart');
    // Give a duplicate publish a moment to show up if there were one.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(parse().filter((d) => d.packetId === event.packetId && !d.reviewed)).toHaveLength(1);

    const { rows } = await h.db.query(
      `SELECT (SELECT count(*)::int FROM pages WHERE tenant_id = $1 AND packet_id = $2) AS pages,
              (SELECT sum(page_count)::int FROM documents WHERE tenant_id = $1 AND packet_id = $2) AS expected,
              (SELECT count(*)::int FROM packets WHERE tenant_id = $1 AND packet_id = $2) AS packets`,
      [event.tenantId, event.packetId],
    );
    expect(rows[0]).toEqual({ pages: rows[0].expected, expected: decision.counts.pages, packets: 1 });
    expect(decision.counts.documents).toBe(event.documents.length);
    await decisions.stop();
  });
});
