import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { documentTypeSpec, type DocumentType, type FieldKind } from '../../core/document-types.js';
import { normalizeAs } from '../../core/normalize.js';
import { mediaTypeOf } from '../../worker/local-packet.js';
import { sha256 } from '../generator/generate-packet.js';
import { writePacketFolder } from '../generator/synth-set.js';
import type { PacketTruthLike, TruthDocumentLike } from '../run/metrics.js';

/**
 * The real-document dev set (evals/real): public sample documents of fictional people and blank official forms, with
 * truth written by hand from the page. Its manifest lives in parts (evals/real/parts/*.json); README.md there says
 * how an entry is written. `materializeRealSet` turns it into an eval set: one drop-folder packet per file.
 */

export const REAL_DIR = fileURLToPath(new URL('./', import.meta.url));

/** The document types a lender's file holds (truth vocabulary), `other` for anything else. */
export const REAL_DOCUMENT_TYPES = [
  'urla_1003', 'form_1008', 'loan_estimate', 'closing_disclosure', 'w2', '1099_int', '1099_div', '1099_misc', '1099_nec',
  '1099_r', 'ssa_1099', '1040', 'schedule_c', 'schedule_e', 'pay_stub', 'payroll_check', 'bank_statement',
  'brokerage_statement', 'id_card', 'passport', 'social_security_card', 'voe_letter', 'voe_1005',
  'verification_of_deposit', 'gift_letter', 'insurance_declaration', 'hoa_statement', 'utility_bill',
  'purchase_contract', 'appraisal', 'credit_report', '4506_c', 'letter_of_explanation', 'other',
] as const;

const Rendition = z.enum(['digital', 'scanned', 'photo', 'fax']);
const Kind = z.enum(['money', 'date', 'ssn', 'year', 'text']);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const RealEntry = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  file: z.string().regex(/^[a-z0-9][a-z0-9-]*\.(pdf|png|jpe?g|tiff?)$/i),
  source: z.object({
    repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
    commit: z.string().regex(/^[0-9a-f]{40}$/),
    path: z.string().min(1),
    licence: z.string().min(1),
    note: z.string().optional(),
  }),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  rendition: Rendition,
  asOf: isoDate,
  applicant: z.object({ firstName: z.string().min(1), lastName: z.string().min(1) }).optional(),
  documents: z
    .array(
      z.object({
        type: z.enum(REAL_DOCUMENT_TYPES),
        pages: z.tuple([z.number().int().min(1), z.number().int().min(1)]),
        layout: z.string().min(1),
        fields: z.array(z.object({ name: z.string().min(1), value: z.string().min(1), page: z.number().int().min(1).optional(), kind: Kind.optional() })),
        expectedFindings: z.array(z.string()).default([]),
      }),
    )
    .min(1),
});
export type RealEntry = z.infer<typeof RealEntry>;

/** Every entry of every manifest part, sorted by id; fails on a duplicate id or an entry that is not well formed. */
export async function loadRealManifest(dir = REAL_DIR): Promise<RealEntry[]> {
  const parts = (await readdir(path.join(dir, 'parts'))).filter((f) => f.endsWith('.json')).sort();
  const entries: RealEntry[] = [];
  for (const part of parts) {
    const raw = JSON.parse(await readFile(path.join(dir, 'parts', part), 'utf8')) as unknown[];
    for (const [i, e] of raw.entries()) {
      const parsed = RealEntry.safeParse(e);
      if (!parsed.success) throw new Error(`${part}[${i}]: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
      entries.push(parsed.data);
    }
  }
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.id)) throw new Error(`duplicate id ${e.id}`);
    seen.add(e.id);
  }
  return entries.sort((a, b) => a.id.localeCompare(b.id));
}

/** A field's kind: Docket's own for the types it reads, else the one the truth gives (text by default). */
export function fieldKind(type: string, name: string, given?: FieldKind): FieldKind {
  const spec = documentTypeSpec(type as DocumentType);
  return spec?.fields.find((f) => f.name === name)?.kind ?? given ?? 'text';
}

/** The truth file of one entry, in the eval's shape. */
export function realTruth(e: RealEntry): PacketTruthLike & { source: RealEntry['source'] } {
  const documents: TruthDocumentLike[] = e.documents.map((d, i) => ({
    documentId: `${e.id}-${i + 1}`,
    type: d.type,
    filename: e.file,
    pages: d.pages,
    layout: d.layout,
    look: e.rendition,
    fields: d.fields.map((f) => ({
      name: f.name,
      value: f.value,
      normalized: normalizeAs(fieldKind(d.type, f.name, f.kind), f.value) ?? f.value,
      page: f.page ?? d.pages[0],
    })),
  }));
  const expectedFindings = e.documents.flatMap((d, i) => d.expectedFindings.map((code) => ({ code, documentIds: [documents[i]!.documentId] })));
  return {
    packetId: `real-${e.id}`,
    rendition: e.rendition,
    partialPacket: true,
    fieldsComplete: false,
    files: [{ filename: e.file, documentIds: documents.map((d) => d.documentId) }],
    documents,
    expectedFindings,
    expectedStatus: expectedFindings.length ? 'needs_review' : 'clear',
    source: e.source,
  };
}

/**
 * Writes the set as drop-folder packets into `outDir` (one per file: the file, truth.json and manifest.json, the
 * manifest last), after checking every file against the manifest's sha256.
 */
export async function materializeRealSet(outDir: string, dir = REAL_DIR): Promise<{ packets: number; documents: number }> {
  const entries = await loadRealManifest(dir);
  await rm(outDir, { recursive: true, force: true });
  let documents = 0;
  for (const e of entries) {
    const from = path.join(dir, 'files', e.file);
    const bytes = await readFile(from);
    if (sha256(bytes) !== e.sha256) throw new Error(`${e.file}: sha256 differs from the manifest`);
    const truth = realTruth(e);
    const manifest = {
      packetId: truth.packetId,
      tenantId: 'evals',
      submittedAt: `${e.asOf}T12:00:00.000Z`,
      applicants: e.applicant ? [e.applicant] : [],
      documents: [{ documentId: e.id, filename: e.file, mediaType: mediaTypeOf(e.file) }],
    };
    await writePacketFolder(path.join(outDir, truth.packetId), new Map([[e.file, bytes]]), truth, manifest);
    documents += e.documents.length;
  }
  return { packets: entries.length, documents };
}

/** What the set holds: the figures its README and tests speak of. */
export async function realSetSummary(dir = REAL_DIR) {
  const entries = await loadRealManifest(dir);
  const docs = entries.flatMap((e) => e.documents.map((d) => ({ ...d, rendition: e.rendition })));
  let bytes = 0;
  let largest = 0;
  for (const e of entries) {
    const size = (await stat(path.join(dir, 'files', e.file))).size;
    bytes += size;
    largest = Math.max(largest, size);
  }
  const count = <T extends string>(xs: T[]) => Object.fromEntries([...new Set(xs)].sort().map((x) => [x, xs.filter((y) => y === x).length]));
  return {
    files: entries.length,
    documents: docs.length,
    types: count(docs.map((d) => d.type)),
    renditions: count(entries.map((e) => e.rendition)),
    scannedOrPhotoShare: entries.filter((e) => e.rendition !== 'digital').length / Math.max(1, entries.length),
    /** Papers a packet holds that are no lending document: `other` and utility bills. */
    distractors: docs.filter((d) => d.type === 'other' || d.type === 'utility_bill').length,
    bytes,
    largest,
    licences: count(entries.map((e) => e.source.licence)),
    repos: count(entries.map((e) => e.source.repo)),
  };
}
