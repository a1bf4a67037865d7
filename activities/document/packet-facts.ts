import type { DocumentType } from '../../core/document-types.js';
import type { FactDocument, FactField, PacketFacts } from '../../core/rules/packet-facts.js';
import type { PacketKey, PacketRepository } from '../../db/packet-repository.js';

/** Pages (numbered within their file) the page-quality check judged illegible, per file. */
export interface UnreadablePages {
  documentId: string;
  pages: number[];
}

/**
 * What the rules read about a packet, from what the pipeline stored: every document found (segments) with its
 * fields, transaction rows and signatures, the applicants from the event, and the submission date as the as-of date
 * when the application carries none. `unreadable` (from the workflow's reads) marks the pages no value could be
 * trusted from, so rules that need a whole document skip it. No text and no page images: rules work on fields.
 */
export async function loadPacketFacts(repo: PacketRepository, key: PacketKey, unreadable: readonly UnreadablePages[] = []): Promise<PacketFacts | undefined> {
  const [result, packet, transactions, marks] = await Promise.all([repo.packetResult(key), repo.packetSummary(key), repo.loadTransactions(key), repo.loadMarks(key)]);
  if (!result || !packet) return undefined;
  const segmentCount = new Map<string, number>();
  for (const d of result.documents) segmentCount.set(d.documentId, Math.max(segmentCount.get(d.documentId) ?? 0, d.segment));
  const documents: FactDocument[] = result.documents.map((d) => {
    const same = (x: { documentId: string; segment: number }) => x.documentId === d.documentId && x.segment === d.segment;
    return {
      documentId: d.documentId,
      segment: d.segment,
      segmentCount: segmentCount.get(d.documentId) ?? 1,
      type: (d.type ?? 'unknown') as DocumentType,
      firstPage: d.firstPage,
      lastPage: d.lastPage,
      readable: !d.error,
      unreadablePages: unreadable
        .filter((u) => u.documentId === d.documentId)
        .flatMap((u) => u.pages)
        .filter((p) => p >= d.firstPage && p <= d.lastPage),
      fields: Object.fromEntries(d.fields.map((f) => [f.name, { name: f.name, value: f.value, normalized: f.normalized, confidence: f.confidence, page: f.page, bbox: f.bbox, ...(isFieldSource(f.source) ? { source: f.source } : {}) }])),
      transactions: transactions.filter(same).map(({ date, description, amount, balance, page, bbox }) => ({ date, description, amount, balance, page, bbox })),
      signatures: marks.filter((m) => m.kind === 'signature' && same(m)).map(({ name, present, page, bbox }) => ({ name, present, page, bbox })),
    };
  });
  return { applicants: packet.applicants, asOfDate: packet.submittedAt.slice(0, 10), documents };
}

const isFieldSource = (s: unknown): s is NonNullable<FactField['source']> => s === 'text-layer' || s === 'ocr' || s === 'llm';
