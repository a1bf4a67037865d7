import { createHash } from 'node:crypto';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { ErrorCodes } from '../../core/error-codes.js';
import type { PageText } from '../../core/page.js';
import { DocketError, DocumentError } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import { createDocumentStore } from '../objectstore/document-store.js';
import { chunkGuideline, chunkingKey, type ChunkingOptions, type GuidelineBlock } from './chunk-guideline.js';
import { listGuidelineFiles, type GuidelineFile } from './guideline-files.js';
import type { GuidelineEmbedder, GuidelineStore, PdfOpener } from './guideline-store.js';
import { htmlBlocks } from './html-blocks.js';
import { markdownBlocks } from './markdown-blocks.js';
import { pdfBlocks } from './pdf-blocks.js';

/**
 * `docket guidelines ingest`: reads a tenant's guideline documents (PDF, Markdown, HTML) from a folder or an
 * S3-compatible bucket, splits them by headings, embeds the chunks and stores chunks, embeddings and references.
 * The documents themselves stay where they are. A file whose bytes, chunking and embedding model are unchanged is
 * skipped; a changed file's chunks are replaced in one transaction. A file that cannot be read or parsed is
 * reported and skipped, and the rest go on; a failing database or embeddings endpoint stops the run.
 */

export interface IngestGuidelinesOptions {
  /** A folder, a file, a file:// URI or s3://bucket/prefix. */
  source: string;
  tenant: string;
  embeddings: GuidelineEmbedder;
  repo: GuidelineStore;
  openPdf: PdfOpener;
  logger: Logger;
  /** For s3:// sources (endpoint, region, credentials). */
  s3?: S3ClientConfig;
  /** Largest file read (default 100 MiB). */
  maxBytes?: number;
  /** Most PDF pages (default 2000). */
  maxPages?: number;
  chunking?: ChunkingOptions;
  /**
   * Re-embed every file of this source even when unchanged; when the tenant's chunks are in another embedding
   * space, they are all deleted first (without it, that case is refused with EmbeddingMismatchError).
   */
  reembed?: boolean;
  /** Forget stored sources under this source's root that are no longer there. */
  prune?: boolean;
  /** Chunks per embeddings call (default 32). */
  embedBatch?: number;
}

export type FileStatus = 'ingested' | 'unchanged' | 'empty' | 'failed' | 'removed';

export interface FileOutcome {
  uri: string;
  status: FileStatus;
  chunks: number;
  error?: { code: string; message: string };
}

export interface IngestResult {
  tenant: string;
  model: string;
  dimension: number;
  root: string;
  files: FileOutcome[];
  /** Chunks written in this run. */
  chunks: number;
  ms: number;
}

