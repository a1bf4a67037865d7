import { randomUUID, timingSafeEqual } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { documentTypeSpec, type DocumentType } from '../core/document-types.js';
import { ErrorCodes } from '../core/error-codes.js';
import { normalizeAs } from '../core/normalize.js';
import type { ReviewDecision } from '../core/review.js';
import type { PacketKey } from '../db/packet-repository.js';
import type { Database } from '../db/pool.js';
import { ROLES, ReviewRepository, type Role, type UserRow } from '../db/review-repository.js';
import { DocketError, DocumentError, InvalidReviewError } from '../platform/errors.js';
import type { Logger } from '../platform/logger.js';
import { conflict, forbidden, HttpError, notFound, openApiDocument, registerRoutes, route, type RouteSpec } from './api-route.js';
import { readCookie, sessionCookie } from './auth/cookies.js';
import { LocalIdentityProvider, SessionManager, type IdentityProvider, type Principal } from './auth/identity.js';
import { DEFAULT_SCRYPT, type ScryptParams } from './auth/password-hash.js';
import { addUser } from './auth/users.js';
import type { PacketWorkflows } from './packet-workflows.js';
import type { PageRenderer } from './page-renderer.js';
import { dashboardRoutes } from './dashboards/dashboard-routes.js';
import { registerWebApp } from './web-assets.js';

/**
 * The underwriter review API (issue 6): JSON over fastify, described at /openapi.json. Sign-in makes a server-side
 * session (HttpOnly SameSite=Strict cookie); every state-changing route also needs the session's CSRF token in the
 * `x-docket-csrf` header. Every packet query is scoped to the caller's tenant; a packet of another tenant is 404.
 * Reviewer actions need a live claim on the packet, and each is written to the audit log with before/after. Approve
 * and return send the `review` update to the packet's workflow, which records the resolutions and publishes the
 * reviewed decision.
 */

export const SESSION_COOKIE = 'docket_session';
export const CSRF_HEADER = 'x-docket-csrf';

export interface ReviewAppOptions {
  sessionTtlMs: number;
  claimTtlMs: number;
  /** DOCKET_REVIEW_DEADLINE: when a waiting packet escalates (shown as its deadline in the queue). */
  reviewDeadlineMs: number;
  /** Add `Secure` to the session cookie (behind HTTPS). */
  secureCookie: boolean;
  /** Password hashing parameters for new hashes (tests use cheap ones). */
  scrypt?: ScryptParams;
  /** Default render resolution of page images (default 110 DPI). */
  pageDpi?: number;
  /** Sign-in attempts allowed per client address and email in `windowMs` (default 10 in 15 minutes), then 429. */
  signInLimit?: { max: number; windowMs: number };
}

export interface ReviewAppDeps {
  db: Database;
  workflows: PacketWorkflows;
  /** Closed with the app. */
  pages: PageRenderer;
  logger: Logger;
  options: ReviewAppOptions;
  /** Replaces local accounts (an OIDC provider); default: email + password against review_users. */
  identity?: IdentityProvider;
}

/** Who may do what. Admins manage accounts and do not read packets; analysts read, never act. */
const READ: readonly Role[] = ['underwriter', 'lead', 'analyst'];
const REVIEW: readonly Role[] = ['underwriter', 'lead'];
const ADMIN: readonly Role[] = ['admin'];

const PacketParams = z.object({ packetId: z.string().min(1).max(128) });
const FindingParams = PacketParams.extend({ findingId: z.string().min(1).max(512) });
const DocumentParams = PacketParams.extend({ documentId: z.string().min(1).max(128) });
const PageParams = DocumentParams.extend({ page: z.coerce.number().int().min(1).max(100_000) });
const FieldParams = DocumentParams.extend({ segment: z.coerce.number().int().min(1).max(10_000), name: z.string().min(1).max(128) });
const BBoxIn = z.object({ x: z.number().min(0).max(1), y: z.number().min(0).max(1), w: z.number().min(0).max(1), h: z.number().min(0).max(1) });

