import { ErrorCodes, type ErrorCode } from '../core/error-codes.js';
import { DocketError } from '../platform/errors.js';
import type { Database, Queryable } from './pool.js';

/**
 * Guideline chunks for retrieval (migration 0003): per tenant, per source document, with section path, page, the
 * embedding and its model, and a generated full-text vector. Every query names its tenant. A tenant's chunks all
 * live in one embedding space: writing or searching with another model or dimension is refused.
 */

/** The model and dimension that produced a vector; vectors of different spaces are never compared. */
export interface EmbeddingSpace {
  model: string;
  dimension: number;
}

export interface ChunkInput {
  /** Position in the source document, from 0. */
  ordinal: number;
  /** Headings from the top, e.g. "4 Income > 4.2 Pay stubs". */
  sectionPath: string;
  /** 1-based page for paged sources (PDF); null otherwise. */
  page: number | null;
  content: string;
  embedding: Float32Array;
}

export interface SourceInput {
  tenantId: string;
  /** Where the document stays: file:// or s3:// URI. */
  sourceUri: string;
  /** sha256 of the bytes read. */
  sha256: string;
  mediaType: string;
  title: string | null;
  /** How the document was split (chunker version and limits); a change re-ingests unchanged files. */
  chunking: string;
}

export interface GuidelineSource extends SourceInput {
  model: string;
  dimension: number;
  chunkCount: number;
  ingestedAt: Date;
}

export interface SearchRequest {
  tenantId: string;
  /** The query as the user wrote it, for full-text search. */
  text: string;
  /** The query's embedding, in `space`. */
  embedding: Float32Array;
  space: EmbeddingSpace;
  /** Passages returned (default 5). */
  limit?: number;
  /** Candidates taken from each of full-text and vector search before fusion (default 50). */
  candidates?: number;
}

export interface GuidelinePassage {
  chunkId: number;
  sourceUri: string;
  title: string | null;
  sectionPath: string;
  page: number | null;
  content: string;
  /** Reciprocal rank fusion score: sum over the two rankings of 1 / (RRF_K + rank). */
  score: number;
  /** 1-based rank in full-text search, null when the passage has none of the query's words. */
  textRank: number | null;
  /** 1-based rank in vector search, null when outside the candidates. */
  vectorRank: number | null;
  /** Cosine similarity to the query, when in the vector candidates. */
  similarity: number | null;
}

/** The usual constant of reciprocal rank fusion (Cormack, Clarke and Buettcher 2009): damps the top ranks. */
export const RRF_K = 60;
/** Inserts per statement when writing chunks. */
const INSERT_BATCH = 100;
/** HNSW candidate list while searching; iterative scans go on past it when the tenant filter drops rows. */
const HNSW_EF_SEARCH = 100;

/** Code of EmbeddingMismatchError; core/error-codes.ts does not list it yet (add `EMBEDDING_MISMATCH` there). */
export const EMBEDDING_MISMATCH_CODE: ErrorCode = ErrorCodes.EMBEDDING_MISMATCH;

/**
 * Thrown when chunks or a query of one embedding space meet a tenant whose chunks are in another (another model or
 * dimension): their similarities would mean nothing. Re-ingest the tenant's guidelines with one model.
 */
export class EmbeddingMismatchError extends DocketError {
  constructor(
    readonly tenantId: string,
    readonly stored: EmbeddingSpace,
    readonly given: EmbeddingSpace,
  ) {
    super(
      EMBEDDING_MISMATCH_CODE,
      `tenant ${tenantId} has guideline chunks embedded with ${stored.model} (${stored.dimension} dimensions), ` +
        `not ${given.model} (${given.dimension}); use that model, or re-ingest the tenant's guidelines with ` +
        `this one (docket guidelines ingest --reembed)`,
    );
  }
}

export class ChunkRepository {
  constructor(private readonly db: Database) {}

  async getSource(tenantId: string, sourceUri: string): Promise<GuidelineSource | undefined> {
    const { rows } = await this.db.pool.query(`SELECT * FROM guideline_sources WHERE tenant_id = $1 AND source_uri = $2`, [tenantId, sourceUri]);
    return rows[0] ? toSource(rows[0]) : undefined;
  }

  /** The tenant's sources, optionally only those whose URI starts with `uriPrefix`. */
  async listSources(tenantId: string, uriPrefix = ''): Promise<GuidelineSource[]> {
    const { rows } = await this.db.pool.query(
      `SELECT * FROM guideline_sources WHERE tenant_id = $1 AND starts_with(source_uri, $2) ORDER BY source_uri`,
      [tenantId, uriPrefix],
    );
    return rows.map(toSource);
  }

  /** Tenants that have guidelines ingested (the worker's start log; the one query that spans tenants). */
  async tenantsWithGuidelines(): Promise<string[]> {
    const { rows } = await this.db.pool.query(`SELECT DISTINCT tenant_id FROM guideline_sources WHERE chunk_count > 0 ORDER BY tenant_id`);
    return rows.map((r) => r.tenant_id as string);
  }

