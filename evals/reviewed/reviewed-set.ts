import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DocumentStore } from '../../connectors/objectstore/document-store.js';
import type { FolderManifest } from '../../connectors/folder/folder-intake.js';
import type { Database } from '../../db/pool.js';
import { sealIfKeyed, type Keyring } from '../../platform/encryption.js';
import { reviewedTruth, type ReviewedDocumentRow } from './reviewed-truth.js';

/**
 * `docket eval --set reviewed`, first half: every packet a reviewer approved or returned becomes a labelled example.
 * Its files are read back through the document store (same sha256 check as the pipeline) and written, with a
 * manifest and the reviewer's truth (reviewed-truth.ts), as one packet folder of an eval set, so the eval runner
 * scores the current pipeline on real packets against what people decided, exactly as it scores generated sets.
 * With a keyring (DOCKET_ENCRYPTION_KEY) the documents, manifest.json and truth.json (names, SSNs, incomes) are
 * written sealed; the eval runner and the document store open them with the same keys.
 */

export interface ExportReviewedOptions {
  db: Database;
  store: DocumentStore;
  /** The set folder; emptied first. */
  out: string;
  maxBytes: number;
  /** Only this tenant's packets (default: every tenant but the eval runs' own). */
  tenantId?: string;
  /** Newest reviews first, at most this many packets. */
  limit?: number;
  /** Encryption at rest: seals every file that holds borrower data (all but the set marker). Without it: plaintext. */
  keyring?: Keyring;
}

export interface ExportedReviewedSet {
  packets: number;
  documents: number;
  correctedFields: number;
  dismissedFindings: number;
  /** Packets left out, with why (a file the store no longer has, or whose bytes changed). */
  skipped: { tenantId: string; packetId: string; reason: string }[];
}

/** Marks a folder this command wrote, so a later run may empty it. */
const SET_MARKER = '.docket-reviewed-set.json';

const EXTENSIONS: Record<string, string> = { 'application/pdf': '.pdf', 'image/png': '.png', 'image/jpeg': '.jpg', 'image/tiff': '.tif' };

export async function exportReviewedSet(options: ExportReviewedOptions): Promise<ExportedReviewedSet> {
  const { db } = options;
  // The folder is rewritten on every run; one that holds anything else is refused rather than emptied.
  const present: string[] = await readdir(options.out).catch(() => []);
  if (present.length && !present.includes(SET_MARKER)) throw new Error(`${options.out} is not empty and holds no reviewed set: give an empty or new folder`);
  await rm(options.out, { recursive: true, force: true });
  await mkdir(options.out, { recursive: true });
  await writeFile(path.join(options.out, SET_MARKER), `${JSON.stringify({ exportedAt: new Date().toISOString(), tenantId: options.tenantId ?? null })}\n`);
  const { rows: packets } = await db.pool.query(
    `SELECT p.tenant_id, p.packet_id, p.loan_number, p.submitted_at, p.applicants, r.action AS outcome, r.created_at
       FROM packets p
       JOIN LATERAL (SELECT action, created_at FROM review_actions a
                      WHERE a.tenant_id = p.tenant_id AND a.packet_id = p.packet_id AND a.action IN ('approve', 'return')
                      ORDER BY created_at DESC LIMIT 1) r ON true
      WHERE ($1::text IS NULL AND p.tenant_id NOT LIKE 'eval-%') OR p.tenant_id = $1
      ORDER BY r.created_at DESC
      LIMIT $2`,
    [options.tenantId ?? null, options.limit ?? 100_000],
  );
  const result: ExportedReviewedSet = { packets: 0, documents: 0, correctedFields: 0, dismissedFindings: 0, skipped: [] };
  // Owner-only, and sealed when a key is configured: these files are borrower data.
  const put = async (file: string, bytes: Uint8Array) => writeFile(file, await sealIfKeyed(bytes, options.keyring), { mode: 0o600 });
  const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
  for (const p of packets) {
    const key = [p.tenant_id, p.packet_id];
    const docs = await db.pool.query(
      `SELECT document_id, uri, media_type, sha256, filename, error_code FROM documents WHERE tenant_id = $1 AND packet_id = $2 ORDER BY document_id`,
      key,
    );
    const segments = await db.pool.query(`SELECT document_id, segment, first_page, last_page, doc_type FROM segments WHERE tenant_id = $1 AND packet_id = $2`, key);
    const fields = await db.pool.query(
      `SELECT document_id, segment, name, value, normalized, page_number, bbox, source FROM fields WHERE tenant_id = $1 AND packet_id = $2`,
      key,
    );
    const findings = await db.pool.query(`SELECT finding_id, code, status, document_ids FROM findings WHERE tenant_id = $1 AND packet_id = $2`, key);

    // A folder per packet; names made safe for any file system (ids are the lender's, not ours).
    const folder = path.join(options.out, safeName(`${p.tenant_id}--${p.packet_id}`));
    await mkdir(folder, { recursive: true });
    // Across tenants, packet ids may repeat: the eval run (one tenant of its own) needs them unique.
    const packetId = options.tenantId ? p.packet_id : `${p.tenant_id}--${p.packet_id}`.slice(0, 128);
    const manifest: FolderManifest = {
      packetId,
      tenantId: p.tenant_id,
      ...(p.loan_number ? { loanNumber: p.loan_number } : {}),
      submittedAt: new Date(p.submitted_at).toISOString(),
      applicants: p.applicants,
      documents: [],
    };
    const documents: ReviewedDocumentRow[] = [];
    let failed: string | undefined;
    for (const d of docs.rows) {
      const filename = `${safeName(d.document_id)}${EXTENSIONS[d.media_type] ?? ''}`;
      try {
        const bytes = await options.store.read(d.uri, { sha256: d.sha256, maxBytes: options.maxBytes });
        await put(path.join(folder, filename), bytes);
      } catch (err) {
        failed = `${d.document_id}: ${(err as { code?: string }).code ?? 'read failed'}`;
        break;
      }
      manifest.documents.push({ documentId: d.document_id, filename, mediaType: d.media_type });
      documents.push({
        documentId: d.document_id,
        filename,
        errorCode: d.error_code,
        segments: segments.rows
          .filter((s) => s.document_id === d.document_id)
          .map((s) => ({ segment: s.segment, firstPage: s.first_page, lastPage: s.last_page, type: s.doc_type })),
        fields: fields.rows
          .filter((f) => f.document_id === d.document_id)
          .map((f) => ({ segment: f.segment, name: f.name, value: f.value, normalized: f.normalized, page: f.page_number, bbox: f.bbox, source: f.source })),
      });
    }
    if (failed) {
      await rm(folder, { recursive: true, force: true });
      result.skipped.push({ tenantId: p.tenant_id, packetId: p.packet_id, reason: failed });
      continue;
    }
    const truth = reviewedTruth({
      packetId,
      outcome: p.outcome,
      documents,
      findings: findings.rows.map((f) => ({ findingId: f.finding_id, code: f.code, status: f.status, documentIds: f.document_ids })),
    });
    await put(path.join(folder, 'manifest.json'), json(manifest));
    await put(path.join(folder, 'truth.json'), json(truth));
    result.packets++;
    result.documents += documents.length;
    result.correctedFields += truth.review.correctedFields;
    result.dismissedFindings += truth.review.dismissedFindings;
  }
  return result;
}

function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120);
}
