import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The underwriter web app (review/web/*.ts, plain DOM + Chart.js): bundled in memory by esbuild (the bundler tsx
 * already runs the CLI with) the first time it is asked for, and served from memory by the review app. No build
 * step, no build output on disk, nothing from a CDN: Chart.js comes from node_modules. The dashboards are a
 * separate chunk, loaded only when opened.
 */

const WEB_DIR = fileURLToPath(new URL('./web/', import.meta.url));

interface Asset {
  body: string;
  type: string;
  etag: string;
}

/** The pages may load only what this server sends: scripts, styles, images (page PNGs) and API calls. */
const CSP = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

const etagOf = (body: string) => `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;

/** Bundles review/web/main.ts (and its lazy chunks) and reads the HTML shell and the style sheet. */
export async function bundleWebApp(): Promise<Map<string, Asset>> {
  const result = await build({
    entryPoints: { app: path.join(WEB_DIR, 'main.ts') },
    bundle: true,
    splitting: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    outdir: '/assets',
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
  });
  const assets = new Map<string, Asset>();
  for (const file of result.outputFiles) {
    const body = file.text;
    assets.set(`/assets/${path.basename(file.path)}`, { body, type: 'text/javascript; charset=utf-8', etag: etagOf(body) });
  }
  const css = await readFile(path.join(WEB_DIR, 'app.css'), 'utf8');
  assets.set('/assets/app.css', { body: css, type: 'text/css; charset=utf-8', etag: etagOf(css) });
  const html = await readFile(path.join(WEB_DIR, 'index.html'), 'utf8');
  assets.set('/', { body: html, type: 'text/html; charset=utf-8', etag: etagOf(html) });
  return assets;
}

/** GET / (the app's shell) and GET /assets/* (scripts, style sheet), outside the API and its OpenAPI document. */
export function registerWebApp(app: FastifyInstance): void {
  let bundled: Promise<Map<string, Asset>> | undefined;
  // Built once per process; a failed build is retried on the next request rather than cached.
  const assets = () =>
    (bundled ??= bundleWebApp().catch((err: unknown) => {
      bundled = undefined;
      throw err;
    }));

  const serve = async (key: string, request: FastifyRequest, reply: FastifyReply) => {
    const asset = (await assets()).get(key);
    if (!asset) return reply.code(404).send({ error: { code: 'not_found', message: 'no such asset' } });
    // Revalidated each time (cheap: a 304); the shell and the bundle change together when the server restarts.
    reply.header('cache-control', 'no-cache').header('etag', asset.etag);
    if (key === '/') reply.header('content-security-policy', CSP);
    if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    return reply.type(asset.type).send(asset.body);
  };

  app.get('/', (request, reply) => serve('/', request, reply));
  app.get('/assets/:name', (request, reply) => serve(`/assets/${(request.params as { name: string }).name}`, request, reply));
}
