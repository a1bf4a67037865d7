import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { documentStoreFromConfig } from '../connectors/objectstore/document-store.js';
import { PacketRepository } from '../db/packet-repository.js';
import type { Database } from '../db/pool.js';
import type { Config } from '../platform/config.js';
import { keyringFromConfig } from '../platform/encryption.js';
import type { Logger } from '../platform/logger.js';
import { temporalPacketWorkflows } from './packet-workflows.js';
import { createPageRenderer } from './page-renderer.js';
import { createReviewApp } from './review-app.js';

export interface ReviewServer {
  app: FastifyInstance;
  /** http://host:port of the listening server. */
  url: string;
  close(): Promise<void>;
}

/**
 * Builds the review app from the validated config, an open database and a Temporal client, and listens. Used by
 * `docket review serve` and by anything that already holds a database and a client (the demo runs it in its own
 * process, since an embedded PGlite database belongs to one process).
 */
export async function startReviewServer(
  deps: { config: Config; logger: Logger; db: Database; client: Client },
  listen: { host?: string; port?: number } = {},
): Promise<ReviewServer> {
  const { config } = deps;
  // Pages are rendered from the documents as stored; sealed ones (a reviewed eval set's) open with the configured keys.
  const store = documentStoreFromConfig(config.store, keyringFromConfig(config.encryption));
  const packets = new PacketRepository(deps.db);
  const app = await createReviewApp({
    db: deps.db,
    workflows: temporalPacketWorkflows(deps.client, (key) => packets.workflowIdOf(key)),
    pages: createPageRenderer({ store, maxBytes: config.store.maxBytes, maxPages: config.limits.maxPages, maxPixels: config.limits.maxPixels }),
    logger: deps.logger,
    options: {
      sessionTtlMs: config.review.sessionTtlMs,
      claimTtlMs: config.review.claimTtlMs,
      reviewDeadlineMs: config.review.deadlineMs,
      secureCookie: config.review.secureCookie,
    },
  });
  await app.listen({ host: listen.host ?? config.review.host, port: listen.port ?? config.review.port });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { app, url: `http://${host}:${address.port}`, close: () => app.close() };
}
