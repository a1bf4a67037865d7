/**
 * Packets per hour with one and with two worker processes (`docket worker`, one OCR worker each, so one core each)
 * in one Kafka consumer group on one Temporal task queue, on the real services: PostgreSQL + pgvector, Kafka, Temporal
 * (`bash scripts/services.sh start; source .cache/services.env`). The same packets each time (the demo's three sample
 * packets, repeated with new ids: digital and scanned pages), produced once the group is stable; timed until every
 * decision is on the decisions topic. Scaling efficiency = rate with 2 / (2 x rate with 1). Numbers, not pass/fail.
 * On a machine with fewer than 2 cores per worker process that ratio measures the machine, not Docket (one worker
 * already keeps 2 cores busy: its OCR engine and its main thread), so the workers' CPU seconds per packet are measured
 * too (from /proc, Linux): `cpu_efficiency` = CPU per packet with 1 / CPU per packet with 2, the cost of a second
 * member in the group (rebalancing, contention on the database and Temporal), which is what scaling out would pay.
 *
 *   npx tsx bench/worker-scaling.bench.ts [--packets=12] [--workers=1,2] [--json=<file>]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { buildEventFromFolder } from '../connectors/folder/folder-intake.js';
import { DecisionEventV1, type PacketEventV1 } from '../core/events.js';
import { writeSamplePackets } from '../worker/demo-samples.js';
import { createTestSchema, requireEnv } from '../worker/test-services.js';

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const count = Number(arg('packets', '12'));
const workerCounts = arg('workers', '1,2').split(',').map(Number);
const jsonOut = arg('json', '');
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const brokers = requireEnv('DOCKET_KAFKA_BROKERS').split(',');
requireEnv('DOCKET_TEMPORAL_ADDRESS');

const tmp = await mkdtemp(path.join(os.tmpdir(), 'docket-scaling-'));
const samples = await writeSamplePackets(path.join(tmp, 'samples'));
const base: PacketEventV1[] = [];
for (const s of samples) {
  const built = await buildEventFromFolder(s.dir);
  if (!built.ok) throw new Error(built.reason);
  base.push(built.event);
}
const kafka = new Kafka({ clientId: 'bench-scaling', brokers, logLevel: logLevel.NOTHING });
const results: Record<string, { workers: number; packets: number; pages: number; wall_seconds: number; packets_per_hour: number; cpu_seconds_per_packet?: number }> = {};

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat; undefined off Linux. */
async function cpuSeconds(pid: number | undefined): Promise<number | undefined> {
  if (pid === undefined) return undefined;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the line, 12 and 13 after "pid (comm) ", in clock ticks (100 a second).
  return fields ? (Number(fields[11]) + Number(fields[12])) / 100 : undefined;
}
const totalCpu = async (children: ChildProcess[]) => {
  const each = await Promise.all(children.map((c) => cpuSeconds(c.pid)));
  return each.every((x) => x !== undefined) ? each.reduce((a, b) => a! + b!, 0) : undefined;
};

try {
  for (const workers of workerCounts) {
    const run = randomUUID().replace(/-/g, '').slice(0, 10);
    const topics = { packets: `bench-${run}.packets`, decisions: `bench-${run}.decisions`, dlq: `bench-${run}.dlq` };
    const group = `bench-${run}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DOCKET_DATABASE_URL: await createTestSchema(`bench_scaling_${run}`),
      DOCKET_INTAKE: 'kafka',
      DOCKET_KAFKA_GROUP_ID: group,
      DOCKET_TOPIC_PACKETS: topics.packets,
      DOCKET_TOPIC_DECISIONS: topics.decisions,
      DOCKET_TOPIC_DLQ: topics.dlq,
      DOCKET_TOPIC_PARTITIONS: '4',
      DOCKET_TASK_QUEUE: `bench-${run}`,
      DOCKET_OCR_WORKERS: '1',
      DOCKET_EMBEDDINGS: 'lexical',
      DOCKET_LOG_LEVEL: 'warn',
    };
    const children: ChildProcess[] = Array.from({ length: workers }, () => spawn(process.execPath, [path.join(ROOT, 'bin/docket.mjs'), 'worker'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] }));
    try {
      // Produce once every worker is in the group (the first to start creates the topics).
      const admin = kafka.admin();
      await admin.connect();
      for (let i = 0; ; i++) {
        const described = await admin.describeGroups([group]).catch(() => undefined);
        const g = described?.groups[0];
        if (g?.state === 'Stable' && g.members.length === workers) break;
        if (i > 600) throw new Error(`the consumer group never had ${workers} members`);
        await new Promise((r) => setTimeout(r, 500));
      }
      await admin.disconnect();

      const decided = new Set<string>();
      const consumer = kafka.consumer({ groupId: `${group}-collect` });
      await consumer.connect();
      await consumer.subscribe({ topic: topics.decisions, fromBeginning: true });
      let pages = 0;
      const done = new Promise<void>((resolve) => {
        void consumer.run({
          eachMessage: async ({ message }) => {
            const d = DecisionEventV1.parse(JSON.parse(message.value!.toString()));
            if (d.reviewed || decided.has(d.packetId)) return;
            decided.add(d.packetId);
            pages += d.counts.pages;
            if (decided.size === count) resolve();
          },
        });
      });
      const events = Array.from({ length: count }, (_, i) => ({ ...base[i % base.length]!, tenantId: 'bench', packetId: `scale-${run}-${i}` }));
      const producer = kafka.producer();
      await producer.connect();
      const cpu0 = await totalCpu(children);
      const t0 = performance.now();
      await producer.send({ topic: topics.packets, messages: events.map((e) => ({ key: e.packetId, value: JSON.stringify(e) })) });
      await done;
      const wall = (performance.now() - t0) / 1000;
      const cpu1 = await totalCpu(children);
      await producer.disconnect();
      await consumer.disconnect();
      results[`workers_${workers}`] = {
        workers,
        packets: count,
        pages,
        wall_seconds: Number(wall.toFixed(1)),
        packets_per_hour: Math.round((count / wall) * 3600),
        ...(cpu0 !== undefined && cpu1 !== undefined ? { cpu_seconds_per_packet: Number(((cpu1 - cpu0) / count).toFixed(3)) } : {}),
      };
      console.log(`${workers} worker process(es): ${JSON.stringify(results[`workers_${workers}`])}`);
    } finally {
      for (const c of children) c.kill('SIGTERM');
      await Promise.all(children.map((c) => (c.exitCode === null ? once(c, 'exit') : Promise.resolve())));
    }
  }
} finally {
  await rm(tmp, { recursive: true, force: true });
}
const one = results.workers_1;
const two = results.workers_2;
const summary = {
  ...results,
  cores: os.availableParallelism(),
  ...(one && two ? { scaling_efficiency: Number((two.packets_per_hour / (2 * one.packets_per_hour)).toFixed(3)) } : {}),
  ...(one?.cpu_seconds_per_packet && two?.cpu_seconds_per_packet ? { cpu_efficiency: Number((one.cpu_seconds_per_packet / two.cpu_seconds_per_packet).toFixed(3)) } : {}),
};
console.log(JSON.stringify(summary, null, 2));
if (jsonOut) await writeFile(jsonOut, `${JSON.stringify(summary, null, 2)}\n`);
