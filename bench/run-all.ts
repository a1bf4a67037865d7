/**
 * `npm run bench` (through scripts/bench.sh, which provisions and starts what these need): runs each benchmark in a
 * process of its own, one after the other (so they do not share cores or heaps), prints one table against Docket's
 * goals and writes bench-result.json. Numbers, not pass/fail: a goal missed is reported with by how much.
 *
 *   npx tsx bench/run-all.ts [--quick] [--out=bench-result.json]
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const quick = process.argv.includes('--quick');
const out = process.argv.find((a) => a.startsWith('--out='))?.slice('--out='.length) ?? 'bench-result.json';
const dir = path.resolve('.cache/bench');
await mkdir(dir, { recursive: true });

/** One benchmark in its own process; its JSON result, or the error when it failed (the others still run). */
async function run(name: string, script: string, args: string[]): Promise<Record<string, unknown>> {
  const json = path.join(dir, `${name}.json`);
  const t = performance.now();
  process.stderr.write(`-- ${name}: tsx ${script} ${args.join(' ')}\n`);
  try {
    await execFileAsync(process.execPath, ['--import', 'tsx', script, ...args, `--json=${json}`], { maxBuffer: 64 * 1024 * 1024, env: process.env });
    process.stderr.write(`   done in ${((performance.now() - t) / 1000).toFixed(0)} s\n`);
    return JSON.parse(await readFile(json, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    const e = err as { message: string; stderr?: string };
    process.stderr.write(`   FAILED: ${(e.stderr ?? e.message).slice(-2000)}\n`);
    return { error: (e.stderr ?? e.message).split('\n').filter(Boolean).slice(-3).join(' ') };
  }
}

const sizes = quick ? { ocrPages: 6, packets: '40', chunks: '10000', scalingPackets: '6' } : { ocrPages: 30, packets: '40,500', chunks: '100000', scalingPackets: '12' };
const reading = await run('page-reading', 'bench/page-reading.bench.ts', [`--pages=${sizes.ocrPages}`]);
const packets = await run('packet-scale', 'bench/packet-scale.bench.ts', [`--pages=${sizes.packets}`]);
const scaling = await run('worker-scaling', 'bench/worker-scaling.bench.ts', [`--packets=${sizes.scalingPackets}`]);
const retrieval = await run('retrieval', 'bench/guidelines.bench.ts', [sizes.chunks, '200', '--pg-only']);

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const machine = `${os.availableParallelism()} vCPU (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`;
const get = (o: Record<string, unknown>, p: string): unknown => p.split('.').reduce<unknown>((v, k) => (v === undefined || v === null ? undefined : (v as Record<string, unknown>)[k]), o);
const fmt = (v: unknown, unit = '') => (v === undefined || v === null ? 'n/a' : `${v}${unit}`);
type PacketRow = { ocr_share?: number; wall_seconds?: number; peak_rss_mib?: number; cost_usd?: number };
const big = (get(packets, 'packet_500') ?? get(packets, 'packet_40')) as PacketRow | undefined;
const bigPages = get(packets, 'packet_500') ? 500 : 40;
const rows: [string, string, string][] = [
  ['text layer, pages/s per core', fmt(get(reading, 'text_layer.pages_per_second_per_core')), ''],
  [
    `OCR pages/s per core: native libtesseract / tesseract CLI (${get(reading, 'pages_ocr') ?? 0} pages)`,
    `${fmt(get(reading, 'ocr.native.pages_per_second_per_core'))} / ${fmt(get(reading, 'ocr.tesseract_cli.pages_per_second_per_core'))} = ${fmt(get(reading, 'ocr.speed_ratio_native_over_cli'), 'x')}` +
      ` (same model: ${fmt(get(reading, 'ocr.speed_ratio_native_over_cli_same_model'), 'x')})`,
    '>= 1.0x',
  ],
  [
    'OCR pages/s per core: tesseract.js / tesseract CLI',
    `${fmt(get(reading, 'ocr.tesseract_js.pages_per_second_per_core'))} / ${fmt(get(reading, 'ocr.tesseract_cli.pages_per_second_per_core'))} = ${fmt(get(reading, 'ocr.speed_ratio_js_over_cli'), 'x')}` +
      ` (same model: ${fmt(get(reading, 'ocr.speed_ratio_js_over_cli_same_model'), 'x')})`,
    '',
  ],
  [
    'OCR CER on field regions: native / tesseract.js / CLI',
    `${fmt(get(reading, 'ocr.native.cer'))} / ${fmt(get(reading, 'ocr.tesseract_js.cer'))} / ${fmt(get(reading, 'ocr.tesseract_cli.cer'))}`,
    '',
  ],
  [
    `${bigPages}-page packet (${fmt(big?.ocr_share !== undefined ? Math.round(big.ocr_share * 100) : undefined, '%')} OCR pages), event to decision`,
    `${fmt(big?.wall_seconds, ' s')}, peak RSS ${fmt(big?.peak_rss_mib, ' MiB')}`,
    bigPages === 500 ? '<= 180 s' : '',
  ],
  ['40-page packet: start to first finding / to decision', `${fmt(get(packets, 'packet_40.first_finding_seconds'), ' s')} / ${fmt(get(packets, 'packet_40.wall_seconds'), ' s')}`, 'first finding <= 10 s'],
  [
    `packets/hour, 1 and 2 worker processes (${fmt(get(scaling, 'workers_1.packets'))} sample packets)`,
    `${fmt(get(scaling, 'workers_1.packets_per_hour'))} / ${fmt(get(scaling, 'workers_2.packets_per_hour'))}, scaling efficiency ${fmt(get(scaling, 'scaling_efficiency'))} on ${fmt(get(scaling, 'cores'))} cores; ` +
      `CPU s per packet ${fmt(get(scaling, 'workers_1.cpu_seconds_per_packet'))} / ${fmt(get(scaling, 'workers_2.cpu_seconds_per_packet'))} (CPU efficiency ${fmt(get(scaling, 'cpu_efficiency'))})`,
    '>= 0.9',
  ],
  [`retrieval p95 at ${Number(sizes.chunks).toLocaleString('en-US')} chunks, PostgreSQL + pgvector`, `${fmt(get(retrieval, 'retrieval.PostgreSQL + pgvector.db_p95_ms'), ' ms')} (with the query embedding ${fmt(get(retrieval, 'retrieval.PostgreSQL + pgvector.p95_ms'), ' ms')})`, ''],
  [`cost per packet at $0.0425/vCPU-hour: 40 / ${bigPages} pages`, `$${fmt(get(packets, 'packet_40.cost_usd'))} / $${fmt(big?.cost_usd)}`, ''],
];
const width = Math.max(...rows.map((r) => r[0].length));
const valueWidth = Math.max(...rows.map((r) => r[1].length));
const table = [`Docket bench, ${new Date().toISOString().slice(0, 10)}${quick ? ' (quick)' : ''}: ${machine}`, ...rows.map(([k, v, g]) => `${k.padEnd(width)}  ${v.padEnd(valueWidth)}  ${g}`)].join('\n');
console.log(table);
const result = { date: new Date().toISOString(), quick, machine, page_reading: reading, packets, worker_scaling: scaling, retrieval };
await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(`\nwrote ${out}`);
