import { writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { packetWorkflowId, type PacketEventV1 } from '../core/events.js';
import type { PacketResult } from '../db/packet-repository.js';
import type { DocketRuntime } from './runtime.js';

/** Waits until every packet has its automated decision (phase past `processing`), then returns their results. */
export async function waitForDecisions(
  runtime: DocketRuntime,
  packets: Pick<PacketEventV1, 'tenantId' | 'packetId'>[],
  timeoutMs: number,
): Promise<PacketResult[]> {
  const deadline = Date.now() + timeoutMs;
  const results = new Map<string, PacketResult>();
  let polls = 0;
  while (results.size < packets.length) {
    for (const key of packets) {
      if (results.has(key.packetId)) continue;
      const result = await runtime.repo.packetResult(key);
      if (result && result.phase !== 'processing') results.set(key.packetId, result);
    }
    if (results.size === packets.length) break;
    const pending = packets.filter((p) => !results.has(p.packetId));
    if (Date.now() > deadline) throw new Error(`timed out waiting for decisions on: ${pending.map((p) => p.packetId).join(', ')}`);
    // A workflow that ended without a decision will never give one: say so instead of waiting out the deadline.
    if (++polls % 8 === 0) {
      for (const p of pending) {
        const { status } = await runtime.client.workflow.getHandle(packetWorkflowId(p.tenantId, p.packetId)).describe();
        if (status.name !== 'RUNNING' && status.name !== 'COMPLETED') {
          throw new Error(`packet ${p.packetId}: workflow ${status.name.toLowerCase()} before its decision (see the worker log)`);
        }
      }
    }
    await sleep(250);
  }
  return packets.map((p) => results.get(p.packetId)!);
}

/** A readable table: one row per packet, then its findings. */
export function formatSummary(results: PacketResult[]): string {
  const rows = results.map((r) => ({
    packet: r.packetId,
    status: r.status,
    docs: String(r.documents.length),
    pages: String(r.documents.reduce((n, d) => n + d.pages, 0)),
    fields: String(r.documents.reduce((n, d) => n + d.fields.length, 0)),
    types: r.documents.map((d) => d.type ?? '?').join(','),
  }));
  const header = { packet: 'PACKET', status: 'STATUS', docs: 'DOCS', pages: 'PAGES', fields: 'FIELDS', types: 'DOCUMENT TYPES' };
  const cols = Object.keys(header) as (keyof typeof header)[];
  const width = (c: keyof typeof header) => Math.max(header[c].length, ...rows.map((r) => r[c].length));
  const line = (r: typeof header) => cols.map((c) => r[c].padEnd(width(c))).join('  ');
  const out = [line(header), ...rows.map(line)];
  for (const r of results) {
    for (const f of r.findings) out.push(`  ${r.packetId}: [${f.severity}] ${f.code}: ${f.message}${citedText(f)}`);
    const request = r.borrowerRequest;
    if (request) out.push(`  ${r.packetId}: borrower request, ${request.items.length} item${request.items.length === 1 ? '' : 's'} ready ${(request.readyMs / 1000).toFixed(1)} s after arrival`);
  }
  return out.join('\n');
}

/** Where a finding's guideline is: the top passage's section as retrieved, else the section its rule cites. */
function citedText(f: PacketResult['findings'][number]): string {
  const top = f.passages[0];
  if (top) return ` [guideline ${top.sectionPath.split(' > ').at(-1)}]`;
  return f.citation ? ` [guideline ${f.citation.section} ${f.citation.topic}, no passage]` : '';
}

/** Writes `{ packets: [...] }` (the demo-result.json shape) and prints the summary table. */
export async function writeResults(results: PacketResult[], out: string, startedMs: number): Promise<void> {
  await writeFile(out, JSON.stringify({ packets: results }, null, 2));
  process.stdout.write(`\n${formatSummary(results)}\n\nwrote ${out} in ${((performance.now() - startedMs) / 1000).toFixed(1)} s\n`);
}
