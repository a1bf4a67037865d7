import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDocumentStore } from '../connectors/objectstore/document-store.js';
import type { PacketState, ReviewDecision } from '../core/review.js';
import type { PacketKey } from '../db/packet-repository.js';
import { openDatabase, type Database } from '../db/pool.js';
import { createLogger } from '../platform/logger.js';
import { InvalidReviewError } from '../platform/errors.js';
import { hashSessionId } from './auth/identity.js';
import { ReviewRepository } from '../db/review-repository.js';
import type { PacketWorkflows } from './packet-workflows.js';
import { createPageRenderer } from './page-renderer.js';
import { createReviewApp, CSRF_HEADER } from './review-app.js';
import { call, createTestUser, seedWaitingPacket, signIn, TEST_PASSWORD, TEST_SCRYPT, writeTestPdf, type Session } from './review-test-fixtures.js';

/** Records what the API sends to the workflows; `refuse` makes the next update fail as a refused update does. */
class FakeWorkflows implements PacketWorkflows {
  sent: { key: PacketKey; decision: ReviewDecision }[] = [];
  refuse = false;
  async submitReview(key: PacketKey, decision: ReviewDecision): Promise<PacketState> {
    if (this.refuse) throw new InvalidReviewError('the workflow refused the review: packet is done, not awaiting review');
    this.sent.push({ key, decision });
    return { phase: 'awaiting_review', escalated: false, documentsDone: 1, documentsTotal: 1, review: { reviewer: decision.reviewer, outcome: decision.outcome } };
  }
  async state(key: PacketKey): Promise<PacketState | undefined> {
    return key.packetId === 'p-late' ? { phase: 'awaiting_review', status: 'needs_review', escalated: false, documentsDone: 1, documentsTotal: 1 } : undefined;
  }
}

const HOUR = 3_600_000;

