import type { GuidelineEmbedder, GuidelinePassage, GuidelineStore } from './guideline-store.js';

export interface SearchGuidelinesOptions {
  tenant: string;
  embeddings: GuidelineEmbedder;
  repo: GuidelineStore;
  /** Passages returned (default 5). */
  limit?: number;
}

/**
 * The tenant's guideline passages for a question or a finding ("how old can a pay stub be"), best first: hybrid
 * full-text + vector search fused by reciprocal rank (db/chunk-repository.ts). Each passage carries its source
 * document, section path, page and score, ready to cite.
 */
export async function searchGuidelines(query: string, options: SearchGuidelinesOptions): Promise<GuidelinePassage[]> {
  const { embeddings } = options;
  const [embedding] = await embeddings.embed([`${embeddings.queryPrefix ?? ''}${query}`]);
  return options.repo.search({
    tenantId: options.tenant,
    text: query,
    embedding: embedding!,
    space: { model: embeddings.model, dimension: embeddings.dimension },
    limit: options.limit,
  });
}