  /** The embedding space of the tenant's chunks; undefined when it has none. */
  async embeddingSpace(tenantId: string): Promise<EmbeddingSpace | undefined> {
    return spaceOf(this.db.pool, tenantId);
  }

  /** Throws EmbeddingMismatchError when the tenant has chunks in another space than `space`. */
  async assertEmbeddingSpace(tenantId: string, space: EmbeddingSpace): Promise<void> {
    const stored = await spaceOf(this.db.pool, tenantId);
    if (stored && (stored.model !== space.model || stored.dimension !== space.dimension)) {
      throw new EmbeddingMismatchError(tenantId, stored, space);
    }
  }

  /**
   * Replaces the source's chunks and records the source, in one transaction: readers see the old chunks or the new,
   * never a mix. Refuses (EmbeddingMismatchError) when the tenant's other chunks are in another embedding space.
   */
  async replaceSource(source: SourceInput, space: EmbeddingSpace, chunks: ChunkInput[]): Promise<void> {
    for (const c of chunks) {
      if (c.embedding.length !== space.dimension) {
        throw new RangeError(`chunk ${c.ordinal} has ${c.embedding.length} dimensions, the space ${space.dimension}`);
      }
    }
    await this.db.transaction(async (tx) => {
      await lockTenant(tx, source.tenantId);
      // All of a tenant's chunks share one space, so any chunk of another source tells it.
      const { rows } = await tx.query(
        `SELECT embedding_model, embedding_dim FROM chunks WHERE tenant_id = $1 AND source_uri <> $2 LIMIT 1`,
        [source.tenantId, source.sourceUri],
      );
      const stored = rows[0] as { embedding_model: string; embedding_dim: number } | undefined;
      if (stored && (stored.embedding_model !== space.model || stored.embedding_dim !== space.dimension)) {
        throw new EmbeddingMismatchError(source.tenantId, { model: stored.embedding_model, dimension: stored.embedding_dim }, space);
      }
      await tx.query(`DELETE FROM chunks WHERE tenant_id = $1 AND source_uri = $2`, [source.tenantId, source.sourceUri]);
      for (let i = 0; i < chunks.length; i += INSERT_BATCH) {
        const batch = chunks.slice(i, i + INSERT_BATCH);
        const params: unknown[] = [source.tenantId, source.sourceUri, source.sha256, space.model, space.dimension];
        const values = batch.map((c) => {
          params.push(c.ordinal, c.sectionPath, c.page, c.content, vectorLiteral(c.embedding));
          const n = params.length;
          return `($1, $2, $3, $4, $5, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n}::vector)`;
        });
        await tx.query(
          `INSERT INTO chunks (tenant_id, source_uri, source_sha256, embedding_model, embedding_dim, ordinal, section_path, page, content, embedding)
           VALUES ${values.join(', ')}`,
          params,
        );
      }
      await tx.query(
        `INSERT INTO guideline_sources
           (tenant_id, source_uri, source_sha256, media_type, title, chunking, embedding_model, embedding_dim, chunk_count, ingested_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
         ON CONFLICT (tenant_id, source_uri) DO UPDATE SET
           source_sha256 = EXCLUDED.source_sha256, media_type = EXCLUDED.media_type, title = EXCLUDED.title,
           chunking = EXCLUDED.chunking, embedding_model = EXCLUDED.embedding_model, embedding_dim = EXCLUDED.embedding_dim,
           chunk_count = EXCLUDED.chunk_count, ingested_at = EXCLUDED.ingested_at`,
        [source.tenantId, source.sourceUri, source.sha256, source.mediaType, source.title, source.chunking, space.model, space.dimension, chunks.length],
      );
    });
  }

