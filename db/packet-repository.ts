import type { DocumentType } from '../core/document-types.js';
import type { DecisionEventV1, DecisionStatus, DocumentRef, PacketEventV1 } from '../core/events.js';
import type { BorrowerRequestItem } from '../core/borrower-request.js';
import type { CitedPassage } from '../core/finding-citations.js';
import type { Finding } from '../core/findings.js';
import type { BBox, PageText } from '../core/page.js';
import type { PacketPhase, ReviewDecision } from '../core/review.js';
import type { Database, Queryable } from './pool.js';
import { DatabaseError } from '../platform/errors.js';

export interface PacketKey {
  tenantId: string;
  packetId: string;
}

export interface DocumentKey extends PacketKey {
  documentId: string;
}

export interface ExtractedField {
  name: string;
  value: string;
  normalized: string | null;
  confidence: number;
  page: number;
  bbox: BBox;
  source: 'text-layer' | 'ocr' | 'llm' | 'reviewer';
  evidence: string;
}

/** One document found inside a file (a packet PDF holds several); a file read as one document has one segment. */
export interface SegmentRow {
  segment: number;
  firstPage: number;
  lastPage: number;
  type: DocumentType;
  confidence: number;
  /** What decided it: `page-classifier:<version>`, `keywords`, or both when they were reconciled. */
  method: string;
}

/** Where a rule finding came from: the rule and the guideline it cites. */
export interface RuleSource {
  ruleId: string;
  ruleVersion: number;
  citation: { topic: string; section: string };
}

/** A finding as stored: rule findings with their rule, every finding with its citation and the passages it quotes. */
export type StoredFinding = Finding & Partial<RuleSource> & { passages?: CitedPassage[] };

/** The packet's borrower request as stored (migration 0009): a draft until the underwriter edits or sends it. */
export interface BorrowerRequest {
  items: BorrowerRequestItem[];
  status: 'draft' | 'edited' | 'sent';
  /** KPI: milliseconds from the packet's arrival (received_at) to the list, from the first time it was composed. */
  readyMs: number;
  createdAt: string;
  updatedAt: string;
}

export interface LlmCallRow {
  purpose: string;
  provider: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
  seconds: number;
  cached: boolean;
}

export interface MarkRow {
  name: string;
  kind: 'signature' | 'checkbox';
  present: boolean;
  page: number;
  bbox: BBox;
  confidence: number;
  method: string;
}

/** A transaction-table row as stored: deposits positive, withdrawals negative, with the page and box it was read from. */
export interface TransactionRow {
  date: string;
  description: string;
  amount: number;
  balance: number | null;
  page: number;
  bbox: BBox;
  confidence: number;
}

export interface DocumentRow extends DocumentRef {
  status: 'received' | 'read' | 'unreadable';
  docType: DocumentType | null;
  pageCount: number | null;
  errorCode: string | null;
}

/** The per-packet result written by the demo and `docket process --out`. */
export interface PacketResult {
  packetId: string;
  tenantId: string;
  status: string;
  phase: PacketPhase;
  /** One entry per document found: a file split into several documents gives several entries. */
  documents: {
    documentId: string;
    /** 1-based position of this document within its file. */
    segment: number;
    filename: string;
    type: string | null;
    /** Pages of this document, and where they sit in the file. */
    pages: number;
    firstPage: number;
    lastPage: number;
    error?: { code: string; message: string };
    fields: Omit<ExtractedField, 'evidence'>[];
  }[];
  findings: {
    findingId: string;
    code: string;
    severity: string;
    message: string;
    documentIds: string[];
    ruleId: string | null;
    /** The guideline section the finding rests on (its rule's, or the pipeline's for its own findings). */
    citation: { topic: string; section: string } | null;
    /** The tenant's guideline passages it quotes, best first; [] when the tenant has no guidelines ingested. */
    passages: CitedPassage[];
  }[];
  /** What to ask the borrower for; null when the findings need nothing from the borrower. */
  borrowerRequest: BorrowerRequest | null;
}

