import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { describeIssues } from '../core/events.js';
import type { Role } from '../db/review-repository.js';
import type { Principal } from './auth/identity.js';

/**
 * One table of routes serves both fastify and the OpenAPI document, so every route is described and every described
 * route exists. A route names who may call it (`public`, `session`, or a list of roles), its zod schemas for path,
 * query and body (validated before the handler runs), and whether it changes state (then it needs the CSRF header).
 */

/** An API error: `{ error: { code, message, details? } }` with an HTTP status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const unauthenticated = () => new HttpError(401, 'unauthenticated', 'sign in first');
export const forbidden = () => new HttpError(403, 'forbidden', 'your role may not do this');
export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`);
export const conflict = (code: string, message: string, details?: unknown) => new HttpError(409, code, message, details);

export type Access = 'public' | 'session' | readonly Role[];

export interface RouteContext<P, Q, B> {
  request: FastifyRequest;
  reply: FastifyReply;
  params: P;
  query: Q;
  body: B;
  /** Set for every route but `public` ones. */
  principal: Principal;
}

export interface RouteSpec<P = unknown, Q = unknown, B = unknown> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** fastify syntax: `/api/packets/:packetId`. */
  url: string;
  summary: string;
  tag: string;
  access: Access;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Documented only (responses are not validated at run time). */
  response?: z.ZodType;
  /** Media type of the 200 answer (default application/json). */
  produces?: string;
  /** At most `max` calls per `windowMs` per key (default key: the client address); over it, 429 with Retry-After. */
  rateLimit?: { max: number; windowMs: number; key?(request: FastifyRequest): string };
  handler(ctx: RouteContext<P, Q, B>): Promise<unknown>;
}

/** Keeps each spec's generic types while collecting them in one array. */
export function route<P = unknown, Q = unknown, B = unknown>(spec: RouteSpec<P, Q, B>): RouteSpec {
  return spec as unknown as RouteSpec;
}

export interface RouteGuards {
  /** Resolves the caller from the request (the session cookie); undefined when there is none. */
  authenticate(request: FastifyRequest): Promise<{ principal: Principal; csrfToken: string } | undefined>;
  /** Checks the CSRF header of a state-changing request; `csrfToken` is the session's, undefined before sign-in. */
  checkCsrf(request: FastifyRequest, csrfToken: string | undefined): void;
}

const CHANGES_STATE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value);
  if (!result.success) throw new HttpError(400, 'invalid_request', `invalid ${where}`, describeIssues(result.error));
  return result.data;
}

export function registerRoutes(app: FastifyInstance, routes: RouteSpec[], guards: RouteGuards): void {
  for (const spec of routes) {
    app.route({
      method: spec.method,
      url: spec.url,
      // @fastify/rate-limit (registered by the app with global: false) reads this; counted before the handler runs.
      ...(spec.rateLimit
        ? { config: { rateLimit: { max: spec.rateLimit.max, timeWindow: spec.rateLimit.windowMs, ...(spec.rateLimit.key ? { keyGenerator: spec.rateLimit.key } : {}) } } }
        : {}),
      handler: async (request, reply) => {
        let principal: Principal | undefined;
        let csrfToken: string | undefined;
        if (spec.access !== 'public') {
          const session = await guards.authenticate(request);
          if (!session) throw unauthenticated();
          ({ principal, csrfToken } = session);
          if (spec.access !== 'session' && !spec.access.includes(principal.role)) throw forbidden();
        }
        if (CHANGES_STATE.has(spec.method)) guards.checkCsrf(request, csrfToken);
        request.principal = principal;
        const params = parse(spec.params, request.params, 'path parameters');
        const query = parse(spec.query, request.query, 'query');
        // A body-less POST (claim, approve) may come with no body at all.
        const body = parse(spec.body, request.body ?? {}, 'body');
        const result = await spec.handler({ request, reply, params, query, body, principal: principal as Principal });
        if (reply.sent) return reply;
        if (result === undefined) return reply.code(204).send();
        return result;
      },
    });
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

const toSchema = (schema: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _drop, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return json;
};

/** The OpenAPI 3.1 document of `routes` (JSON Schema 2020-12 from the zod schemas). */
export function openApiDocument(routes: RouteSpec[], info: { title: string; version: string; description: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of routes) {
    const path = spec.url.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [['path', spec.params], ['query', spec.query]] as const) {
      if (!schema) continue;
      const json = toSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(json.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: s });
      }
    }
    const secured = spec.access !== 'public';
    const responses: Record<string, unknown> = {
      [spec.method === 'DELETE' ? '204' : '200']: {
        description: 'OK',
        ...(spec.response ? { content: { [spec.produces ?? 'application/json']: { schema: toSchema(spec.response, 'output') } } } : {}),
        ...(spec.produces && !spec.response ? { content: { [spec.produces]: { schema: { type: 'string', format: 'binary' } } } } : {}),
      },
      ...(spec.body || spec.params || spec.query ? { 400: { $ref: '#/components/responses/Error' } } : {}),
      ...(secured ? { 401: { $ref: '#/components/responses/Error' } } : {}),
      ...(Array.isArray(spec.access) ? { 403: { $ref: '#/components/responses/Error' } } : {}),
      ...(CHANGES_STATE.has(spec.method) ? { 403: { $ref: '#/components/responses/Error' } } : {}),
      ...(spec.params ? { 404: { $ref: '#/components/responses/Error' } } : {}),
    };
    (paths[path] ??= {})[spec.method.toLowerCase()] = {
      summary: spec.summary,
      tags: [spec.tag],
      ...(secured ? { security: [{ session: [] }] } : { security: [] }),
      ...(Array.isArray(spec.access) ? { 'x-docket-roles': spec.access } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(CHANGES_STATE.has(spec.method)
        ? {
            parameters: [
              ...parameters,
              { name: 'x-docket-csrf', in: 'header', required: true, description: "the session's csrfToken (any non-empty value before sign-in)", schema: { type: 'string' } },
            ],
          }
        : {}),
      ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(spec.body, 'input') } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'docket_session' } },
      responses: {
        Error: {
          description: 'An error: `code` is stable (unauthenticated, forbidden, csrf, not_found, invalid_request, claim_required, ...)',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['error'],
                properties: {
                  error: {
                    type: 'object',
                    required: ['code', 'message'],
                    properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
                  },
                },
              },
            },
          },
        },
      },
    },
  };
}
