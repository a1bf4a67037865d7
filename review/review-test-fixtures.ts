import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { packetWorkflowId, type PacketEventV1 } from '../core/events.js';
import type { Finding } from '../core/findings.js';
import { PacketRepository } from '../db/packet-repository.js';
import type { Database } from '../db/pool.js';
import { ReviewRepository, type Role } from '../db/review-repository.js';
import { addUser } from './auth/users.js';
import { CSRF_HEADER } from './review-app.js';

/** Test helpers for the review API suites (unit on PGlite, integration on PostgreSQL + Temporal). */

/** Cheap scrypt for tests only: hashing cost is not what these tests check. */
export const TEST_SCRYPT = { logN: 10, r: 8, p: 1 } as const;
export const TEST_PASSWORD = 'correct horse battery staple';

export interface Session {
  cookie: string;
  csrf: string;
}

export async function createTestUser(db: Database, tenantId: string, email: string, role: Role): Promise<void> {
  const user = await addUser(new ReviewRepository(db), { tenantId, email, displayName: email.split('@')[0]!, role, password: TEST_PASSWORD }, 'test', TEST_SCRYPT);
  if (!user) throw new Error(`user ${email} exists`);
}

export async function signIn(app: FastifyInstance, email: string, password = TEST_PASSWORD): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/session', headers: { [CSRF_HEADER]: '1' }, payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${email} failed: ${res.statusCode} ${res.body}`);
  const setCookie = String(res.headers['set-cookie']);
  return { cookie: setCookie.split(';')[0]!, csrf: res.json().csrfToken };
}

/** A call as `session` (cookie and CSRF header), or anonymous. */
export function call(app: FastifyInstance, session: Session | undefined, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url,
    headers: session ? { cookie: session.cookie, [CSRF_HEADER]: session.csrf } : {},
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

/** A small two-page PDF in `dir` with its sha256, as a packet's document reference. */
export async function writeTestPdf(dir: string, name: string): Promise<{ uri: string; sha256: string; bytes: Uint8Array }> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const text of ['Page one: Employer ACME', 'Page two: Wages 52,000.00']) pdf.addPage([300, 200]).drawText(text, { x: 20, y: 100, size: 12, font });
  const bytes = await pdf.save();
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  return { uri: `file://${file}`, sha256: createHash('sha256').update(bytes).digest('hex'), bytes };
}

/**
 * A packet as the pipeline leaves it when it needs a person: documents, pages, fields and findings stored, phase
 * `awaiting_review`, decided at `decidedAt`.
 */
export async function seedWaitingPacket(
  db: Database,
  opts: { tenantId: string; packetId: string; decidedAt: string; doc: { uri: string; sha256: string }; findings: Pick<Finding, 'findingId' | 'severity'>[] },
): Promise<void> {
  const repo = new PacketRepository(db);
  const event: PacketEventV1 = {
    schema: 'docket.packets.v1',
    tenantId: opts.tenantId,
    packetId: opts.packetId,
    loanNumber: `L-${opts.packetId}`,
    submittedAt: '2026-01-05T10:00:00Z',
    applicants: [{ role: 'borrower', firstName: 'Avery', lastName: 'Quinlan' }],
    documents: [{ documentId: 'd1', uri: opts.doc.uri, mediaType: 'application/pdf', sha256: opts.doc.sha256, filename: 'w2.pdf' }],
  };
  const key = { tenantId: opts.tenantId, packetId: opts.packetId };
  await repo.upsertPacket(event, packetWorkflowId(opts.tenantId, opts.packetId), 'test');
  const page = (n: number) => ({ pageNumber: n, source: 'text-layer' as const, width: 300, height: 200, text: 'x', lines: [], confidence: 1 });
  await repo.savePages({ ...key, documentId: 'd1' }, [page(1), page(2)]);
  await repo.setDocumentType({ ...key, documentId: 'd1' }, 'w2', 0.98);
  await repo.replaceFields({ ...key, documentId: 'd1' }, [
    { name: 'employer_name', value: 'ACME', normalized: 'ACME', confidence: 0.91, page: 1, bbox: { x: 0.1, y: 0.4, w: 0.5, h: 0.1 }, source: 'text-layer', evidence: 'Employer ACME' },
    { name: 'wages', value: '52,000.00', normalized: '52000.00', confidence: 0.55, page: 2, bbox: { x: 0.1, y: 0.4, w: 0.6, h: 0.1 }, source: 'text-layer', evidence: 'Wages 52,000.00' },
  ]);
  await repo.saveFindings(
    key,
    opts.findings.map((f) => ({
      ...f,
      code: 'missing_field',
      message: `finding ${f.findingId}`,
      documentIds: ['d1'],
      evidence: [{ documentId: 'd1', page: 2, bbox: { x: 0.1, y: 0.4, w: 0.6, h: 0.1 }, field: 'wages' }],
      ruleId: 'income.wages',
      ruleVersion: 1,
      citation: { topic: 'income', section: '4.2' },
    })),
    'needs_review',
  );
  await db.pool.query(`UPDATE packets SET phase = 'awaiting_review', decided_at = $3 WHERE tenant_id = $1 AND packet_id = $2`, [opts.tenantId, opts.packetId, opts.decidedAt]);
}
