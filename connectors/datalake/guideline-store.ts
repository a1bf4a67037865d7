import type { PageText } from '../../core/page.js';

/**
 * The ports of guideline ingestion and search. Connectors import only core/ and platform/, so the adapters that
 * fill these are passed in by the composition root: inference/embeddings (createEmbeddings) is a GuidelineEmbedder,
 * db/chunk-repository.ts (ChunkRepository) a GuidelineStore, and inference/pdf.ts's `openPdf` a PdfOpener. The
 * tests of this folder assign the real ones to these types, so they cannot drift apart.
 */

export interface EmbeddingSpace {
  model: string;
  dimension: number;
}

export interface GuidelineEmbedder extends EmbeddingSpace {
  /** Put before a search query (models trained with a query instruction); passages are embedded as they are. */
  readonly queryPrefix?: string;
  embed(texts: string[]): Promise<Float32Array[]>;
}

export interface StoredSource {
  sourceUri: string;
  sha256: string;
  chunking: string;
  model: string;
  dimension: number;
  chunkCount: number;
}

export interface SourceInput {
  tenantId: string;
  sourceUri: string;
  sha256: string;
  mediaType: string;
  title: string | null;
  chunking: string;
}

export interface ChunkInput {
  ordinal: number;
  sectionPath: string;
  page: number | null;
  content: string;
  embedding: Float32Array;
}

export interface GuidelinePassage {
  chunkId: number;
  sourceUri: string;
  title: string | null;
  sectionPath: string;
  page: number | null;
  content: string;
  score: number;
  textRank: number | null;
  vectorRank: number | null;
  similarity: number | null;
}

export interface GuidelineStore {
  getSource(tenantId: string, sourceUri: string): Promise<StoredSource | undefined>;
  listSources(tenantId: string, uriPrefix?: string): Promise<StoredSource[]>;
  /** Throws the store's typed mismatch error when the tenant's chunks are in another embedding space. */
  assertEmbeddingSpace(tenantId: string, space: EmbeddingSpace): Promise<void>;
  replaceSource(source: SourceInput, space: EmbeddingSpace, chunks: ChunkInput[]): Promise<void>;
  deleteSource(tenantId: string, sourceUri: string): Promise<void>;
  deleteTenant(tenantId: string): Promise<void>;
  search(request: { tenantId: string; text: string; embedding: Float32Array; space: EmbeddingSpace; limit?: number }): Promise<GuidelinePassage[]>;
}

/** Opens a PDF's text layer (inference/pdf.ts `openPdf`). */
export type PdfOpener = (
  bytes: Uint8Array,
  limits: { maxPages: number },
) => Promise<{ pageCount: number; textLayer(pageNumber: number): Promise<PageText>; close(): Promise<void> }>;