/**
 * Every read and write of packet data. Writes are idempotent: a retried activity upserts or replaces, it never
 * duplicates rows. Every query names its tenant.
 */
export class PacketRepository {
  constructor(private readonly db: Database) {}

  /** The id of the workflow that runs the packet, as it recorded itself; undefined for a packet not recorded. */
  async workflowIdOf(key: PacketKey): Promise<string | undefined> {
    const { rows } = await this.db.pool.query<{ workflow_id: string }>('SELECT workflow_id FROM packets WHERE tenant_id = $1 AND packet_id = $2', [key.tenantId, key.packetId]);
    return rows[0]?.workflow_id;
  }

  async upsertPacket(event: PacketEventV1, workflowId: string, intake: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO packets (tenant_id, packet_id, workflow_id, loan_number, submitted_at, applicants, intake)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (tenant_id, packet_id) DO NOTHING`,
        [event.tenantId, event.packetId, workflowId, event.loanNumber ?? null, event.submittedAt, JSON.stringify(event.applicants), intake],
      );
      for (const d of event.documents) {
        await tx.query(
          `INSERT INTO documents (tenant_id, packet_id, document_id, uri, media_type, sha256, filename)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (tenant_id, packet_id, document_id) DO NOTHING`,
          [event.tenantId, event.packetId, d.documentId, d.uri, d.mediaType, d.sha256, d.filename],
        );
      }
    });
  }

  async getDocument(key: DocumentKey): Promise<DocumentRow | undefined> {
    const { rows } = await this.db.pool.query(
      `SELECT document_id, uri, media_type, sha256, filename, status, doc_type, page_count, error_code
         FROM documents WHERE tenant_id = $1 AND packet_id = $2 AND document_id = $3`,
      [key.tenantId, key.packetId, key.documentId],
    );
    const r = rows[0];
    if (!r) return undefined;
    return {
      documentId: r.document_id,
      uri: r.uri,
      mediaType: r.media_type,
      sha256: r.sha256,
      filename: r.filename,
      status: r.status,
      docType: r.doc_type,
      pageCount: r.page_count,
      errorCode: r.error_code,
    };
  }

  /** Replaces the document's pages and marks it read. */
  async savePages(key: DocumentKey, pages: PageText[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM pages WHERE tenant_id = $1 AND packet_id = $2 AND document_id = $3', keyParams(key));
      for (const p of pages) {
        await tx.query(
          `INSERT INTO pages (tenant_id, packet_id, document_id, page_number, source, ocr_confidence, width, height, text, lines)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [...keyParams(key), p.pageNumber, p.source, p.source === 'ocr' ? p.confidence : null, p.width, p.height, p.text, JSON.stringify(p.lines)],
        );
      }
      await tx.query(
        `UPDATE documents SET status = 'read', page_count = $4, error_code = NULL, error_message = NULL
          WHERE tenant_id = $1 AND packet_id = $2 AND document_id = $3`,
        [...keyParams(key), pages.length],
      );
    });
  }

  async markUnreadable(key: DocumentKey, code: string, message: string): Promise<void> {
    await this.db.pool.query(
      `UPDATE documents SET status = 'unreadable', error_code = $4, error_message = $5
        WHERE tenant_id = $1 AND packet_id = $2 AND document_id = $3`,
      [...keyParams(key), code, message],
    );
  }

  /** The file's pages, or only those from `range[0]` to `range[1]` (a segment). */
  async loadPages(key: DocumentKey, range?: [number, number]): Promise<PageText[]> {
    const { rows } = await this.db.pool.query(
      `SELECT page_number, source, ocr_confidence, width, height, text, lines FROM pages
        WHERE tenant_id = $1 AND packet_id = $2 AND document_id = $3 AND page_number BETWEEN $4 AND $5 ORDER BY page_number`,
      [...keyParams(key), range?.[0] ?? 1, range?.[1] ?? 2_147_483_647],
    );
    return rows.map((r) => ({
      pageNumber: r.page_number,
      source: r.source,
      confidence: r.ocr_confidence ?? 1,
      width: r.width,
      height: r.height,
      text: r.text,
      lines: r.lines,
    }));
  }

  async setDocumentType(key: DocumentKey, type: DocumentType, confidence: number): Promise<void> {
    await this.db.pool.query(
      `UPDATE documents SET doc_type = $4, type_confidence = $5 WHERE tenant_id = $1 AND packet_id = $2 AND document_id = $3`,
      [...keyParams(key), type, confidence],
    );
  }

  /**
   * Replaces the documents found in a file. The file's own type is its first segment's (what a single-document
   * file is); fields of segments that no longer exist go with them.
   */
  async saveSegments(key: DocumentKey, segments: SegmentRow[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM segments WHERE tenant_id = $1 AND packet_id = $2 AND document_id = $3', keyParams(key));
      await tx.query('DELETE FROM fields WHERE tenant_id = $1 AND packet_id = $2 AND document_id = $3 AND segment > $4', [...keyParams(key), segments.length]);
      for (const g of segments) {
        await tx.query(
          `INSERT INTO segments (tenant_id, packet_id, document_id, segment, first_page, last_page, doc_type, type_confidence, method)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [...keyParams(key), g.segment, g.firstPage, g.lastPage, g.type, g.confidence, g.method],
        );
      }
      const first = segments[0];
      await tx.query(`UPDATE documents SET doc_type = $4, type_confidence = $5 WHERE tenant_id = $1 AND packet_id = $2 AND document_id = $3`, [
        ...keyParams(key),
        first?.type ?? 'unknown',
        first?.confidence ?? 0,
      ]);
    });
  }

  /** Replaces the transaction rows of one document (segment 1 of its file unless given). */
  async replaceTransactions(key: DocumentKey & { segment?: number }, rows: TransactionRow[]): Promise<void> {
    await this.replaceSegmentRows(
      'transactions',
      key,
      ['row_index', 'txn_date', 'description', 'amount', 'balance', 'page_number', 'bbox', 'confidence'],
      rows.map((r, i) => [i, r.date, r.description, r.amount, r.balance, r.page, JSON.stringify(r.bbox), r.confidence]),
    );
  }

  /** Replaces the marks (signatures, check boxes) found on one document. */
  async replaceMarks(key: DocumentKey & { segment?: number }, marks: MarkRow[]): Promise<void> {
    await this.replaceSegmentRows(
      'marks',
      key,
      ['name', 'kind', 'present', 'page_number', 'bbox', 'confidence', 'method'],
      marks.map((m) => [m.name, m.kind, m.present, m.page, JSON.stringify(m.bbox), m.confidence, m.method]),
    );
  }

  async loadMarks(key: PacketKey): Promise<(MarkRow & { documentId: string; segment: number })[]> {
    const { rows } = await this.db.pool.query(
      `SELECT document_id, segment, name, kind, present, page_number, bbox, confidence, method FROM marks
        WHERE tenant_id = $1 AND packet_id = $2 ORDER BY document_id, segment, name`,
      [key.tenantId, key.packetId],
    );
    return rows.map((r) => ({ documentId: r.document_id, segment: r.segment, name: r.name, kind: r.kind, present: r.present, page: r.page_number, bbox: r.bbox, confidence: r.confidence, method: r.method }));
  }

  /**
   * Records an LLM call a document's extraction made. A retried activity records its call again: what a retry
   * spent was spent, so the sum stays the true cost.
   */
  async recordLlmCall(key: DocumentKey & { segment?: number }, call: LlmCallRow): Promise<void> {
    await this.db.pool.query(
      `INSERT INTO llm_calls (tenant_id, packet_id, document_id, segment, purpose, provider, model, prompt_tokens, completion_tokens, seconds, cached)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [...keyParams(key), key.segment ?? 1, call.purpose, call.provider, call.model, call.promptTokens, call.completionTokens, call.seconds, call.cached],
    );
  }

  /** Tokens and seconds the packet's LLM calls spent. */
  async llmUsage(key: PacketKey): Promise<{ calls: number; promptTokens: number; completionTokens: number; seconds: number }> {
    const { rows } = await this.db.pool.query(
      `SELECT count(*)::int AS calls, coalesce(sum(prompt_tokens), 0)::int AS p, coalesce(sum(completion_tokens), 0)::int AS c, coalesce(sum(seconds), 0)::float AS s
         FROM llm_calls WHERE tenant_id = $1 AND packet_id = $2`,
      [key.tenantId, key.packetId],
    );
    return { calls: rows[0].calls, promptTokens: rows[0].p, completionTokens: rows[0].c, seconds: rows[0].s };
  }

  /** Transaction rows of a packet, by document and segment, in table order. */
  async loadTransactions(key: PacketKey): Promise<(TransactionRow & { documentId: string; segment: number })[]> {
    const { rows } = await this.db.pool.query(
      `SELECT document_id, segment, to_char(txn_date, 'YYYY-MM-DD') AS txn_date, description, amount, balance, page_number, bbox, confidence FROM transactions
        WHERE tenant_id = $1 AND packet_id = $2 ORDER BY document_id, segment, row_index`,
      [key.tenantId, key.packetId],
    );
    return rows.map((r) => ({
      documentId: r.document_id,
      segment: r.segment,
      date: r.txn_date,
      description: r.description,
      amount: Number(r.amount),
      balance: r.balance === null ? null : Number(r.balance),
      page: r.page_number,
      bbox: r.bbox,
      confidence: r.confidence,
    }));
  }

  /** Replaces the fields of one document (segment 1 of its file unless given). */
  async replaceFields(key: DocumentKey & { segment?: number }, fields: ExtractedField[]): Promise<void> {
    await this.replaceSegmentRows(
      'fields',
      key,
      ['name', 'value', 'normalized', 'confidence', 'page_number', 'bbox', 'source', 'evidence'],
      fields.map((f) => [f.name, f.value, f.normalized, f.confidence, f.page, JSON.stringify(f.bbox), f.source, f.evidence]),
    );
  }

  /**
   * What a document's extraction produced, per segment (fields, transaction rows, marks): a retry replaces the
   * segment's rows in one transaction, so rows are never duplicated or half-written.
   */
  private async replaceSegmentRows(table: 'fields' | 'transactions' | 'marks', key: DocumentKey & { segment?: number }, columns: string[], rows: unknown[][]): Promise<void> {
    const segment = key.segment ?? 1;
    const placeholders = [...columns.keys()].map((i) => `$${i + 5}`).join(', ');
    const insert = `INSERT INTO ${table} (tenant_id, packet_id, document_id, segment, ${columns.join(', ')}) VALUES ($1, $2, $3, $4, ${placeholders})`;
    await this.db.transaction(async (tx) => {
      await tx.query(`DELETE FROM ${table} WHERE tenant_id = $1 AND packet_id = $2 AND document_id = $3 AND segment = $4`, [...keyParams(key), segment]);
      for (const row of rows) await tx.query(insert, [...keyParams(key), segment, ...row]);
    });
  }

  /**
   * Upserts the pipeline's findings (keeping any reviewer status) and sets the packet's status. The phase moves on
   * only in saveDecision, so whoever waits for `phase <> 'processing'` finds the decision stored too.
   */
  async saveFindings(key: PacketKey, findings: StoredFinding[], status: DecisionStatus): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const f of findings) {
        await tx.query(
          `INSERT INTO findings (tenant_id, packet_id, finding_id, code, severity, message, document_ids, evidence, rule_id, rule_version, citation, passages)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
           ON CONFLICT (tenant_id, packet_id, finding_id)
           DO UPDATE SET code = EXCLUDED.code, severity = EXCLUDED.severity, message = EXCLUDED.message,
                         document_ids = EXCLUDED.document_ids, evidence = EXCLUDED.evidence,
                         rule_id = EXCLUDED.rule_id, rule_version = EXCLUDED.rule_version, citation = EXCLUDED.citation,
                         passages = EXCLUDED.passages`,
          [
            key.tenantId,
            key.packetId,
            f.findingId,
            f.code,
            f.severity,
            f.message,
            f.documentIds,
            JSON.stringify(f.evidence),
            f.ruleId ?? null,
            f.ruleVersion ?? null,
            f.citation ? JSON.stringify(f.citation) : null,
            JSON.stringify(f.passages ?? []),
          ],
        );
      }
      await tx.query(`UPDATE packets SET status = $3 WHERE tenant_id = $1 AND packet_id = $2`, [key.tenantId, key.packetId, status]);
    });
  }

  /**
   * Stores the packet's borrower request composed at `now`. The KPI (`ready_ms`, arrival to list) and `created_at`
   * are those of the first composition: a retried activity replaces the items of a draft and keeps the time. A list
   * the underwriter already edited or sent is left alone; an empty list removes a draft.
   */
  async saveBorrowerRequest(key: PacketKey, items: BorrowerRequestItem[], now: Date): Promise<void> {
    if (!items.length) {
      await this.db.pool.query(`DELETE FROM borrower_requests WHERE tenant_id = $1 AND packet_id = $2 AND status = 'draft'`, [key.tenantId, key.packetId]);
      return;
    }
    await this.db.pool.query(
      `INSERT INTO borrower_requests (tenant_id, packet_id, items, ready_ms, created_at, updated_at)
       SELECT tenant_id, packet_id, $3, greatest(0, round(extract(epoch FROM ($4::timestamptz - received_at)) * 1000))::int, $4, $4
         FROM packets WHERE tenant_id = $1 AND packet_id = $2
       ON CONFLICT (tenant_id, packet_id)
       DO UPDATE SET items = EXCLUDED.items, updated_at = EXCLUDED.updated_at WHERE borrower_requests.status = 'draft'`,
      [key.tenantId, key.packetId, JSON.stringify(items), now.toISOString()],
    );
  }

  /** The packet's files, by id, with their document type when the file holds one document (else null). */
  async listDocuments(key: PacketKey): Promise<{ documentId: string; filename: string; type: DocumentType | null }[]> {
    const { rows } = await this.db.pool.query(
      `SELECT d.document_id, d.filename,
              CASE WHEN (SELECT count(*) FROM segments g WHERE g.tenant_id = d.tenant_id AND g.packet_id = d.packet_id AND g.document_id = d.document_id) <= 1
                   THEN d.doc_type END AS doc_type
         FROM documents d WHERE d.tenant_id = $1 AND d.packet_id = $2 ORDER BY d.document_id`,
      [key.tenantId, key.packetId],
    );
    return rows.map((r) => ({ documentId: r.document_id, filename: r.filename, type: r.doc_type }));
  }

  async loadBorrowerRequest(key: PacketKey): Promise<BorrowerRequest | undefined> {
    const { rows } = await this.db.pool.query(
      `SELECT items, status, ready_ms, created_at, updated_at FROM borrower_requests WHERE tenant_id = $1 AND packet_id = $2`,
      [key.tenantId, key.packetId],
    );
    const r = rows[0];
    if (!r) return undefined;
    return { items: r.items, status: r.status, readyMs: r.ready_ms, createdAt: new Date(r.created_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString() };
  }

  /** Builds the decision event from what is stored; counts and timings come from the rows, not from the workflow. */
  async buildDecision(key: PacketKey, status: DecisionStatus, reviewed: boolean, now: Date): Promise<DecisionEventV1> {
    const q = (sql: string) => this.db.pool.query(sql, [key.tenantId, key.packetId]);
    const [packet, docs, pages, fields, findings] = await Promise.all([
      q(`SELECT workflow_id, loan_number, submitted_at, received_at FROM packets WHERE tenant_id = $1 AND packet_id = $2`),
      q(`SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'unreadable')::int AS bad FROM documents WHERE tenant_id = $1 AND packet_id = $2`),
      q(`SELECT count(*)::int AS n, count(*) FILTER (WHERE source = 'ocr')::int AS ocr FROM pages WHERE tenant_id = $1 AND packet_id = $2`),
      q(`SELECT count(*)::int AS n FROM fields WHERE tenant_id = $1 AND packet_id = $2`),
      q(`SELECT code, severity, message, document_ids FROM findings WHERE tenant_id = $1 AND packet_id = $2 AND status <> 'dismissed' ORDER BY finding_id`),
    ]);
    const p = packet.rows[0];
    // recordPacket always runs first; a missing row means the database lost it or is another database.
    if (!p) throw new DatabaseError(`packet ${key.packetId} is not in the database`);
    const startedAt = new Date(p.received_at);
    return {
      schema: 'docket.decisions.v1',
      packetId: key.packetId,
      tenantId: key.tenantId,
      ...(p.loan_number ? { loanNumber: p.loan_number } : {}),
      workflowId: p.workflow_id,
      status,
      reviewed,
      findings: findings.rows.map((f) => ({ code: f.code, severity: f.severity, message: f.message, documentIds: f.document_ids })),
      counts: {
        documents: docs.rows[0].n,
        pages: pages.rows[0].n,
        ocrPages: pages.rows[0].ocr,
        fields: fields.rows[0].n,
        findings: findings.rows.length,
        unreadableDocuments: docs.rows[0].bad,
      },
      timings: {
        submittedAt: new Date(p.submitted_at).toISOString(),
        startedAt: startedAt.toISOString(),
        decidedAt: now.toISOString(),
        processingMs: Math.max(0, now.getTime() - startedAt.getTime()),
      },
    };
  }

  async saveDecision(key: PacketKey, decision: DecisionEventV1, phase: PacketPhase): Promise<void> {
    await this.db.pool.query(
      `UPDATE packets SET status = $3, phase = $4, decision = $5, decided_at = $6 WHERE tenant_id = $1 AND packet_id = $2`,
      [key.tenantId, key.packetId, decision.status, phase, JSON.stringify(decision), decision.timings.decidedAt],
    );
  }

  /** Records a review (idempotent on actionId), applies finding resolutions, and audits before/after. */
  async saveReview(key: PacketKey, review: ReviewDecision): Promise<void> {
    await this.db.transaction(async (tx) => {
      const inserted = await tx.query(
        `INSERT INTO review_actions (tenant_id, packet_id, action_id, actor, action, payload)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [key.tenantId, key.packetId, review.actionId, review.reviewer, review.outcome, JSON.stringify(review)],
      );
      if (inserted.rowCount === 0) return;
      for (const f of review.findings ?? []) {
        const before = await tx.query(
          `SELECT status FROM findings WHERE tenant_id = $1 AND packet_id = $2 AND finding_id = $3`,
          [key.tenantId, key.packetId, f.findingId],
        );
        await tx.query(`UPDATE findings SET status = $4 WHERE tenant_id = $1 AND packet_id = $2 AND finding_id = $3`, [
          key.tenantId,
          key.packetId,
          f.findingId,
          f.resolution,
        ]);
        await appendAudit(tx, key, review.reviewer, `finding.${f.resolution}`, before.rows[0] ?? null, {
          findingId: f.findingId,
          status: f.resolution,
          reason: f.reason ?? null,
        }, `${review.actionId}:${f.findingId}`);
      }
      await appendAudit(tx, key, review.reviewer, `packet.${review.outcome}`, null, {
        requestedDocuments: review.requestedDocuments ?? [],
      }, review.actionId);
    });
  }

  async audit(key: PacketKey, actor: string, action: string, after: unknown, dedupeKey: string): Promise<void> {
    await appendAudit(this.db.pool, key, actor, action, null, after, dedupeKey);
  }

  /** Applicants and submission time of a packet, as its event gave them. */
  async packetSummary(key: PacketKey): Promise<{ applicants: { role: 'borrower' | 'co-borrower'; firstName: string; lastName: string }[]; submittedAt: string } | undefined> {
    const { rows } = await this.db.pool.query(`SELECT applicants, submitted_at FROM packets WHERE tenant_id = $1 AND packet_id = $2`, [key.tenantId, key.packetId]);
    if (!rows[0]) return undefined;
    const applicants = (rows[0].applicants as { role?: string; firstName: string; lastName: string }[]).map((a) => ({
      role: a.role === 'co-borrower' || a.role === 'co_borrower' ? ('co-borrower' as const) : ('borrower' as const),
      firstName: a.firstName,
      lastName: a.lastName,
    }));
    return { applicants, submittedAt: new Date(rows[0].submitted_at).toISOString() };
  }

  /** The packet as the demo and `docket process --out` report it. */
  async packetResult(key: PacketKey): Promise<PacketResult | undefined> {
    const params = [key.tenantId, key.packetId];
    const packet = await this.db.pool.query(`SELECT status, phase FROM packets WHERE tenant_id = $1 AND packet_id = $2`, params);
    if (!packet.rows[0]) return undefined;
    const docs = await this.db.pool.query(
      `SELECT document_id, filename, doc_type, page_count, error_code, error_message FROM documents
        WHERE tenant_id = $1 AND packet_id = $2 ORDER BY document_id`,
      params,
    );
    const fields = await this.db.pool.query(
      `SELECT document_id, segment, name, value, normalized, confidence, page_number, bbox, source FROM fields
        WHERE tenant_id = $1 AND packet_id = $2 ORDER BY document_id, segment, page_number, name`,
      params,
    );
    const segments = await this.db.pool.query(
      `SELECT document_id, segment, first_page, last_page, doc_type FROM segments
        WHERE tenant_id = $1 AND packet_id = $2 ORDER BY document_id, segment`,
      params,
    );
    const findings = await this.db.pool.query(
      `SELECT finding_id, code, severity, message, document_ids, rule_id, citation, passages FROM findings
        WHERE tenant_id = $1 AND packet_id = $2 ORDER BY finding_id`,
      params,
    );
    const borrowerRequest = await this.loadBorrowerRequest(key);
    return {
      packetId: key.packetId,
      tenantId: key.tenantId,
      status: packet.rows[0].status,
      phase: packet.rows[0].phase,
      documents: docs.rows.flatMap((d) => {
        const found = segments.rows.filter((g) => g.document_id === d.document_id);
        // A file not split (unreadable, or read before segments existed) is one document of all its pages.
        const parts = found.length ? found : [{ segment: 1, first_page: 1, last_page: d.page_count ?? 0, doc_type: d.doc_type }];
        return parts.map((g) => ({
          documentId: d.document_id as string,
          segment: g.segment as number,
          filename: d.filename as string,
          type: g.doc_type as string | null,
          pages: Math.max(0, g.last_page - g.first_page + 1),
          firstPage: g.first_page as number,
          lastPage: g.last_page as number,
          ...(d.error_code ? { error: { code: d.error_code as string, message: d.error_message as string } } : {}),
          fields: fields.rows
            .filter((f) => f.document_id === d.document_id && f.segment === g.segment)
            .map((f) => ({
              name: f.name,
              value: f.value,
              normalized: f.normalized,
              confidence: Number(f.confidence.toFixed(3)),
              page: f.page_number,
              bbox: f.bbox,
              source: f.source,
            })),
        }));
      }),
      findings: findings.rows.map((f) => ({
        findingId: f.finding_id,
        code: f.code,
        severity: f.severity,
        message: f.message,
        documentIds: f.document_ids,
        ruleId: f.rule_id,
        citation: f.citation,
        passages: f.passages ?? [],
      })),
      borrowerRequest: borrowerRequest ?? null,
    };
  }
}

function keyParams(key: DocumentKey): [string, string, string] {
  return [key.tenantId, key.packetId, key.documentId];
}

async function appendAudit(
  db: Queryable,
  key: PacketKey,
  actor: string,
  action: string,
  before: unknown,
  after: unknown,
  dedupeKey: string,
): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (tenant_id, packet_id, actor, action, before, after, dedupe_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (dedupe_key) DO NOTHING`,
    [key.tenantId, key.packetId, actor, action, JSON.stringify(before), JSON.stringify(after), `${key.tenantId}:${key.packetId}:${dedupeKey}`],
  );
}