const UserOut = z.object({
  userId: z.string(),
  tenantId: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  disabled: z.boolean().optional(),
});
const SessionOut = z.object({ user: UserOut, csrfToken: z.string(), expiresAt: z.string() });
const ClaimOut = z.object({ userId: z.string(), email: z.string(), displayName: z.string(), claimedAt: z.string(), expiresAt: z.string() });
const PacketStateOut = z.object({
  phase: z.enum(['processing', 'awaiting_review', 'done']),
  status: z.enum(['clear', 'needs_review', 'incomplete', 'failed']).optional(),
  escalated: z.boolean(),
  documentsDone: z.number(),
  documentsTotal: z.number(),
  review: z.object({ reviewer: z.string(), outcome: z.enum(['approve', 'return']) }).optional(),
});
const Severity = z.enum(['info', 'warning', 'critical']);
const QueueOut = z.object({
  packets: z.array(
    z.object({
      packetId: z.string(),
      loanNumber: z.string().nullable(),
      status: z.string(),
      submittedAt: z.string(),
      decidedAt: z.string().nullable(),
      deadline: z.string().nullable(),
      escalated: z.boolean(),
      applicants: z.array(z.object({ role: z.string().optional(), firstName: z.string(), lastName: z.string() })),
      documents: z.number(),
      openFindings: z.object({ critical: z.number(), warning: z.number(), info: z.number() }),
      maxSeverity: Severity.nullable(),
      claim: ClaimOut.nullable(),
    }),
  ),
});

const publicUser = (p: Principal | UserRow) => ({ userId: p.userId, tenantId: p.tenantId, email: p.email, displayName: p.displayName, role: p.role, ...('disabled' in p ? { disabled: p.disabled } : {}) });

/** A sign-in's email as the attempt counter keys it: lower case, or empty for anything that is not a string. */
const emailKey = (email: unknown): string => (typeof email === 'string' ? email.toLowerCase() : '');