  /** Forgets a source: its chunks and its record. */
  async deleteSource(tenantId: string, sourceUri: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await lockTenant(tx, tenantId);
      await tx.query(`DELETE FROM chunks WHERE tenant_id = $1 AND source_uri = $2`, [tenantId, sourceUri]);
      await tx.query(`DELETE FROM guideline_sources WHERE tenant_id = $1 AND source_uri = $2`, [tenantId, sourceUri]);
    });
  }

  /** Forgets every chunk and source of the tenant (before re-embedding it with another model). */
  async deleteTenant(tenantId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await lockTenant(tx, tenantId);
      await tx.query(`DELETE FROM chunks WHERE tenant_id = $1`, [tenantId]);
      await tx.query(`DELETE FROM guideline_sources WHERE tenant_id = $1`, [tenantId]);
    });
  }

  /**
   * Hybrid search within the tenant: full-text (the query's words OR-ed, ranked by cover density, headings weighted
   * above body) and vector (cosine, through the HNSW index of the dimension), fused by reciprocal rank. Returns []
   * for a tenant with no chunks; EmbeddingMismatchError when the query is in another space than the chunks. Equal
   * fused scores are ordered by full-text rank, then similarity.
   */
  async search(request: SearchRequest): Promise<GuidelinePassage[]> {
    const { tenantId, space } = request;
    const dim = space.dimension;
    if (!Number.isInteger(dim) || dim < 1 || dim > 16000) throw new RangeError(`bad embedding dimension ${dim}`);
    if (request.embedding.length !== dim) throw new RangeError(`query has ${request.embedding.length} dimensions, the space ${dim}`);
    const limit = request.limit ?? 5;
    const candidates = Math.max(request.candidates ?? 50, limit);
    return this.db.transaction(async (tx) => {
      const stored = await spaceOf(tx, tenantId);
      if (!stored) return [];
      if (stored.model !== space.model || stored.dimension !== dim) throw new EmbeddingMismatchError(tenantId, stored, space);
      // Filtered HNSW scans: keep scanning past ef_search when the tenant filter drops candidates (pgvector 0.8).
      await tx.query(`SET LOCAL hnsw.iterative_scan = relaxed_order`);
      await tx.query(`SET LOCAL hnsw.ef_search = ${HNSW_EF_SEARCH}`);
      // `dim` is a checked integer: it is written into the SQL so the cast and the predicate match the partial
      // index of that dimension (parameters would hide them from the planner).
      const { rows } = await tx.query(
        `WITH query AS (
           SELECT CASE WHEN numnode(q) = 0 THEN NULL ELSE replace(q::text, ' & ', ' | ')::tsquery END AS q
             FROM plainto_tsquery('english', $2) AS q
         ),
         text_hits AS (
           SELECT c.id, ts_rank_cd(c.tsv, query.q) AS rank
             FROM chunks c, query
            WHERE query.q IS NOT NULL AND c.tenant_id = $1 AND c.embedding_model = $3 AND c.tsv @@ query.q
            ORDER BY rank DESC, c.id
            LIMIT $5
         ),
         text_ranked AS (SELECT id, row_number() OVER (ORDER BY rank DESC, id) AS r FROM text_hits),
         vector_hits AS (
           SELECT c.id, c.embedding::vector(${dim}) <=> $4::vector(${dim}) AS distance
             FROM chunks c
            WHERE c.tenant_id = $1 AND c.embedding_model = $3 AND c.embedding_dim = ${dim}
            ORDER BY distance
            LIMIT $5
         ),
         vector_ranked AS (SELECT id, distance, row_number() OVER (ORDER BY distance, id) AS r FROM vector_hits),
         fused AS (
           SELECT coalesce(t.id, v.id) AS id, t.r AS text_rank, v.r AS vector_rank, v.distance,
                  coalesce(1.0 / (${RRF_K} + t.r), 0) + coalesce(1.0 / (${RRF_K} + v.r), 0) AS score
             FROM text_ranked t FULL OUTER JOIN vector_ranked v ON v.id = t.id
         )
         SELECT f.id, f.text_rank, f.vector_rank, f.distance, f.score,
                c.source_uri, c.section_path, c.page, c.content, s.title
           FROM fused f
           JOIN chunks c ON c.id = f.id
           LEFT JOIN guideline_sources s ON s.tenant_id = c.tenant_id AND s.source_uri = c.source_uri
          ORDER BY f.score DESC, f.text_rank, f.distance, f.id
          LIMIT $6`,
        [tenantId, request.text, space.model, vectorLiteral(request.embedding), candidates, limit],
      );
      return rows.map((r) => ({
        chunkId: Number(r.id),
        sourceUri: r.source_uri,
        title: r.title ?? null,
        sectionPath: r.section_path,
        page: r.page ?? null,
        content: r.content,
        score: Number(r.score),
        textRank: r.text_rank === null ? null : Number(r.text_rank),
        vectorRank: r.vector_rank === null ? null : Number(r.vector_rank),
        similarity: r.distance === null ? null : 1 - Number(r.distance),
      }));
    });
  }
}

/** Serializes writers of one tenant's chunks, so two ingestions cannot mix embedding spaces between their checks. */
async function lockTenant(tx: Queryable, tenantId: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('docket.chunks'), hashtext($1))`, [tenantId]);
}

async function spaceOf(db: Queryable, tenantId: string): Promise<EmbeddingSpace | undefined> {
  const { rows } = await db.query(`SELECT embedding_model, embedding_dim FROM chunks WHERE tenant_id = $1 LIMIT 1`, [tenantId]);
  return rows[0] ? { model: rows[0].embedding_model, dimension: rows[0].embedding_dim } : undefined;
}

/** pgvector's text form, "[0.1,0.2,...]". */
function vectorLiteral(v: Float32Array): string {
  for (const x of v) if (!Number.isFinite(x)) throw new RangeError('embedding has a non-finite component');
  return `[${v.join(',')}]`;
}

function toSource(r: Record<string, unknown>): GuidelineSource {
  return {
    tenantId: r.tenant_id as string,
    sourceUri: r.source_uri as string,
    sha256: r.source_sha256 as string,
    mediaType: r.media_type as string,
    title: (r.title as string | null) ?? null,
    chunking: r.chunking as string,
    model: r.embedding_model as string,
    dimension: r.embedding_dim as number,
    chunkCount: r.chunk_count as number,
    ingestedAt: r.ingested_at as Date,
  };
}