describe('review API on PGlite', () => {
  let dir: string;
  let db: Database;
  let app: FastifyInstance;
  let workflows: FakeWorkflows;
  const s: Record<'uw' | 'uw2' | 'lead' | 'analyst' | 'admin' | 'other', Session> = {} as never;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'docket-review-'));
    db = await openDatabase({ dataDir: path.join(dir, 'pg'), poolMax: 1 }, createLogger('silent'));
    const doc = await writeTestPdf(dir, 'w2.pdf');
    // Three waiting packets in acme: the earliest deadline first, then the worst open finding.
    await seedWaitingPacket(db, { tenantId: 'acme', packetId: 'p-late', decidedAt: '2026-01-06T12:00:00Z', doc, findings: [{ findingId: 'f-warn', severity: 'warning' }, { findingId: 'f-info', severity: 'info' }] });
    await seedWaitingPacket(db, { tenantId: 'acme', packetId: 'p-early-info', decidedAt: '2026-01-06T09:00:00Z', doc, findings: [{ findingId: 'f1', severity: 'info' }] });
    await seedWaitingPacket(db, { tenantId: 'acme', packetId: 'p-early-crit', decidedAt: '2026-01-06T09:00:00Z', doc, findings: [{ findingId: 'f1', severity: 'critical' }] });
    await seedWaitingPacket(db, { tenantId: 'globex', packetId: 'p-globex', decidedAt: '2026-01-06T08:00:00Z', doc, findings: [{ findingId: 'g1', severity: 'critical' }] });
    await createTestUser(db, 'acme', 'uw@acme.test', 'underwriter');
    await createTestUser(db, 'acme', 'uw2@acme.test', 'underwriter');
    await createTestUser(db, 'acme', 'lead@acme.test', 'lead');
    await createTestUser(db, 'acme', 'analyst@acme.test', 'analyst');
    await createTestUser(db, 'acme', 'admin@acme.test', 'admin');
    await createTestUser(db, 'globex', 'uw@globex.test', 'underwriter');
    workflows = new FakeWorkflows();
    const store = createDocumentStore({ fileRoot: dir });
    app = await createReviewApp({
      db,
      workflows,
      pages: createPageRenderer({ store, maxBytes: 10_000_000, maxPages: 100, maxPixels: 10_000_000 }),
      logger: createLogger('silent'),
      options: { sessionTtlMs: 8 * HOUR, claimTtlMs: 30 * 60_000, reviewDeadlineMs: 72 * HOUR, secureCookie: false, scrypt: TEST_SCRYPT },
    });
    s.uw = await signIn(app, 'uw@acme.test');
    s.uw2 = await signIn(app, 'UW2@acme.test');
    s.lead = await signIn(app, 'lead@acme.test');
    s.analyst = await signIn(app, 'analyst@acme.test');
    s.admin = await signIn(app, 'admin@acme.test');
    s.other = await signIn(app, 'uw@globex.test');
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    workflows.refuse = false;
  });

  const openapiOperations = async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, { security: unknown[]; 'x-docket-roles'?: string[] }>> };
    return Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase() as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: p, url: p.replace(/\{(\w+)\}/g, (_, n: string) => (n === 'page' || n === 'segment' ? '1' : `x-${n}`)), op })),
    );
  };

  describe('system and session', () => {
    it('serves /healthz and an OpenAPI document listing every route', async () => {
      expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok', database: 'ok' });
      const ops = await openapiOperations();
      expect(ops.map((o) => `${o.method} ${o.path}`).sort()).toEqual(
        [
          'GET /healthz',
          'GET /openapi.json',
          'POST /api/session',
          'GET /api/session',
          'DELETE /api/session',
          'GET /api/queue',
          'POST /api/packets/{packetId}/claim',
          'DELETE /api/packets/{packetId}/claim',
          'GET /api/packets/{packetId}',
          'GET /api/packets/{packetId}/state',
          'GET /api/packets/{packetId}/audit',
          'GET /api/packets/{packetId}/documents/{documentId}/pages/{page}',
          'POST /api/packets/{packetId}/findings/{findingId}/confirm',
          'POST /api/packets/{packetId}/findings/{findingId}/dismiss',
          'DELETE /api/packets/{packetId}/findings/{findingId}/resolution',
          'PUT /api/packets/{packetId}/documents/{documentId}/segments/{segment}/fields/{name}',
          'PUT /api/packets/{packetId}/requested-documents',
          'POST /api/packets/{packetId}/approve',
          'POST /api/packets/{packetId}/return',
          'GET /api/users',
          'POST /api/users',
          'PATCH /api/users/{userId}',
          'GET /api/dashboards/eval-runs',
          'GET /api/dashboards/operations',
        ].sort(),
      );
      const login = ops.find((o) => o.method === 'POST' && o.path === '/api/session')!.op as unknown as { requestBody: { content: Record<string, { schema: { required: string[] } }> } };
      expect(login.requestBody.content['application/json']!.schema.required).toEqual(['email', 'password']);
    });

    it('signs in with a session cookie that is HttpOnly, SameSite=Strict and stored only as a hash', async () => {
      const res = await app.inject({ method: 'POST', url: '/api/session', headers: { [CSRF_HEADER]: '1' }, payload: { email: 'uw@acme.test', password: TEST_PASSWORD } });
      expect(res.statusCode).toBe(200);
      const cookie = String(res.headers['set-cookie']);
      expect(cookie).toMatch(/^docket_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=28800$/);
      const id = decodeURIComponent(cookie.split(';')[0]!.split('=')[1]!);
      const { rows } = await db.pool.query(`SELECT id_hash FROM review_sessions WHERE id_hash = $1 OR id_hash = $2`, [id, hashSessionId(id)]);
      expect(rows.map((r) => r.id_hash)).toEqual([hashSessionId(id)]);
      expect(res.json().user).toEqual({ userId: expect.any(String), tenantId: 'acme', email: 'uw@acme.test', displayName: 'uw', role: 'underwriter' });
      const me = await call(app, s.uw, 'GET', '/api/session');
      expect(me.json()).toMatchObject({ user: { email: 'uw@acme.test' }, csrfToken: s.uw.csrf });
    });

    it('refuses wrong passwords, unknown emails and a sign-in without the CSRF header', async () => {
      const attempt = (payload: unknown, headers: Record<string, string> = { [CSRF_HEADER]: '1' }) =>
        app.inject({ method: 'POST', url: '/api/session', headers, payload: payload as Record<string, string> });
      expect((await attempt({ email: 'uw@acme.test', password: 'wrong password!' })).json().error.code).toBe('invalid_credentials');
      expect((await attempt({ email: 'nobody@acme.test', password: TEST_PASSWORD })).statusCode).toBe(401);
      const noHeader = await attempt({ email: 'uw@acme.test', password: TEST_PASSWORD }, {});
      expect(noHeader.statusCode).toBe(403);
      expect(noHeader.json().error.code).toBe('csrf');
      expect((await attempt({ email: 'uw@acme.test' })).statusCode).toBe(400);
    });

    it('stops password guessing: the 11th sign-in attempt for one email from one address within 15 minutes gets 429', async () => {
      const attempt = (email: string, password = 'wrong password!') =>
        app.inject({ method: 'POST', url: '/api/session', headers: { [CSRF_HEADER]: '1' }, remoteAddress: '203.0.113.9', payload: { email, password } });
      for (let i = 0; i < 10; i++) expect((await attempt('analyst@acme.test')).statusCode).toBe(401);
      const blocked = await attempt('analyst@acme.test', TEST_PASSWORD);
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json().error.code).toBe('too_many_attempts');
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      // Another account from the same address, and the same account from another address, still sign in.
      expect((await attempt('lead@acme.test', TEST_PASSWORD)).statusCode).toBe(200);
      const elsewhere = await app.inject({ method: 'POST', url: '/api/session', headers: { [CSRF_HEADER]: '1' }, remoteAddress: '203.0.113.10', payload: { email: 'analyst@acme.test', password: TEST_PASSWORD } });
      expect(elsewhere.statusCode).toBe(200);
    });

    it('signs out: the session no longer works', async () => {
      const session = await signIn(app, 'uw@acme.test');
      expect((await call(app, session, 'DELETE', '/api/session')).statusCode).toBe(204);
      expect((await call(app, session, 'GET', '/api/queue')).statusCode).toBe(401);
    });

    it('expires sessions: past their expiry they sign nobody in, and expired rows are swept', async () => {
      const session = await signIn(app, 'uw@acme.test');
      expect((await call(app, session, 'GET', '/api/queue')).statusCode).toBe(200);
      const id = decodeURIComponent(session.cookie.split(';')[0]!.split('=')[1]!);
      await db.pool.query(`UPDATE review_sessions SET expires_at = now() - interval '1 second' WHERE id_hash = $1`, [hashSessionId(id)]);
      expect((await call(app, session, 'GET', '/api/queue')).statusCode).toBe(401);
      expect(await new ReviewRepository(db).deleteExpiredSessions()).toBeGreaterThanOrEqual(1);
      const { rows } = await db.pool.query(`SELECT 1 FROM review_sessions WHERE id_hash = $1`, [hashSessionId(id)]);
      expect(rows).toEqual([]);
    });

    it('refuses every non-public route without a session (401)', async () => {
      const ops = (await openapiOperations()).filter((o) => o.op.security.length > 0);
      expect(ops.length).toBeGreaterThan(15);
      for (const o of ops) {
        const res = await app.inject({ method: o.method, url: o.url, headers: { [CSRF_HEADER]: 'x' }, payload: {} });
        expect(res.statusCode, `${o.method} ${o.path}`).toBe(401);
        expect(res.json().error.code).toBe('unauthenticated');
      }
      const forged = await app.inject({ method: 'GET', url: '/api/queue', headers: { cookie: 'docket_session=forged' } });
      expect(forged.statusCode).toBe(401);
    });

    it('refuses state-changing routes without the session CSRF token (403)', async () => {
      const ops = (await openapiOperations()).filter((o) => o.method !== 'GET' && o.op.security.length > 0);
      for (const o of ops) {
        for (const csrf of [undefined, 'wrong-token']) {
          const res = await app.inject({ method: o.method, url: o.url, headers: { cookie: s.lead.cookie, ...(csrf ? { [CSRF_HEADER]: csrf } : {}) }, payload: {} });
          // Routes the lead's role may not call answer 403 forbidden before the CSRF check; all others 403 csrf.
          expect(res.statusCode, `${o.method} ${o.path}`).toBe(403);
        }
      }
      const res = await app.inject({ method: 'POST', url: '/api/packets/p-late/claim', headers: { cookie: s.uw.cookie, [CSRF_HEADER]: s.uw2.csrf }, payload: {} });
      expect(res.json().error.code).toBe('csrf');
    });

    it('refuses roles that may not call a route (403)', async () => {
      for (const o of await openapiOperations()) {
        const roles = o.op['x-docket-roles'];
        if (!roles) continue;
        for (const [name, role] of [['uw', 'underwriter'], ['lead', 'lead'], ['analyst', 'analyst'], ['admin', 'admin']] as const) {
          if (roles.includes(role)) continue;
          const res = await call(app, s[name], o.method, o.url, {});
          expect(res.statusCode, `${role} ${o.method} ${o.path}`).toBe(403);
          expect(res.json().error.code).toBe('forbidden');
        }
      }
      // Spot checks of the matrix: analysts read but never act; admins manage users, never read packets.
      expect((await call(app, s.analyst, 'GET', '/api/packets/p-late')).statusCode).toBe(200);
      expect((await call(app, s.analyst, 'POST', '/api/packets/p-late/claim', {})).statusCode).toBe(403);
      expect((await call(app, s.admin, 'GET', '/api/queue')).statusCode).toBe(403);
      expect((await call(app, s.uw, 'GET', '/api/users')).statusCode).toBe(403);
      expect((await call(app, s.uw, 'POST', '/api/packets/p-late/claim', { force: true })).statusCode).toBe(403);
    });
  });

  describe('malformed input', () => {
    // Bodies a careless or hostile client sends: wrong types, nesting where a string belongs, an object that cannot
    // become a string, deep nesting, arrays and scalars for the whole body, JSON that does not parse.
    const deep = (n: number): unknown => (n === 0 ? 'x' : { a: deep(n - 1) });
    const BODIES: { name: string; payload: string }[] = [
      { name: 'nested email', payload: JSON.stringify({ email: { email: 'uw@acme.test' }, password: { p: 1 } }) },
      { name: 'object with a toString field', payload: JSON.stringify({ email: { toString: 1, valueOf: 2 }, password: 'x' }) },
      { name: 'array body', payload: JSON.stringify([1, 2, 3]) },
      { name: 'scalar body', payload: '42' },
      { name: 'null body', payload: 'null' },
      { name: 'deep nesting', payload: JSON.stringify(deep(2000)) },
      { name: 'nesting past a recursive parser\'s stack', payload: `{"email":${'['.repeat(200_000)}${']'.repeat(200_000)}}` },
      { name: 'wrong types everywhere', payload: JSON.stringify({ email: 5, password: true, role: [], displayName: {}, outcome: 7, findings: 'x', value: { v: [] }, items: 3 }) },
      { name: 'broken JSON', payload: '{"email": ' },
      { name: '__proto__ keys', payload: '{"__proto__": {"admin": true}, "constructor": {"prototype": {}}}' },
    ];

    it('answers every route, signed in or not, with a 4xx, never a 500', async () => {
      const ops = await openapiOperations();
      const failures: string[] = [];
      const admin = await signIn(app, 'admin@acme.test');
      // Signing out takes no body, and would end the session the other calls use.
      for (const o of ops.filter((x) => x.method !== 'GET' && !(x.method === 'DELETE' && x.path === '/api/session'))) {
        for (const who of [undefined, admin]) {
          for (const b of BODIES) {
            const headers: Record<string, string> = { 'content-type': 'application/json', [CSRF_HEADER]: who?.csrf ?? '1', ...(who ? { cookie: who.cookie } : {}) };
            const res = await app.inject({ method: o.method, url: o.url, headers, payload: b.payload, remoteAddress: `198.51.100.${BODIES.indexOf(b) + 1}` });
            if (res.statusCode >= 500) failures.push(`${o.method} ${o.path} ${who ? 'admin' : 'anonymous'} ${b.name}: ${res.statusCode} ${res.body.slice(0, 120)}`);
          }
        }
      }
      expect(failures).toEqual([]);
    }, 120_000);
  });

  describe('tenant isolation', () => {
    it("lists only the caller's tenant and answers 404 for another tenant's packet on every packet route", async () => {
      const theirs = (await call(app, s.other, 'GET', '/api/queue')).json().packets.map((p: { packetId: string }) => p.packetId);
      expect(theirs).toEqual(['p-globex']);
      const ours = (await call(app, s.uw, 'GET', '/api/queue')).json().packets.map((p: { packetId: string }) => p.packetId);
      expect(ours).not.toContain('p-globex');
      const packetOps = (await openapiOperations()).filter((o) => o.path.startsWith('/api/packets/{packetId}'));
      for (const o of packetOps) {
        const url = o.url.replace('x-packetId', 'p-globex').replace('x-documentId', 'd1').replace('x-findingId', 'g1').replace('x-name', 'wages');
        const body = o.path.endsWith('dismiss') ? { reason: 'r' } : o.path.includes('/fields/') ? { value: 'v' } : o.path.endsWith('requested-documents') ? { documents: [] } : {};
        const res = await call(app, s.lead, o.method, url, body);
        expect(res.statusCode, `${o.method} ${o.path}`).toBe(404);
      }
      expect((await call(app, s.other, 'GET', '/api/packets/p-globex')).statusCode).toBe(200);
    });

    it("never lets an admin see or change another tenant's users", async () => {
      const users = (await call(app, s.admin, 'GET', '/api/users')).json().users.map((u: { email: string }) => u.email);
      expect(users).toContain('uw@acme.test');
      expect(users).not.toContain('uw@globex.test');
      const { rows } = await db.pool.query(`SELECT user_id FROM review_users WHERE email = 'uw@globex.test'`);
      expect((await call(app, s.admin, 'PATCH', `/api/users/${rows[0].user_id}`, { disabled: true })).statusCode).toBe(404);
    });
  });

  describe('queue and packet view', () => {
    it('sorts by deadline, then by the worst open finding', async () => {
      const { packets } = (await call(app, s.analyst, 'GET', '/api/queue')).json();
      expect(packets.map((p: { packetId: string }) => p.packetId)).toEqual(['p-early-crit', 'p-early-info', 'p-late']);
      expect(packets[2]).toMatchObject({ deadline: '2026-01-09T12:00:00.000Z', maxSeverity: 'warning', openFindings: { warning: 1, info: 1, critical: 0 }, documents: 1, claim: null });
    });

    it('shows documents with pages, fields with bbox/confidence/source, findings with evidence and citation', async () => {
      const view = (await call(app, s.uw, 'GET', '/api/packets/p-late')).json();
      expect(view).toMatchObject({ packetId: 'p-late', phase: 'awaiting_review', loanNumber: 'L-p-late', applicants: [{ firstName: 'Avery' }] });
      expect(view.documents[0]).toMatchObject({ documentId: 'd1', pageCount: 2, pages: [{ pageNumber: 1, width: 300, height: 200 }, { pageNumber: 2 }] });
      expect(view.fields.find((f: { name: string }) => f.name === 'wages')).toMatchObject({ value: '52,000.00', confidence: 0.55, page: 2, bbox: { x: 0.1 }, source: 'text-layer' });
      expect(view.findings[0]).toMatchObject({ findingId: 'f-warn', severity: 'warning', status: 'open', evidence: [{ page: 2, field: 'wages' }], citation: { section: '4.2' }, passages: [], resolution: null });
      expect(view.suggestedRequests).toEqual([]);
      expect((await call(app, s.uw, 'GET', '/api/packets/nope')).statusCode).toBe(404);
    });

    it('renders a page as PNG with a validator for the browser cache', async () => {
      const res = await call(app, s.uw, 'GET', '/api/packets/p-late/documents/d1/pages/2?dpi=72');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('image/png');
      expect(res.rawPayload.subarray(1, 4).toString()).toBe('PNG');
      expect(res.rawPayload.readUInt32BE(16)).toBe(300); // IHDR width: 300 pt at 72 DPI
      const again = await app.inject({ method: 'GET', url: '/api/packets/p-late/documents/d1/pages/2?dpi=72', headers: { cookie: s.uw.cookie, 'if-none-match': String(res.headers.etag) } });
      expect(again.statusCode).toBe(304);
      expect((await call(app, s.uw, 'GET', '/api/packets/p-late/documents/d1/pages/3')).statusCode).toBe(404);
      expect((await call(app, s.uw, 'GET', '/api/packets/p-late/documents/nope/pages/1')).statusCode).toBe(404);
    });

    it("answers the workflow's live state", async () => {
      expect((await call(app, s.uw, 'GET', '/api/packets/p-late/state')).json()).toMatchObject({ phase: 'awaiting_review' });
      expect((await call(app, s.uw, 'GET', '/api/packets/p-early-info/state')).statusCode).toBe(404);
    });
  });

  describe('claims', () => {
    it('lets one person work a packet; others wait until it is released or expires; a lead may take over', async () => {
      const claim = await call(app, s.uw, 'POST', '/api/packets/p-early-info/claim', {});
      expect(claim.statusCode).toBe(200);
      expect(claim.json().claim).toMatchObject({ email: 'uw@acme.test' });
      expect((await call(app, s.uw, 'POST', '/api/packets/p-early-info/claim', {})).statusCode).toBe(200); // renew
      const taken = await call(app, s.uw2, 'POST', '/api/packets/p-early-info/claim', {});
      expect(taken.statusCode).toBe(409);
      expect(taken.json().error).toMatchObject({ code: 'claimed', details: { claim: { email: 'uw@acme.test' } } });
      expect((await call(app, s.uw2, 'POST', '/api/packets/p-early-info/findings/f1/confirm')).json().error.code).toBe('claim_required');
      expect((await call(app, s.uw2, 'DELETE', '/api/packets/p-early-info/claim')).statusCode).toBe(409);
      const queued = (await call(app, s.uw2, 'GET', '/api/queue')).json().packets.find((p: { packetId: string }) => p.packetId === 'p-early-info');
      expect(queued.claim).toMatchObject({ email: 'uw@acme.test' });

      // Expired: anyone may claim it.
      await db.pool.query(`UPDATE review_claims SET expires_at = now() - interval '1 second' WHERE tenant_id = 'acme' AND packet_id = 'p-early-info'`);
      expect((await call(app, s.uw, 'POST', '/api/packets/p-early-info/findings/f1/confirm')).json().error.code).toBe('claim_required');
      expect((await call(app, s.uw2, 'POST', '/api/packets/p-early-info/claim', {})).json().claim.email).toBe('uw2@acme.test');

      // A lead takes over a live claim with force, and may release anyone's.
      expect((await call(app, s.lead, 'POST', '/api/packets/p-early-info/claim', {})).statusCode).toBe(409);
      expect((await call(app, s.lead, 'POST', '/api/packets/p-early-info/claim', { force: true })).json().claim.email).toBe('lead@acme.test');
      expect((await call(app, s.lead, 'DELETE', '/api/packets/p-early-info/claim')).statusCode).toBe(204);
      const audit = (await call(app, s.lead, 'GET', '/api/packets/p-early-info/audit')).json().entries.map((e: { action: string }) => e.action);
      expect(audit).toEqual(['review.release', 'review.claim.take_over', 'review.claim', 'review.claim']);
    });
  });

  describe('reviewer actions', () => {
    const p = '/api/packets/p-late';

    it('confirms, dismisses (reason required), reopens, corrects a field and edits the requested documents, each audited', async () => {
      expect((await call(app, s.uw, 'POST', `${p}/claim`, {})).statusCode).toBe(200);
      expect((await call(app, s.uw, 'POST', `${p}/findings/f-warn/confirm`)).statusCode).toBe(204);
      expect((await call(app, s.uw, 'POST', `${p}/findings/f-info/dismiss`, {})).statusCode).toBe(400);
      expect((await call(app, s.uw, 'POST', `${p}/findings/f-info/dismiss`, { reason: '  ' })).statusCode).toBe(400);
      expect((await call(app, s.uw, 'POST', `${p}/findings/f-info/dismiss`, { reason: 'wages read from the wrong box' })).statusCode).toBe(204);
      expect((await call(app, s.uw, 'POST', `${p}/findings/nope/confirm`)).statusCode).toBe(404);
      expect((await call(app, s.uw, 'DELETE', `${p}/findings/f-warn/resolution`)).statusCode).toBe(204);
      expect((await call(app, s.uw, 'POST', `${p}/findings/f-warn/confirm`)).statusCode).toBe(204);

      // Without `normalized`, the value is normalized as the field's kind (money here); one that is no amount is refused.
      expect((await call(app, s.uw, 'PUT', `${p}/documents/d1/segments/1/fields/wages`, { value: 'about sixty' })).statusCode).toBe(422);
      expect((await call(app, s.uw, 'PUT', `${p}/documents/d1/segments/1/fields/wages`, { value: '$62,000.00' })).statusCode).toBe(204);
      expect((await call(app, s.uw, 'PUT', `${p}/documents/d1/segments/1/fields/employer_ein`, { value: '12-3456789' })).statusCode).toBe(404);
      expect((await call(app, s.uw, 'PUT', `${p}/documents/d1/segments/1/fields/employer_ein`, { value: '12-3456789', page: 1, bbox: { x: 0.1, y: 0.1, w: 0.2, h: 0.05 } })).statusCode).toBe(204);
      expect((await call(app, s.uw, 'PUT', `${p}/requested-documents`, { documents: ['W-2 2025', 'W-2 2025', 'Bank statement'], note: 'two W-2s' })).statusCode).toBe(204);

      const view = (await call(app, s.uw, 'GET', p)).json();
      expect(view.fields.find((f: { name: string }) => f.name === 'wages')).toMatchObject({ value: '$62,000.00', normalized: '62000.00', confidence: 1, source: 'reviewer', page: 2 });
      expect(view.fields.find((f: { name: string }) => f.name === 'employer_ein')).toMatchObject({ source: 'reviewer', page: 1 });
      expect(view.findings.map((f: { findingId: string; resolution: { resolution: string; reason: string | null; by: string } }) => [f.findingId, f.resolution])).toEqual([
        ['f-warn', expect.objectContaining({ resolution: 'confirmed', reason: null, by: 'uw@acme.test' })],
        ['f-info', expect.objectContaining({ resolution: 'dismissed', reason: 'wages read from the wrong box' })],
      ]);
      expect(view.requests).toMatchObject({ requestedDocuments: ['W-2 2025', 'Bank statement'], note: 'two W-2s' });

      const entries = (await call(app, s.analyst, 'GET', `${p}/audit`)).json().entries as { actor: string; action: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }[];
      expect(entries.map((e) => e.action).reverse()).toEqual([
        'review.claim',
        'review.finding.confirm',
        'review.finding.dismiss',
        'review.finding.reopen',
        'review.finding.confirm',
        'review.field.correct',
        'review.field.correct',
        'review.documents.request',
      ]);
      const correction = entries.find((e) => e.action === 'review.field.correct' && e.before)!;
      expect(correction.actor).toBe('uw@acme.test');
      expect(correction.before).toMatchObject({ name: 'wages', value: '52,000.00', source: 'text-layer', confidence: 0.55 });
      expect(correction.after).toMatchObject({ name: 'wages', value: '$62,000.00', normalized: '62000.00', source: 'reviewer' });
    });

    it('approves only when every open finding is resolved, then sends the review update with the resolutions', async () => {
      await call(app, s.uw, 'DELETE', `${p}/findings/f-info/resolution`);
      const blocked = await call(app, s.uw, 'POST', `${p}/approve`, {});
      expect(blocked.statusCode).toBe(409);
      expect(blocked.json().error).toMatchObject({ code: 'unresolved_findings', details: { findingIds: ['f-info'] } });
      await call(app, s.uw, 'POST', `${p}/findings/f-info/dismiss`, { reason: 'duplicate' });

      const res = await call(app, s.uw, 'POST', `${p}/approve`, { note: 'income verified' });
      expect(res.statusCode).toBe(200);
      expect(res.json().state.review).toEqual({ reviewer: 'uw@acme.test', outcome: 'approve' });
      const sent = workflows.sent.at(-1)!;
      expect(sent.key).toEqual({ tenantId: 'acme', packetId: 'p-late' });
      expect(sent.decision).toEqual({
        actionId: res.json().actionId,
        reviewer: 'uw@acme.test',
        outcome: 'approve',
        findings: [
          { findingId: 'f-info', resolution: 'dismissed', reason: 'duplicate' },
          { findingId: 'f-warn', resolution: 'confirmed' },
        ],
        requestedDocuments: [],
        note: 'income verified',
      });
      // The claim ends with the decision; the audit log has the submission.
      expect((await call(app, s.uw, 'GET', p)).json().claim).toBeNull();
      const last = (await call(app, s.uw, 'GET', `${p}/audit?limit=1`)).json().entries[0];
      expect(last).toMatchObject({ actor: 'uw@acme.test', action: 'review.approve', after: { actionId: res.json().actionId, outcome: 'approve' } });
    });

    it('returns a packet with the requested documents; a refused update is a 409, audited', async () => {
      const q = '/api/packets/p-early-crit';
      await call(app, s.lead, 'POST', `${q}/claim`, {});
      expect((await call(app, s.lead, 'POST', `${q}/return`, {})).json().error.code).toBe('invalid_request');
      await call(app, s.lead, 'PUT', `${q}/requested-documents`, { documents: ['Bank statement (2 months)'] });
      workflows.refuse = true;
      const refused = await call(app, s.lead, 'POST', `${q}/return`, {});
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.code).toBe('invalid_review');
      expect((await call(app, s.lead, 'GET', `${q}/audit?limit=1`)).json().entries[0].action).toBe('review.return.refused');
      workflows.refuse = false;
      const res = await call(app, s.lead, 'POST', `${q}/return`, {});
      expect(res.statusCode).toBe(200);
      expect(workflows.sent.at(-1)!.decision).toMatchObject({ outcome: 'return', reviewer: 'lead@acme.test', requestedDocuments: ['Bank statement (2 months)'], findings: [] });
    });

    it('refuses actions on a packet that is not awaiting review', async () => {
      await db.pool.query(`UPDATE packets SET phase = 'done' WHERE tenant_id = 'acme' AND packet_id = 'p-early-info'`);
      expect((await call(app, s.uw, 'POST', '/api/packets/p-early-info/claim', {})).json().error.code).toBe('not_awaiting_review');
      expect((await call(app, s.uw, 'POST', '/api/packets/p-early-info/findings/f1/confirm')).json().error.code).toBe('not_awaiting_review');
      await db.pool.query(`UPDATE packets SET phase = 'awaiting_review' WHERE tenant_id = 'acme' AND packet_id = 'p-early-info'`);
    });
  });

  describe('accounts and the audit log', () => {
    it('lets an admin create, change and disable users; a disabled user is signed out at once', async () => {
      const created = await call(app, s.admin, 'POST', '/api/users', { email: 'new@acme.test', displayName: 'New UW', role: 'underwriter', password: 'short' });
      expect(created.statusCode).toBe(400);
      const ok = await call(app, s.admin, 'POST', '/api/users', { email: 'new@acme.test', displayName: 'New UW', role: 'underwriter', password: TEST_PASSWORD });
      expect(ok.statusCode).toBe(201);
      expect(ok.json().user).toMatchObject({ tenantId: 'acme', role: 'underwriter', disabled: false });
      expect((await call(app, s.admin, 'POST', '/api/users', { email: 'NEW@acme.test', displayName: 'Again', role: 'lead', password: TEST_PASSWORD })).json().error.code).toBe('email_taken');
      const session = await signIn(app, 'new@acme.test');
      expect((await call(app, session, 'GET', '/api/queue')).statusCode).toBe(200);
      const userId = ok.json().user.userId;
      expect((await call(app, s.admin, 'PATCH', `/api/users/${userId}`, { role: 'lead' })).json().user.role).toBe('lead');
      expect((await call(app, s.admin, 'PATCH', `/api/users/${userId}`, { disabled: true })).json().user.disabled).toBe(true);
      expect((await call(app, session, 'GET', '/api/queue')).statusCode).toBe(401);
      await expect(signIn(app, 'new@acme.test')).rejects.toThrow(/401/);
      const me = (await call(app, s.admin, 'GET', '/api/session')).json().user.userId;
      expect((await call(app, s.admin, 'PATCH', `/api/users/${me}`, { role: 'underwriter' })).json().error.code).toBe('self_change');
    });

    it('keeps the audit log append-only: UPDATE, DELETE and TRUNCATE are refused', async () => {
      await expect(db.pool.query(`UPDATE audit_log SET actor = 'someone else'`)).rejects.toThrow(/append-only/);
      await expect(db.pool.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
      await expect(db.pool.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
      const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'session.login'`);
      expect(rows[0].n).toBeGreaterThan(5);
    });
  });
});