export async function createReviewApp(deps: ReviewAppDeps): Promise<FastifyInstance> {
  const { options, logger } = deps;
  const repo = new ReviewRepository(deps.db);
  const scrypt = options.scrypt ?? DEFAULT_SCRYPT;
  const identity = deps.identity ?? new LocalIdentityProvider(repo, scrypt);
  const sessions = new SessionManager(repo, options.sessionTtlMs);
  const pageDpi = options.pageDpi ?? 110;
  const cookie = (value: string, maxAgeMs: number) => sessionCookie(SESSION_COOKIE, value, { maxAgeSeconds: maxAgeMs / 1000, secure: options.secureCookie });

  const app = Fastify({ loggerInstance: logger.child({ component: 'review' }) as FastifyBaseLogger, logController: new LogController({ disableRequestLogging: true }), bodyLimit: 1024 * 1024 });

  // Password guessing: sign-in attempts are counted per client address and email (in this process; several review
  // servers behind one address each count their own). The hook runs once the body is parsed, so the email is known.
  await app.register(rateLimit, { global: false, hook: 'preHandler', errorResponseBuilder: (_request, ctx) => new HttpError(429, 'too_many_attempts', `too many sign-in attempts: try again in ${ctx.after}`) });
  const signInLimit = options.signInLimit ?? { max: 10, windowMs: 15 * 60_000 };

  // One line per request, without bodies or query strings (they may hold names or values).
  app.addHook('onResponse', async (request, reply) => {
    request.log.info({ method: request.method, route: request.routeOptions.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime), user: request.principal?.userId }, 'review request');
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });

  app.setErrorHandler((err, request, reply) => {
    if (err instanceof HttpError) return reply.code(err.status).send({ error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } });
    if (err instanceof InvalidReviewError) return reply.code(409).send({ error: { code: 'invalid_review', message: err.message } });
    if (err instanceof DocumentError) {
      const missing = err.code === ErrorCodes.DOCUMENT_NOT_FOUND;
      return reply.code(missing ? 404 : 422).send({ error: { code: missing ? 'not_found' : 'unreadable_document', message: err.message, docketCode: err.code } });
    }
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return reply.code(status).send({ error: { code: status === 415 ? 'unsupported_media_type' : 'invalid_request', message: (err as Error).message } });
    }
    request.log.error({ err, code: err instanceof DocketError ? err.code : undefined }, 'review request failed');
    return reply.code(500).send({ error: { code: 'internal', message: 'internal error' } });
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: { code: 'not_found', message: 'no such route' } }));

  const authenticate = async (request: FastifyRequest) => {
    const id = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (!id) return undefined;
    const session = await sessions.resolve(id);
    return session ? { principal: session.principal, csrfToken: session.csrfToken, expiresAt: session.expiresAt } : undefined;
  };

  const checkCsrf = (request: FastifyRequest, expected: string | undefined) => {
    const sent = request.headers[CSRF_HEADER];
    const value = typeof sent === 'string' ? sent : '';
    // Before sign-in any value will do: a cross-site form cannot set a custom header, and a script from another
    // origin cannot without a CORS preflight, which this API never answers.
    const ok = expected === undefined ? value.length > 0 : value.length === expected.length && timingSafeEqual(Buffer.from(value), Buffer.from(expected));
    if (!ok) throw new HttpError(403, 'csrf', `missing or wrong ${CSRF_HEADER} header`);
  };

  const packetKey = (principal: Principal, packetId: string): PacketKey => ({ tenantId: principal.tenantId, packetId });

  /** For every reviewer action: the packet exists in the tenant, waits for review, and the caller holds its claim (renewed). */
  const forAction = async (principal: Principal, packetId: string): Promise<PacketKey> => {
    const key = packetKey(principal, packetId);
    const header = await repo.packetHeader(key, options.reviewDeadlineMs);
    if (!header) throw notFound('packet');
    if (header.phase !== 'awaiting_review') throw conflict('not_awaiting_review', `the packet is ${header.phase}, not awaiting review`);
    if (!(await repo.renewClaim(key, principal.userId, options.claimTtlMs))) throw conflict('claim_required', 'claim the packet before acting on it');
    return key;
  };

  const submit = async (principal: Principal, packetId: string, outcome: 'approve' | 'return', note: string | undefined) => {
    const key = await forAction(principal, packetId);
    const draft = await repo.draftReview(key);
    if (outcome === 'approve' && draft.unresolved.length) {
      throw conflict('unresolved_findings', 'confirm or dismiss every open finding before approving', { findingIds: draft.unresolved });
    }
    const finalNote = note ?? draft.note ?? undefined;
    if (outcome === 'return' && !draft.requestedDocuments.length && !finalNote) {
      throw new HttpError(400, 'invalid_request', 'a returned packet needs requested documents or a note');
    }
    const decision: ReviewDecision = {
      actionId: randomUUID(),
      reviewer: principal.email,
      outcome,
      findings: draft.findings,
      requestedDocuments: outcome === 'return' ? draft.requestedDocuments : [],
      ...(finalNote ? { note: finalNote } : {}),
    };
    const summary = { actionId: decision.actionId, outcome, findings: draft.findings, requestedDocuments: decision.requestedDocuments, note: finalNote ?? null };
    try {
      const state = await deps.workflows.submitReview(key, decision);
      await repo.audit({ ...key, actor: principal.email, action: `review.${outcome}`, after: summary });
      await repo.closeClaim(key);
      return { actionId: decision.actionId, state };
    } catch (err) {
      if (err instanceof InvalidReviewError) await repo.audit({ ...key, actor: principal.email, action: `review.${outcome}.refused`, after: { ...summary, reason: err.message } });
      throw err;
    }
  };

  const routes: RouteSpec[] = [
    route({
      method: 'GET',
      url: '/healthz',
      summary: 'Liveness and database check',
      tag: 'system',
      access: 'public',
      response: z.object({ status: z.literal('ok'), database: z.literal('ok') }),
      async handler({ reply }) {
        try {
          await deps.db.pool.query('SELECT 1');
        } catch (err) {
          logger.warn({ err }, 'health check: database unreachable');
          return reply.code(503).send({ status: 'unavailable', database: 'unreachable' });
        }
        return { status: 'ok', database: 'ok' };
      },
    }),
    route({
      method: 'GET',
      url: '/openapi.json',
      summary: 'This document',
      tag: 'system',
      access: 'public',
      async handler() {
        return openapi;
      },
    }),

    // Session ------------------------------------------------------------------------------------------------
    route({
      method: 'POST',
      url: '/api/session',
      summary: 'Sign in (sets the session cookie; answers the CSRF token for later state-changing calls)',
      tag: 'session',
      access: 'public',
      body: z.object({ email: z.string().min(1).max(254), password: z.string().min(1).max(256) }),
      response: SessionOut,
      // The key is taken before the body is validated: only a string email counts ({"toString": 1} cannot be one).
      rateLimit: { ...signInLimit, key: (request) => `${request.ip}|${emailKey((request.body as { email?: unknown } | null | undefined)?.email)}` },
      async handler({ body, reply }) {
        const principal = await identity.authenticate(body);
        if (!principal) throw new HttpError(401, 'invalid_credentials', 'wrong email or password');
        const session = await sessions.create(principal);
        await repo.audit({ tenantId: principal.tenantId, packetId: null, actor: principal.email, action: 'session.login', after: { provider: identity.kind } });
        reply.header('set-cookie', cookie(session.id, options.sessionTtlMs));
        return { user: publicUser(principal), csrfToken: session.csrfToken, expiresAt: session.expiresAt };
      },
    }),
    route({
      method: 'GET',
      url: '/api/session',
      summary: 'The signed-in user and the CSRF token',
      tag: 'session',
      access: 'session',
      response: SessionOut,
      async handler({ request }) {
        const session = (await authenticate(request))!;
        return { user: publicUser(session.principal), csrfToken: session.csrfToken, expiresAt: session.expiresAt };
      },
    }),
    route({
      method: 'DELETE',
      url: '/api/session',
      summary: 'Sign out',
      tag: 'session',
      access: 'session',
      async handler({ request, reply, principal }) {
        const id = readCookie(request.headers.cookie, SESSION_COOKIE);
        if (id) await sessions.destroy(id);
        await repo.audit({ tenantId: principal.tenantId, packetId: null, actor: principal.email, action: 'session.logout' });
        reply.header('set-cookie', cookie('', 0));
        return undefined;
      },
    }),

    // Queue and packets ----------------------------------------------------------------------------------------
    route({
      method: 'GET',
      url: '/api/queue',
      summary: 'Packets waiting for review, most urgent first (deadline, then worst open finding)',
      tag: 'queue',
      access: READ,
      query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
      response: QueueOut,
      async handler({ principal, query }) {
        return { packets: await repo.queue(principal.tenantId, options.reviewDeadlineMs, query.limit) };
      },
    }),
    route({
      method: 'POST',
      url: '/api/packets/:packetId/claim',
      summary: 'Claim a packet (or renew your claim); a lead may take over a live claim with force',
      tag: 'queue',
      access: REVIEW,
      params: PacketParams,
      body: z.object({ force: z.boolean().default(false) }),
      response: z.object({ claim: ClaimOut }),
      async handler({ principal, params, body }) {
        if (body.force && principal.role !== 'lead') throw forbidden();
        const key = packetKey(principal, params.packetId);
        if (!(await repo.packetHeader(key, options.reviewDeadlineMs))) throw notFound('packet');
        const result = await repo.claim(key, principal, options.claimTtlMs, body.force);
        if (!result.ok) {
          throw result.reason === 'held'
            ? conflict('claimed', `claimed by ${result.heldBy?.displayName ?? 'someone else'}`, { claim: result.heldBy })
            : conflict('not_awaiting_review', 'the packet is not awaiting review');
        }
        return { claim: result.claim };
      },
    }),
    route({
      method: 'DELETE',
      url: '/api/packets/:packetId/claim',
      summary: "Release your claim (a lead may release anyone's)",
      tag: 'queue',
      access: REVIEW,
      params: PacketParams,
      async handler({ principal, params }) {
        const key = packetKey(principal, params.packetId);
        if (!(await repo.packetHeader(key, options.reviewDeadlineMs))) throw notFound('packet');
        if (!(await repo.release(key, principal, principal.role === 'lead'))) throw conflict('not_claimed', 'you hold no claim on this packet');
        return undefined;
      },
    }),
    route({
      method: 'GET',
      url: '/api/packets/:packetId',
      summary: 'Packet view: documents with pages, fields (bbox, confidence, source), findings with evidence and citation, resolutions, requests, claim',
      tag: 'packets',
      access: READ,
      params: PacketParams,
      async handler({ principal, params }) {
        const view = await repo.packetView(packetKey(principal, params.packetId), options.reviewDeadlineMs);
        if (!view) throw notFound('packet');
        return view;
      },
    }),
    route({
      method: 'GET',
      url: '/api/packets/:packetId/state',
      summary: "The packet workflow's live state (packetStateQuery)",
      tag: 'packets',
      access: READ,
      params: PacketParams,
      response: PacketStateOut,
      async handler({ principal, params }) {
        const key = packetKey(principal, params.packetId);
        if (!(await repo.packetHeader(key, options.reviewDeadlineMs))) throw notFound('packet');
        const state = await deps.workflows.state(key);
        if (!state) throw notFound('workflow');
        return state;
      },
    }),
    route({
      method: 'GET',
      url: '/api/packets/:packetId/audit',
      summary: "The packet's audit log, newest first",
      tag: 'packets',
      access: READ,
      params: PacketParams,
      query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) }),
      async handler({ principal, params, query }) {
        const key = packetKey(principal, params.packetId);
        if (!(await repo.packetHeader(key, options.reviewDeadlineMs))) throw notFound('packet');
        return { entries: await repo.packetAudit(key, query.limit) };
      },
    }),
    route({
      method: 'GET',
      url: '/api/packets/:packetId/documents/:documentId/pages/:page',
      summary: 'A page of a document as PNG (bboxes are 0..1 of it)',
      tag: 'packets',
      access: READ,
      params: PageParams,
      query: z.object({ dpi: z.coerce.number().int().min(36).max(300).optional() }),
      produces: 'image/png',
      async handler({ principal, params, query, request, reply }) {
        const doc = await repo.documentFile({ ...packetKey(principal, params.packetId), documentId: params.documentId });
        if (!doc) throw notFound('document');
        if (doc.pageCount !== null && params.page > doc.pageCount) throw notFound('page');
        const dpi = query.dpi ?? pageDpi;
        // The document is content-addressed (sha256), so a rendering never changes: the browser may keep it.
        const etag = `"${doc.sha256.slice(0, 32)}-${params.page}-${dpi}"`;
        reply.header('cache-control', 'private, max-age=86400, immutable').header('etag', etag);
        if (request.headers['if-none-match'] === etag) return reply.code(304).send();
        const png = await deps.pages.render(doc, params.page, dpi);
        return reply.type('image/png').send(png);
      },
    }),

    // Reviewer actions (claim required) ------------------------------------------------------------------------
    route({
      method: 'POST',
      url: '/api/packets/:packetId/findings/:findingId/confirm',
      summary: 'Confirm a finding',
      tag: 'actions',
      access: REVIEW,
      params: FindingParams,
      async handler({ principal, params }) {
        const key = await forAction(principal, params.packetId);
        if (!(await repo.resolveFinding(key, params.findingId, { resolution: 'confirmed', reason: null }, principal))) throw notFound('finding');
        return undefined;
      },
    }),
    route({
      method: 'POST',
      url: '/api/packets/:packetId/findings/:findingId/dismiss',
      summary: 'Dismiss a finding (reason required)',
      tag: 'actions',
      access: REVIEW,
      params: FindingParams,
      body: z.object({ reason: z.string().trim().min(1).max(2000) }),
      async handler({ principal, params, body }) {
        const key = await forAction(principal, params.packetId);
        if (!(await repo.resolveFinding(key, params.findingId, { resolution: 'dismissed', reason: body.reason }, principal))) throw notFound('finding');
        return undefined;
      },
    }),
    route({
      method: 'DELETE',
      url: '/api/packets/:packetId/findings/:findingId/resolution',
      summary: 'Undo a confirmation or dismissal (the finding is open again)',
      tag: 'actions',
      access: REVIEW,
      params: FindingParams,
      async handler({ principal, params }) {
        const key = await forAction(principal, params.packetId);
        if (!(await repo.resolveFinding(key, params.findingId, null, principal))) throw notFound('finding');
        return undefined;
      },
    }),
    route({
      method: 'PUT',
      url: '/api/packets/:packetId/documents/:documentId/segments/:segment/fields/:name',
      summary: "Correct a field's value (source becomes reviewer; the audit log keeps before/after); page and bbox add a field the pipeline missed",
      tag: 'actions',
      access: REVIEW,
      params: FieldParams,
      body: z.object({ value: z.string().max(2000), normalized: z.string().max(2000).nullable().optional(), page: z.number().int().min(1).optional(), bbox: BBoxIn.optional() }),
      async handler({ principal, params, body }) {
        const key = await forAction(principal, params.packetId);
        let normalized = body.normalized;
        if (normalized === undefined) {
          // Normalized as the extractor would (money, dates, SSN...), so the reviewer's value is compared like the
          // pipeline's in the reviewed eval set; a field the document type does not declare keeps the text as given.
          const type = await repo.segmentType(key, params.documentId, params.segment);
          const kind = type ? documentTypeSpec(type as DocumentType)?.fields.find((f) => f.name === params.name)?.kind : undefined;
          normalized = kind && body.value.trim() ? normalizeAs(kind, body.value) : body.value.trim() || null;
          if (kind && body.value.trim() && normalized === null) throw new HttpError(422, 'invalid_value', `"${params.name}" takes a ${kind} value`);
        }
        const ok = await repo.correctField(
          key,
          {
            documentId: params.documentId,
            segment: params.segment,
            name: params.name,
            value: body.value,
            normalized,
            ...(body.page !== undefined ? { page: body.page } : {}),
            ...(body.bbox ? { bbox: body.bbox } : {}),
          },
          principal,
        );
        if (!ok) throw notFound('field (give page to add one)');
        return undefined;
      },
    }),
    route({
      method: 'PUT',
      url: '/api/packets/:packetId/requested-documents',
      summary: 'Replace the list of documents to request from the borrower (and the note sent with a return)',
      tag: 'actions',
      access: REVIEW,
      params: PacketParams,
      body: z.object({ documents: z.array(z.string().trim().min(1).max(200)).max(50), note: z.string().max(4000).nullable().optional() }),
      async handler({ principal, params, body }) {
        const key = await forAction(principal, params.packetId);
        await repo.setRequests(key, [...new Set(body.documents)], body.note ?? null, principal);
        return undefined;
      },
    }),
    route({
      method: 'POST',
      url: '/api/packets/:packetId/approve',
      summary: 'Approve the packet: sends the review update (outcome approve, the finding resolutions) to its workflow',
      tag: 'actions',
      access: REVIEW,
      params: PacketParams,
      body: z.object({ note: z.string().max(4000).optional() }),
      response: z.object({ actionId: z.string(), state: PacketStateOut }),
      async handler({ principal, params, body }) {
        return submit(principal, params.packetId, 'approve', body.note);
      },
    }),
    route({
      method: 'POST',
      url: '/api/packets/:packetId/return',
      summary: 'Return the packet: sends the review update (outcome return, resolutions, requested documents) to its workflow',
      tag: 'actions',
      access: REVIEW,
      params: PacketParams,
      body: z.object({ note: z.string().max(4000).optional() }),
      response: z.object({ actionId: z.string(), state: PacketStateOut }),
      async handler({ principal, params, body }) {
        return submit(principal, params.packetId, 'return', body.note);
      },
    }),

    // Accounts (admin) ------------------------------------------------------------------------------------------
    route({
      method: 'GET',
      url: '/api/users',
      summary: "The tenant's users",
      tag: 'users',
      access: ADMIN,
      response: z.object({ users: z.array(UserOut) }),
      async handler({ principal }) {
        return { users: (await repo.listUsers(principal.tenantId)).map(publicUser) };
      },
    }),
    route({
      method: 'POST',
      url: '/api/users',
      summary: 'Create a local account in your tenant',
      tag: 'users',
      access: ADMIN,
      body: z.object({ email: z.email().max(128), displayName: z.string().trim().min(1).max(128), role: z.enum(ROLES), password: z.string().min(12).max(256) }),
      response: z.object({ user: UserOut }),
      async handler({ principal, body, reply }) {
        const user = await addUser(repo, { ...body, tenantId: principal.tenantId }, principal.email, scrypt);
        if (!user) throw conflict('email_taken', 'a user with this email exists');
        reply.code(201);
        return { user: publicUser(user) };
      },
    }),
    route({
      method: 'PATCH',
      url: '/api/users/:userId',
      summary: "Change a user's role or disable them (their sessions end)",
      tag: 'users',
      access: ADMIN,
      params: z.object({ userId: z.string().min(1).max(128) }),
      body: z.object({ role: z.enum(ROLES).optional(), disabled: z.boolean().optional() }),
      response: z.object({ user: UserOut }),
      async handler({ principal, params, body }) {
        if (params.userId === principal.userId) throw conflict('self_change', 'ask another admin to change your own account');
        const user = await repo.updateUser(principal.tenantId, params.userId, body, principal.email);
        if (!user) throw notFound('user');
        return { user: publicUser(user) };
      },
    }),

    // Dashboards (analysts, leads, admins) ---------------------------------------------------------------------
    ...dashboardRoutes(deps.db),
  ];

  const openapi = openApiDocument(routes, {
    title: 'Docket review API',
    version: '1',
    description:
      'Underwriter review of flagged packets. Sign in with POST /api/session; send the csrfToken it answers in the x-docket-csrf header of every POST/PUT/PATCH/DELETE.',
  });
  registerRoutes(app, routes, {
    async authenticate(request) {
      const s = await authenticate(request);
      return s ? { principal: s.principal, csrfToken: s.csrfToken } : undefined;
    },
    checkCsrf,
  });
  // The web app (sign-in, queue, packet, dashboards) at /, calling the routes above.
  registerWebApp(app);
  app.addHook('onClose', async () => deps.pages.close());
  return app;
}
