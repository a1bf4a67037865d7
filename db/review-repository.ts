import type { BBox } from '../core/page.js';
import type { PacketPhase } from '../core/review.js';
import type { PacketKey } from './packet-repository.js';
import type { Database, Queryable } from './pool.js';

/**
 * Every read and write of the review app (review/): accounts and sessions, the queue, claims, the packet view and
 * the reviewer's work in progress. Every packet query names its tenant, taken from the signed-in user, never from
 * the request; a packet of another tenant reads as absent. Each reviewer action is written together with its
 * audit_log row (who, when, what, before/after) in one transaction.
 */

export const ROLES = ['underwriter', 'lead', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface UserRow {
  userId: string;
  tenantId: string;
  email: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

export interface NewUser {
  userId: string;
  tenantId: string;
  email: string;
  displayName: string;
  role: Role;
  passwordHash: string | null;
}

export interface SessionRow {
  user: UserRow;
  csrfToken: string;
  expiresAt: string;
}

export type Severity = 'info' | 'warning' | 'critical';

export interface ClaimView {
  userId: string;
  email: string;
  displayName: string;
  claimedAt: string;
  expiresAt: string;
}

export interface QueueItem {
  packetId: string;
  loanNumber: string | null;
  status: string;
  submittedAt: string;
  decidedAt: string | null;
  /** When the workflow escalates the packet to a lead: the automated decision plus DOCKET_REVIEW_DEADLINE. */
  deadline: string | null;
  escalated: boolean;
  applicants: { role?: string; firstName: string; lastName: string }[];
  documents: number;
  openFindings: Record<Severity, number>;
  maxSeverity: Severity | null;
  claim: ClaimView | null;
}

export interface PacketHeader {
  packetId: string;
  tenantId: string;
  workflowId: string;
  loanNumber: string | null;
  status: string;
  phase: PacketPhase;
  submittedAt: string;
  receivedAt: string;
  decidedAt: string | null;
  deadline: string | null;
  escalated: boolean;
  applicants: { role?: string; firstName: string; lastName: string }[];
}

export interface DocumentFile {
  documentId: string;
  uri: string;
  sha256: string;
  mediaType: string;
  filename: string;
}

export interface PacketView extends PacketHeader {
  documents: {
    documentId: string;
    filename: string;
    mediaType: string;
    status: string;
    type: string | null;
    pageCount: number | null;
    error: { code: string; message: string | null } | null;
    /** Documents found inside the file (a packet PDF holds several). */
    segments: { segment: number; type: string; typeConfidence: number; firstPage: number; lastPage: number }[];
    /** Page sizes for drawing boxes (bboxes are 0..1 of the page); images come from the page route. */
    pages: { pageNumber: number; width: number; height: number; source: string; ocrConfidence: number | null }[];
  }[];
  fields: {
    documentId: string;
    segment: number;
    name: string;
    value: string;
    normalized: string | null;
    confidence: number;
    page: number;
    bbox: BBox;
    source: string;
    evidence: string;
  }[];
  marks: { documentId: string; segment: number; name: string; kind: string; present: boolean; page: number; bbox: BBox; confidence: number }[];
  findings: {
    findingId: string;
    code: string;
    severity: Severity;
    message: string;
    documentIds: string[];
    evidence: unknown[];
    /** The stored status: `open` until the packet's review is recorded by the workflow. */
    status: 'open' | 'confirmed' | 'dismissed';
    ruleId: string | null;
    ruleVersion: number | null;
    /** The guideline the rule cites (topic, section). */
    citation: unknown;
    /** Guideline passages found for the finding (RAG), best first; [] when none. */
    passages: unknown[];
    /** The reviewer's resolution so far (sent with approve/return). */
    resolution: { resolution: 'confirmed' | 'dismissed'; reason: string | null; by: string; at: string } | null;
  }[];
  requests: { requestedDocuments: string[]; note: string | null; by: string; at: string } | null;
  /** The borrower request the pipeline composed from the findings (borrower_requests items), to start the list from. */
  suggestedRequests: { itemId: string; kind: string; text: string; section: string; findingIds: string[] }[];
  claim: ClaimView | null;
}

export interface AuditEntry {
  id: number;
  actor: string;
  action: string;
  before: unknown;
  after: unknown;
  at: string;
}

export interface DraftReview {
  findings: { findingId: string; resolution: 'confirmed' | 'dismissed'; reason?: string }[];
  requestedDocuments: string[];
  note: string | null;
  /** Findings still open with no resolution. */
  unresolved: string[];
}

export interface FieldCorrection {
  documentId: string;
  segment: number;
  name: string;
  value: string;
  normalized: string | null;
  /** Needed only to add a field the pipeline did not find. */
  page?: number;
  bbox?: BBox;
}

export type ClaimResult = { ok: true; claim: ClaimView } | { ok: false; reason: 'not_awaiting_review' | 'held'; heldBy?: ClaimView };

const iso = (v: unknown): string => new Date(v as string).toISOString();
const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : iso(v));

const SEVERITY_RANK = `CASE severity WHEN 'critical' THEN 3 WHEN 'warning' THEN 2 ELSE 1 END`;

function userFrom(r: Record<string, unknown>): UserRow {
  return {
    userId: r.user_id as string,
    tenantId: r.tenant_id as string,
    email: r.email as string,
    displayName: r.display_name as string,
    role: r.role as Role,
    disabled: r.disabled as boolean,
    createdAt: iso(r.created_at),
  };
}

function claimFrom(r: Record<string, unknown>): ClaimView | null {
  if (!r.claim_user) return null;
  return {
    userId: r.claim_user as string,
    email: r.claim_email as string,
    displayName: r.claim_name as string,
    claimedAt: iso(r.claimed_at),
    expiresAt: iso(r.claim_expires),
  };
}

export class ReviewRepository {
  constructor(private readonly db: Database) {}

  // Accounts ------------------------------------------------------------------------------------------------

  /** Creates a user; undefined when the email is taken (in any tenant). */
  async createUser(user: NewUser, actor: string): Promise<UserRow | undefined> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query(
        `INSERT INTO review_users (user_id, tenant_id, email, display_name, role, password_hash)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING
         RETURNING user_id, tenant_id, email, display_name, role, disabled, created_at`,
        [user.userId, user.tenantId, user.email, user.displayName, user.role, user.passwordHash],
      );
      if (!rows[0]) return undefined;
      const created = userFrom(rows[0]);
      await appendAudit(tx, user.tenantId, null, actor, 'user.create', null, { userId: created.userId, email: created.email, role: created.role });
      return created;
    });
  }

  /** For sign-in only: the one lookup not scoped by tenant (the user's tenant is what it finds). */
  async findUserForLogin(email: string): Promise<(UserRow & { passwordHash: string | null }) | undefined> {
    const { rows } = await this.db.pool.query(
      `SELECT user_id, tenant_id, email, display_name, role, disabled, created_at, password_hash
         FROM review_users WHERE lower(email) = lower($1)`,
      [email],
    );
    return rows[0] ? { ...userFrom(rows[0]), passwordHash: rows[0].password_hash } : undefined;
  }

  async setPasswordHash(tenantId: string, userId: string, passwordHash: string): Promise<void> {
    await this.db.pool.query(`UPDATE review_users SET password_hash = $3 WHERE tenant_id = $1 AND user_id = $2`, [tenantId, userId, passwordHash]);
  }

  async listUsers(tenantId: string): Promise<UserRow[]> {
    const { rows } = await this.db.pool.query(
      `SELECT user_id, tenant_id, email, display_name, role, disabled, created_at FROM review_users WHERE tenant_id = $1 ORDER BY lower(email)`,
      [tenantId],
    );
    return rows.map(userFrom);
  }

  /** Changes a user's role or disables them (their sessions stop at once); undefined when not in the tenant. */
  async updateUser(tenantId: string, userId: string, change: { role?: Role; disabled?: boolean }, actor: string): Promise<UserRow | undefined> {
    return this.db.transaction(async (tx) => {
      const before = await tx.query(`SELECT role, disabled FROM review_users WHERE tenant_id = $1 AND user_id = $2 FOR UPDATE`, [tenantId, userId]);
      if (!before.rows[0]) return undefined;
      const { rows } = await tx.query(
        `UPDATE review_users SET role = coalesce($3, role), disabled = coalesce($4, disabled) WHERE tenant_id = $1 AND user_id = $2
         RETURNING user_id, tenant_id, email, display_name, role, disabled, created_at`,
        [tenantId, userId, change.role ?? null, change.disabled ?? null],
      );
      if (change.disabled) await tx.query(`DELETE FROM review_sessions WHERE tenant_id = $1 AND user_id = $2`, [tenantId, userId]);
      const after = userFrom(rows[0]!);
      await appendAudit(tx, tenantId, null, actor, 'user.update', { userId, ...before.rows[0] }, { userId, role: after.role, disabled: after.disabled });
      return after;
    });
  }

  // Sessions ------------------------------------------------------------------------------------------------

  async createSession(s: { idHash: string; userId: string; tenantId: string; csrfToken: string; ttlMs: number }): Promise<string> {
    const { rows } = await this.db.pool.query(
      `INSERT INTO review_sessions (id_hash, user_id, tenant_id, csrf_token, expires_at)
       VALUES ($1, $2, $3, $4, now() + $5 * interval '1 millisecond') RETURNING expires_at`,
      [s.idHash, s.userId, s.tenantId, s.csrfToken, s.ttlMs],
    );
    return iso(rows[0].expires_at);
  }

  /** The live session with this id hash, its user enabled; expired ones read as absent. */
  async findSession(idHash: string): Promise<SessionRow | undefined> {
    const { rows } = await this.db.pool.query(
      `SELECT u.user_id, u.tenant_id, u.email, u.display_name, u.role, u.disabled, u.created_at, s.csrf_token, s.expires_at
         FROM review_sessions s JOIN review_users u ON u.user_id = s.user_id AND u.tenant_id = s.tenant_id
        WHERE s.id_hash = $1 AND s.expires_at > now() AND NOT u.disabled`,
      [idHash],
    );
    const r = rows[0];
    return r ? { user: userFrom(r), csrfToken: r.csrf_token, expiresAt: iso(r.expires_at) } : undefined;
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.db.pool.query(`DELETE FROM review_sessions WHERE id_hash = $1`, [idHash]);
  }

  async deleteExpiredSessions(): Promise<number> {
    const { rowCount } = await this.db.pool.query(`DELETE FROM review_sessions WHERE expires_at <= now()`);
    return rowCount ?? 0;
  }

  // Queue and packet ------------------------------------------------------------------------------------------

  /** Packets waiting for a person, most urgent first: earliest deadline, then worst open finding. */
  async queue(tenantId: string, deadlineMs: number, limit: number): Promise<QueueItem[]> {
    const { rows } = await this.db.pool.query(
      `SELECT p.packet_id, p.loan_number, p.status, p.submitted_at, p.decided_at, p.applicants,
              p.decided_at + $2 * interval '1 millisecond' AS deadline,
              EXISTS (SELECT 1 FROM audit_log a WHERE a.tenant_id = p.tenant_id AND a.packet_id = p.packet_id AND a.action = 'packet.escalated') AS escalated,
              (SELECT count(*)::int FROM documents d WHERE d.tenant_id = p.tenant_id AND d.packet_id = p.packet_id) AS documents,
              f.critical, f.warning, f.info, f.max_rank,
              c.user_id AS claim_user, u.email AS claim_email, u.display_name AS claim_name, c.claimed_at, c.expires_at AS claim_expires
         FROM packets p
         CROSS JOIN LATERAL (
           SELECT count(*) FILTER (WHERE severity = 'critical')::int AS critical,
                  count(*) FILTER (WHERE severity = 'warning')::int AS warning,
                  count(*) FILTER (WHERE severity = 'info')::int AS info,
                  coalesce(max(${SEVERITY_RANK}), 0) AS max_rank
             FROM findings WHERE tenant_id = p.tenant_id AND packet_id = p.packet_id AND status = 'open') f
         LEFT JOIN review_claims c ON c.tenant_id = p.tenant_id AND c.packet_id = p.packet_id AND c.expires_at > now()
         LEFT JOIN review_users u ON u.user_id = c.user_id
        WHERE p.tenant_id = $1 AND p.phase = 'awaiting_review'
        ORDER BY deadline ASC NULLS LAST, f.max_rank DESC, p.submitted_at ASC, p.packet_id
        LIMIT $3`,
      [tenantId, deadlineMs, limit],
    );
    const severities: (Severity | null)[] = [null, 'info', 'warning', 'critical'];
    return rows.map((r) => ({
      packetId: r.packet_id,
      loanNumber: r.loan_number,
      status: r.status,
      submittedAt: iso(r.submitted_at),
      decidedAt: isoOrNull(r.decided_at),
      deadline: isoOrNull(r.deadline),
      escalated: r.escalated,
      applicants: r.applicants,
      documents: r.documents,
      openFindings: { critical: r.critical, warning: r.warning, info: r.info },
      maxSeverity: severities[r.max_rank] ?? null,
      claim: claimFrom(r),
    }));
  }

  async packetHeader(key: PacketKey, deadlineMs: number): Promise<PacketHeader | undefined> {
    const { rows } = await this.db.pool.query(
      `SELECT packet_id, tenant_id, workflow_id, loan_number, status, phase, submitted_at, received_at, decided_at, applicants,
              CASE WHEN phase = 'awaiting_review' THEN decided_at + $3 * interval '1 millisecond' END AS deadline,
              EXISTS (SELECT 1 FROM audit_log a WHERE a.tenant_id = p.tenant_id AND a.packet_id = p.packet_id AND a.action = 'packet.escalated') AS escalated
         FROM packets p WHERE tenant_id = $1 AND packet_id = $2`,
      [key.tenantId, key.packetId, deadlineMs],
    );
    const r = rows[0];
    if (!r) return undefined;
    return {
      packetId: r.packet_id,
      tenantId: r.tenant_id,
      workflowId: r.workflow_id,
      loanNumber: r.loan_number,
      status: r.status,
      phase: r.phase,
      submittedAt: iso(r.submitted_at),
      receivedAt: iso(r.received_at),
      decidedAt: isoOrNull(r.decided_at),
      deadline: isoOrNull(r.deadline),
      escalated: r.escalated,
      applicants: r.applicants,
    };
  }

  /** Everything the packet view shows, in one round of queries; undefined when the packet is not in the tenant. */
  async packetView(key: PacketKey, deadlineMs: number): Promise<PacketView | undefined> {
    const header = await this.packetHeader(key, deadlineMs);
    if (!header) return undefined;
    const params = [key.tenantId, key.packetId];
    const q = (sql: string) => this.db.pool.query(sql, params);
    const [docs, segments, pages, fields, marks, findings, requests, claim] = await Promise.all([
      q(`SELECT document_id, filename, media_type, status, doc_type, page_count, error_code, error_message FROM documents
          WHERE tenant_id = $1 AND packet_id = $2 ORDER BY document_id`),
      q(`SELECT document_id, segment, doc_type, type_confidence, first_page, last_page FROM segments
          WHERE tenant_id = $1 AND packet_id = $2 ORDER BY document_id, segment`),
      q(`SELECT document_id, page_number, width, height, source, ocr_confidence FROM pages
          WHERE tenant_id = $1 AND packet_id = $2 ORDER BY document_id, page_number`),
      q(`SELECT document_id, segment, name, value, normalized, confidence, page_number, bbox, source, evidence FROM fields
          WHERE tenant_id = $1 AND packet_id = $2 ORDER BY document_id, segment, page_number, name`),
      q(`SELECT document_id, segment, name, kind, present, page_number, bbox, confidence FROM marks
          WHERE tenant_id = $1 AND packet_id = $2 ORDER BY document_id, segment, name`),
      // to_jsonb(f)->'passages': the guideline passages of 0009 where that migration ran, null before it.
      q(`SELECT f.finding_id, f.code, f.severity, f.message, f.document_ids, f.evidence, f.status, f.rule_id, f.rule_version, f.citation,
                to_jsonb(f) -> 'passages' AS passages,
                r.resolution, r.reason, r.updated_at AS resolved_at, ru.email AS resolved_by
           FROM findings f
           LEFT JOIN review_resolutions r ON r.tenant_id = f.tenant_id AND r.packet_id = f.packet_id AND r.finding_id = f.finding_id
           LEFT JOIN review_users ru ON ru.user_id = r.user_id
          WHERE f.tenant_id = $1 AND f.packet_id = $2 ORDER BY ${SEVERITY_RANK.replace('severity', 'f.severity')} DESC, f.finding_id`),
      q(`SELECT r.requested_documents, r.note, r.updated_at, u.email FROM review_requests r JOIN review_users u ON u.user_id = r.user_id
          WHERE r.tenant_id = $1 AND r.packet_id = $2`),
      q(`SELECT c.user_id AS claim_user, u.email AS claim_email, u.display_name AS claim_name, c.claimed_at, c.expires_at AS claim_expires
           FROM review_claims c JOIN review_users u ON u.user_id = c.user_id
          WHERE c.tenant_id = $1 AND c.packet_id = $2 AND c.expires_at > now()`),
    ]);
    const req = requests.rows[0];
    return {
      suggestedRequests: await this.suggestedRequests(key),
      ...header,
      documents: docs.rows.map((d) => ({
        documentId: d.document_id,
        filename: d.filename,
        mediaType: d.media_type,
        status: d.status,
        type: d.doc_type,
        pageCount: d.page_count,
        error: d.error_code ? { code: d.error_code, message: d.error_message } : null,
        segments: segments.rows
          .filter((g) => g.document_id === d.document_id)
          .map((g) => ({ segment: g.segment, type: g.doc_type, typeConfidence: g.type_confidence, firstPage: g.first_page, lastPage: g.last_page })),
        pages: pages.rows
          .filter((p) => p.document_id === d.document_id)
          .map((p) => ({ pageNumber: p.page_number, width: p.width, height: p.height, source: p.source, ocrConfidence: p.ocr_confidence })),
      })),
      fields: fields.rows.map((f) => ({
        documentId: f.document_id,
        segment: f.segment,
        name: f.name,
        value: f.value,
        normalized: f.normalized,
        confidence: f.confidence,
        page: f.page_number,
        bbox: f.bbox,
        source: f.source,
        evidence: f.evidence,
      })),
      marks: marks.rows.map((m) => ({
        documentId: m.document_id,
        segment: m.segment,
        name: m.name,
        kind: m.kind,
        present: m.present,
        page: m.page_number,
        bbox: m.bbox,
        confidence: m.confidence,
      })),
      findings: findings.rows.map((f) => ({
        findingId: f.finding_id,
        code: f.code,
        severity: f.severity,
        message: f.message,
        documentIds: f.document_ids,
        evidence: f.evidence,
        status: f.status,
        ruleId: f.rule_id,
        ruleVersion: f.rule_version,
        citation: f.citation,
        passages: f.passages ?? [],
        resolution: f.resolution ? { resolution: f.resolution, reason: f.reason, by: f.resolved_by, at: iso(f.resolved_at) } : null,
      })),
      requests: req ? { requestedDocuments: req.requested_documents, note: req.note, by: req.email, at: iso(req.updated_at) } : null,
      claim: claim.rows[0] ? claimFrom(claim.rows[0]) : null,
    };
  }

  /** borrower_requests comes with migration 0009; without it there is nothing to suggest. */
  private async suggestedRequests(key: PacketKey): Promise<PacketView['suggestedRequests']> {
    const exists = await this.db.pool.query(`SELECT to_regclass('borrower_requests') IS NOT NULL AS ok`);
    if (!exists.rows[0]?.ok) return [];
    const { rows } = await this.db.pool.query(`SELECT items FROM borrower_requests WHERE tenant_id = $1 AND packet_id = $2`, [key.tenantId, key.packetId]);
    return ((rows[0]?.items ?? []) as PacketView['suggestedRequests']).map((i) => ({ itemId: i.itemId, kind: i.kind, text: i.text, section: i.section, findingIds: i.findingIds }));
  }

  /** A document's file reference (to render its pages), within the tenant. */
  async documentFile(key: PacketKey & { documentId: string }): Promise<(DocumentFile & { pageCount: number | null }) | undefined> {
    const { rows } = await this.db.pool.query(
      `SELECT document_id, uri, sha256, media_type, filename, page_count FROM documents WHERE tenant_id = $1 AND packet_id = $2 AND document_id = $3`,
      [key.tenantId, key.packetId, key.documentId],
    );
    const r = rows[0];
    return r ? { documentId: r.document_id, uri: r.uri, sha256: r.sha256, mediaType: r.media_type, filename: r.filename, pageCount: r.page_count } : undefined;
  }

  async packetAudit(key: PacketKey, limit: number): Promise<AuditEntry[]> {
    const { rows } = await this.db.pool.query(
      `SELECT id, actor, action, before, after, at FROM audit_log WHERE tenant_id = $1 AND packet_id = $2 ORDER BY at DESC, id DESC LIMIT $3`,
      [key.tenantId, key.packetId, limit],
    );
    return rows.map((r) => ({ id: Number(r.id), actor: r.actor, action: r.action, before: r.before, after: r.after, at: iso(r.at) }));
  }

  // Claims ------------------------------------------------------------------------------------------------

  /**
   * Claims a packet waiting for review for `ttlMs`. The holder renews it; anyone may take an expired claim; `force`
   * (a lead) takes a live one. Atomic: of two people claiming at once, one gets it.
   */
  async claim(key: PacketKey, user: { userId: string; email: string }, ttlMs: number, force: boolean): Promise<ClaimResult> {
    return this.db.transaction(async (tx) => {
      const packet = await tx.query(`SELECT phase FROM packets WHERE tenant_id = $1 AND packet_id = $2`, [key.tenantId, key.packetId]);
      if (packet.rows[0]?.phase !== 'awaiting_review') return { ok: false, reason: 'not_awaiting_review' } as const;
      const before = await tx.query(
        `SELECT c.user_id AS claim_user, u.email AS claim_email, u.display_name AS claim_name, c.claimed_at, c.expires_at AS claim_expires
           FROM review_claims c JOIN review_users u ON u.user_id = c.user_id
          WHERE c.tenant_id = $1 AND c.packet_id = $2 AND c.expires_at > now() FOR UPDATE OF c`,
        [key.tenantId, key.packetId],
      );
      const held = before.rows[0] ? claimFrom(before.rows[0]) : null;
      if (held && held.userId !== user.userId && !force) return { ok: false, reason: 'held', heldBy: held } as const;
      // The WHERE decides again under the row lock: a claim someone else took since the read above is not overwritten.
      const taken = await tx.query(
        `INSERT INTO review_claims (tenant_id, packet_id, user_id, expires_at) VALUES ($1, $2, $3, now() + $4 * interval '1 millisecond')
         ON CONFLICT (tenant_id, packet_id) DO UPDATE
           SET user_id = EXCLUDED.user_id, expires_at = EXCLUDED.expires_at,
               claimed_at = CASE WHEN review_claims.user_id = EXCLUDED.user_id AND review_claims.expires_at > now() THEN review_claims.claimed_at ELSE now() END
         WHERE review_claims.user_id = EXCLUDED.user_id OR review_claims.expires_at <= now() OR $5`,
        [key.tenantId, key.packetId, user.userId, ttlMs, force],
      );
      const after = await tx.query(
        `SELECT c.user_id AS claim_user, u.email AS claim_email, u.display_name AS claim_name, c.claimed_at, c.expires_at AS claim_expires
           FROM review_claims c JOIN review_users u ON u.user_id = c.user_id WHERE c.tenant_id = $1 AND c.packet_id = $2`,
        [key.tenantId, key.packetId],
      );
      const claim = claimFrom(after.rows[0]!)!;
      if (!taken.rowCount) return { ok: false, reason: 'held', heldBy: claim } as const;
      if (held?.userId !== user.userId) {
        await appendAudit(tx, key.tenantId, key.packetId, user.email, force && held ? 'review.claim.take_over' : 'review.claim', held ? { claimedBy: held.email } : null, {
          claimedBy: user.email,
          expiresAt: claim.expiresAt,
        });
      }
      return { ok: true, claim } as const;
    });
  }

  /** Releases the claim (the holder's own; `any` for a lead). True when a live claim was released. */
  async release(key: PacketKey, user: { userId: string; email: string }, any: boolean): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query(
        `DELETE FROM review_claims c USING review_users u
          WHERE c.tenant_id = $1 AND c.packet_id = $2 AND u.user_id = c.user_id AND c.expires_at > now() AND (c.user_id = $3 OR $4)
          RETURNING u.email`,
        [key.tenantId, key.packetId, user.userId, any],
      );
      if (!rows[0]) return false;
      await appendAudit(tx, key.tenantId, key.packetId, user.email, 'review.release', { claimedBy: rows[0].email }, null);
      return true;
    });
  }

  /** Renews the user's live claim on a packet waiting for review; false when they hold none (or it is not waiting). */
  async renewClaim(key: PacketKey, userId: string, ttlMs: number): Promise<boolean> {
    const { rowCount } = await this.db.pool.query(
      `UPDATE review_claims c SET expires_at = now() + $4 * interval '1 millisecond'
         FROM packets p
        WHERE c.tenant_id = $1 AND c.packet_id = $2 AND c.user_id = $3 AND c.expires_at > now()
          AND p.tenant_id = c.tenant_id AND p.packet_id = c.packet_id AND p.phase = 'awaiting_review'`,
      [key.tenantId, key.packetId, userId, ttlMs],
    );
    return (rowCount ?? 0) > 0;
  }

  // Reviewer actions ----------------------------------------------------------------------------------------

  /** Records a resolution of a finding (or clears it with `null`); false when the finding is not in the packet. */
  async resolveFinding(
    key: PacketKey,
    findingId: string,
    resolution: { resolution: 'confirmed' | 'dismissed'; reason: string | null } | null,
    user: { userId: string; email: string },
  ): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const finding = await tx.query(`SELECT status FROM findings WHERE tenant_id = $1 AND packet_id = $2 AND finding_id = $3`, [key.tenantId, key.packetId, findingId]);
      if (!finding.rows[0]) return false;
      const prior = await tx.query(
        `SELECT resolution, reason FROM review_resolutions WHERE tenant_id = $1 AND packet_id = $2 AND finding_id = $3 FOR UPDATE`,
        [key.tenantId, key.packetId, findingId],
      );
      const before = { findingId, status: finding.rows[0].status, resolution: prior.rows[0]?.resolution ?? null, reason: prior.rows[0]?.reason ?? null };
      if (resolution) {
        await tx.query(
          `INSERT INTO review_resolutions (tenant_id, packet_id, finding_id, resolution, reason, user_id) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (tenant_id, packet_id, finding_id) DO UPDATE
             SET resolution = EXCLUDED.resolution, reason = EXCLUDED.reason, user_id = EXCLUDED.user_id, updated_at = now()`,
          [key.tenantId, key.packetId, findingId, resolution.resolution, resolution.reason, user.userId],
        );
      } else {
        await tx.query(`DELETE FROM review_resolutions WHERE tenant_id = $1 AND packet_id = $2 AND finding_id = $3`, [key.tenantId, key.packetId, findingId]);
      }
      const action = resolution ? (resolution.resolution === 'confirmed' ? 'review.finding.confirm' : 'review.finding.dismiss') : 'review.finding.reopen';
      await appendAudit(tx, key.tenantId, key.packetId, user.email, action, before, {
        findingId,
        resolution: resolution?.resolution ?? null,
        reason: resolution?.reason ?? null,
      });
      return true;
    });
  }

  /** The document type the pipeline gave one document of a file (null: unclassified; undefined: no such document). */
  async segmentType(key: PacketKey, documentId: string, segment: number): Promise<string | null | undefined> {
    const { rows } = await this.db.pool.query(
      `SELECT g.doc_type AS segment_type, d.doc_type FROM documents d
         LEFT JOIN segments g ON g.tenant_id = d.tenant_id AND g.packet_id = d.packet_id AND g.document_id = d.document_id AND g.segment = $4
        WHERE d.tenant_id = $1 AND d.packet_id = $2 AND d.document_id = $3`,
      [key.tenantId, key.packetId, documentId, segment],
    );
    if (!rows[0]) return undefined;
    return rows[0].segment_type ?? rows[0].doc_type ?? null;
  }

  /**
   * Corrects (or adds) a field: the value becomes the reviewer's (source `reviewer`, confidence 1) and the audit
   * row keeps what the pipeline had. Returns false when the field does not exist and no page was given to add it,
   * or the document is not in the packet.
   */
  async correctField(key: PacketKey, c: FieldCorrection, user: { userId: string; email: string }): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const params = [key.tenantId, key.packetId, c.documentId, c.segment, c.name];
      const found = await tx.query(
        `SELECT value, normalized, confidence, page_number, bbox, source FROM fields
          WHERE tenant_id = $1 AND packet_id = $2 AND document_id = $3 AND segment = $4 AND name = $5 FOR UPDATE`,
        params,
      );
      const prior = found.rows[0];
      if (prior) {
        await tx.query(
          `UPDATE fields SET value = $6, normalized = $7, confidence = 1, source = 'reviewer',
                  page_number = coalesce($8, page_number), bbox = coalesce($9, bbox)
            WHERE tenant_id = $1 AND packet_id = $2 AND document_id = $3 AND segment = $4 AND name = $5`,
          [...params, c.value, c.normalized, c.page ?? null, c.bbox ? JSON.stringify(c.bbox) : null],
        );
      } else {
        if (c.page === undefined) return false;
        const doc = await tx.query(`SELECT 1 FROM documents WHERE tenant_id = $1 AND packet_id = $2 AND document_id = $3`, params.slice(0, 3));
        if (!doc.rows[0]) return false;
        await tx.query(
          `INSERT INTO fields (tenant_id, packet_id, document_id, segment, name, value, normalized, confidence, page_number, bbox, source, evidence)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9, 'reviewer', '')`,
          [...params, c.value, c.normalized, c.page, JSON.stringify(c.bbox ?? { x: 0, y: 0, w: 0, h: 0 })],
        );
      }
      const where = { documentId: c.documentId, segment: c.segment, name: c.name };
      await appendAudit(
        tx,
        key.tenantId,
        key.packetId,
        user.email,
        'review.field.correct',
        prior ? { ...where, value: prior.value, normalized: prior.normalized, confidence: prior.confidence, source: prior.source, page: prior.page_number, bbox: prior.bbox } : null,
        { ...where, value: c.value, normalized: c.normalized, source: 'reviewer', ...(c.page !== undefined ? { page: c.page } : {}), ...(c.bbox ? { bbox: c.bbox } : {}) },
      );
      return true;
    });
  }

  /** Replaces the list of documents to request from the borrower, and the reviewer's note. */
  async setRequests(key: PacketKey, requestedDocuments: string[], note: string | null, user: { userId: string; email: string }): Promise<void> {
    await this.db.transaction(async (tx) => {
      const prior = await tx.query(`SELECT requested_documents, note FROM review_requests WHERE tenant_id = $1 AND packet_id = $2 FOR UPDATE`, [key.tenantId, key.packetId]);
      await tx.query(
        `INSERT INTO review_requests (tenant_id, packet_id, requested_documents, note, user_id) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id, packet_id) DO UPDATE
           SET requested_documents = EXCLUDED.requested_documents, note = EXCLUDED.note, user_id = EXCLUDED.user_id, updated_at = now()`,
        [key.tenantId, key.packetId, JSON.stringify(requestedDocuments), note, user.userId],
      );
      await appendAudit(
        tx,
        key.tenantId,
        key.packetId,
        user.email,
        'review.documents.request',
        prior.rows[0] ? { requestedDocuments: prior.rows[0].requested_documents, note: prior.rows[0].note } : null,
        { requestedDocuments, note },
      );
    });
  }

  /** What approve/return sends: the resolutions and requests so far, and which open findings have none. */
  async draftReview(key: PacketKey): Promise<DraftReview> {
    const params = [key.tenantId, key.packetId];
    const [findings, requests] = await Promise.all([
      this.db.pool.query(
        `SELECT f.finding_id, f.status, r.resolution, r.reason FROM findings f
           LEFT JOIN review_resolutions r ON r.tenant_id = f.tenant_id AND r.packet_id = f.packet_id AND r.finding_id = f.finding_id
          WHERE f.tenant_id = $1 AND f.packet_id = $2 ORDER BY f.finding_id`,
        params,
      ),
      this.db.pool.query(`SELECT requested_documents, note FROM review_requests WHERE tenant_id = $1 AND packet_id = $2`, params),
    ]);
    return {
      findings: findings.rows
        .filter((f) => f.resolution)
        .map((f) => ({ findingId: f.finding_id, resolution: f.resolution, ...(f.reason ? { reason: f.reason } : {}) })),
      requestedDocuments: requests.rows[0]?.requested_documents ?? [],
      note: requests.rows[0]?.note ?? null,
      unresolved: findings.rows.filter((f) => !f.resolution && f.status === 'open').map((f) => f.finding_id),
    };
  }

  /** A reviewer's decision was accepted by the workflow: their claim ends. */
  async closeClaim(key: PacketKey): Promise<void> {
    await this.db.pool.query(`DELETE FROM review_claims WHERE tenant_id = $1 AND packet_id = $2`, [key.tenantId, key.packetId]);
  }

  /** Appends one audit row (sign-ins, submissions); packet-less rows have `packetId` null. */
  async audit(entry: { tenantId: string; packetId: string | null; actor: string; action: string; before?: unknown; after?: unknown }): Promise<void> {
    await appendAudit(this.db.pool, entry.tenantId, entry.packetId, entry.actor, entry.action, entry.before ?? null, entry.after ?? null);
  }
}

async function appendAudit(db: Queryable, tenantId: string, packetId: string | null, actor: string, action: string, before: unknown, after: unknown): Promise<void> {
  await db.query(`INSERT INTO audit_log (tenant_id, packet_id, actor, action, before, after) VALUES ($1, $2, $3, $4, $5, $6)`, [
    tenantId,
    packetId,
    actor,
    action,
    before === null ? null : JSON.stringify(before),
    after === null ? null : JSON.stringify(after),
  ]);
}