export async function ingestGuidelines(options: IngestGuidelinesOptions): Promise<IngestResult> {
  const started = performance.now();
  const { tenant, embeddings, repo, logger } = options;
  const space = { model: embeddings.model, dimension: embeddings.dimension };
  const chunking = chunkingKey(options.chunking);
  const maxBytes = options.maxBytes ?? 100 * 1024 * 1024;
  const maxPages = options.maxPages ?? 2000;
  const batch = options.embedBatch ?? 32;

  if (options.reembed) {
    const stored = await repo.listSources(tenant);
    if (stored.some((s) => s.model !== space.model || s.dimension !== space.dimension)) {
      logger.warn({ tenant, model: space.model, dimension: space.dimension }, 'deleting the tenant guideline chunks of another embedding model');
      await repo.deleteTenant(tenant);
    }
  }
  await repo.assertEmbeddingSpace(tenant, space);

  const listing = await listGuidelineFiles(options.source, options.s3);
  const store = createDocumentStore({ fileRoot: listing.fileRoot, s3: options.s3 });
  const outcomes: FileOutcome[] = [];
  let written = 0;

  for (const file of listing.files) {
    const fileStarted = performance.now();
    try {
      const bytes = await store.read(file.uri, { maxBytes });
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const existing = await repo.getSource(tenant, file.uri);
      if (
        !options.reembed &&
        existing &&
        existing.sha256 === sha256 &&
        existing.chunking === chunking &&
        existing.model === space.model &&
        existing.dimension === space.dimension
      ) {
        outcomes.push({ uri: file.uri, status: 'unchanged', chunks: existing.chunkCount });
        continue;
      }
      const parsed = await parseGuideline(bytes, file, options.openPdf, maxPages);
      const { title, chunks } = chunkGuideline(parsed.blocks, options.chunking);
      const texts = chunks.map((c) => (c.sectionPath ? `${c.sectionPath}\n\n${c.content}` : c.content));
      const vectors: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += batch) vectors.push(...(await embeddings.embed(texts.slice(i, i + batch))));
      await repo.replaceSource(
        { tenantId: tenant, sourceUri: file.uri, sha256, mediaType: file.mediaType, title: title ?? parsed.title, chunking },
        space,
        chunks.map((c, i) => ({ ...c, embedding: vectors[i]! })),
      );
      written += chunks.length;
      outcomes.push({ uri: file.uri, status: chunks.length ? 'ingested' : 'empty', chunks: chunks.length });
      const ms = Math.round(performance.now() - fileStarted);
      if (chunks.length) logger.info({ tenant, uri: file.uri, chunks: chunks.length, ms }, 'guideline ingested');
      else logger.warn({ tenant, uri: file.uri }, 'guideline has no text to index (a scanned PDF?)');
    } catch (err) {
      // A bad document is data: report it and go on. Anything else (database, embeddings) stops the run.
      if (!(err instanceof DocumentError)) throw err;
      logger.warn({ tenant, uri: file.uri, code: err.code, err: err.message }, 'guideline skipped');
      outcomes.push({ uri: file.uri, status: 'failed', chunks: 0, error: { code: err.code, message: err.message } });
    }
  }

  if (options.prune) {
    const seen = new Set(listing.files.map((f) => f.uri));
    for (const stored of await repo.listSources(tenant, listing.root)) {
      if (seen.has(stored.sourceUri)) continue;
      await repo.deleteSource(tenant, stored.sourceUri);
      outcomes.push({ uri: stored.sourceUri, status: 'removed', chunks: stored.chunkCount });
      logger.info({ tenant, uri: stored.sourceUri }, 'guideline removed');
    }
  }

  const ms = Math.round(performance.now() - started);
  const count = (status: FileStatus) => outcomes.filter((o) => o.status === status).length;
  logger.info(
    { tenant, model: space.model, files: listing.files.length, ingested: count('ingested'), unchanged: count('unchanged'), failed: count('failed'), chunks: written, ms },
    'guidelines ingestion done',
  );
  return { tenant, model: space.model, dimension: space.dimension, root: listing.root, files: outcomes, chunks: written, ms };
}

/** The document's blocks and, for HTML, its <title>. Parser failures are the document's fault. */
async function parseGuideline(
  bytes: Uint8Array,
  file: GuidelineFile,
  openPdf: PdfOpener,
  maxPages: number,
): Promise<{ title: string | null; blocks: GuidelineBlock[] }> {
  if (file.mediaType === 'application/pdf') {
    const pdf = await openPdf(bytes, { maxPages });
    try {
      const pages: PageText[] = [];
      for (let p = 1; p <= pdf.pageCount; p++) pages.push(await pdf.textLayer(p));
      return { title: null, blocks: pdfBlocks(pages) };
    } finally {
      await pdf.close();
    }
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch (cause) {
    throw new DocumentError(ErrorCodes.CORRUPT_DOCUMENT, 'guideline text is not valid UTF-8', undefined, { cause });
  }
  try {
    return file.mediaType === 'text/html' ? htmlBlocks(text) : { title: null, blocks: markdownBlocks(text) };
  } catch (cause) {
    if (cause instanceof DocketError) throw cause;
    throw new DocumentError(ErrorCodes.CORRUPT_DOCUMENT, `guideline ${file.mediaType} cannot be parsed`, undefined, { cause });
  }
}
