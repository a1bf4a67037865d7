import { citationFor, citationQuery, citePassage, type CitedPassage } from '../core/finding-citations.js';
import type { Finding } from '../core/findings.js';
import type { GuidelineEmbedder } from '../connectors/datalake/guideline-store.js';
import { EmbeddingMismatchError, type ChunkRepository } from '../db/chunk-repository.js';
import type { StoredFinding } from '../db/packet-repository.js';

/** What grounding needs: the embeddings provider the tenant's guidelines were ingested with, and the chunks. */
export interface GuidelineGrounding {
  embeddings: GuidelineEmbedder;
  chunks: Pick<ChunkRepository, 'search' | 'embeddingSpace'>;
  /** Passages kept per finding (default 2). */
  passagesPerFinding?: number;
}

export type GroundingOutcome =
  /** Passages retrieved for every finding. */
  | { kind: 'grounded'; queries: number }
  /** Grounding is not configured, or there was nothing to ground. */
  | { kind: 'off' }
  /** The tenant has no guidelines ingested: findings keep their citation, without passages. */
  | { kind: 'no_guidelines' }
  /** The tenant's guidelines were embedded with another model than the worker's: re-ingest with `--reembed`. */
  | { kind: 'mismatch'; error: EmbeddingMismatchError };

/**
 * Gives every finding its citation (its rule's, or the pipeline's section for the pipeline's own findings) and the
 * top passages of hybrid search over the tenant's guidelines for it, best first. Ranked by search alone: the passage
 * of the cited section is not pushed up (the eval's citation accuracy measures how often it comes first). Findings
 * with the same query share one search. A tenant with no guidelines, or with guidelines in another embedding space,
 * gets findings without passages and an outcome that says why; other failures (database, embeddings) throw.
 */
export async function groundFindings(
  tenantId: string,
  findings: readonly (Finding & Partial<StoredFinding>)[],
  grounding: GuidelineGrounding | undefined,
): Promise<{ findings: StoredFinding[]; outcome: GroundingOutcome }> {
  const cited: StoredFinding[] = findings.map((f) => {
    const citation = citationFor(f);
    return { ...f, ...(citation ? { citation } : {}), passages: [] };
  });
  if (!grounding || !cited.length) return { findings: cited, outcome: { kind: 'off' } };
  const { embeddings, chunks } = grounding;
  const space = await chunks.embeddingSpace(tenantId);
  if (!space) return { findings: cited, outcome: { kind: 'no_guidelines' } };
  if (space.model !== embeddings.model || space.dimension !== embeddings.dimension) {
    return { findings: cited, outcome: { kind: 'mismatch', error: new EmbeddingMismatchError(tenantId, space, embeddings) } };
  }

  const queryOf = cited.map((f) => citationQuery(f.citation, f.message));
  const queries = [...new Set(queryOf)];
  const vectors = await embeddings.embed(queries.map((q) => `${embeddings.queryPrefix ?? ''}${q}`));
  const passages = new Map<string, CitedPassage[]>();
  try {
    for (const [i, query] of queries.entries()) {
      const hits = await chunks.search({
        tenantId,
        text: query,
        embedding: vectors[i]!,
        space: { model: embeddings.model, dimension: embeddings.dimension },
        limit: grounding.passagesPerFinding ?? 2,
      });
      passages.set(query, hits.map((p) => citePassage(p, query)));
    }
  } catch (err) {
    // Re-ingested with another model between the check above and the search.
    if (err instanceof EmbeddingMismatchError) return { findings: cited, outcome: { kind: 'mismatch', error: err } };
    throw err;
  }
  return {
    findings: cited.map((f, i) => ({ ...f, passages: passages.get(queryOf[i]!) ?? [] })),
    outcome: { kind: 'grounded', queries: queries.length },
  };
}
