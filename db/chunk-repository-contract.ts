import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChunkRepository, EMBEDDING_MISMATCH_CODE, EmbeddingMismatchError, type ChunkInput, type SourceInput } from './chunk-repository.js';
import type { Database } from './pool.js';

/**
 * One behaviour suite for the chunk repository, run on the embedded PGlite (unit) and on a real PostgreSQL with
 * pgvector (integration): hybrid search must rank the same on both.
 */
export function chunkRepositoryContract(name: string, open: () => Promise<Database>): void {
  describe(`ChunkRepository on ${name}`, () => {
    let db: Database;
    let repo: ChunkRepository;
    const space = { model: 'test-axes', dimension: 384 };

    /** A unit vector along `axis`, a little towards `lean` (so nearest neighbours are known in advance). */
    const axis = (i: number, lean?: number, dimension = 384): Float32Array => {
      const v = new Float32Array(dimension);
      v[i] = 1;
      if (lean !== undefined) v[lean] = 0.3;
      const n = Math.hypot(...v);
      return v.map((x) => x / n);
    };
    const source = (tenantId: string, uri: string, sha256 = 'a'.repeat(64)): SourceInput => ({
      tenantId,
      sourceUri: uri,
      sha256,
      mediaType: 'text/markdown',
      title: 'Sample guide',
      chunking: 'headings-v1:1200/150',
    });
    const chunk = (ordinal: number, sectionPath: string, content: string, embedding: Float32Array, page: number | null = null): ChunkInput => ({
      ordinal,
      sectionPath,
      page,
      content,
      embedding,
    });
    const guide = [
      chunk(0, '4 Income > 4.2 Pay stubs', 'The most recent pay stub must be dated no more than 30 days before the application date.', axis(0), 3),
      chunk(1, '5 Assets > 5.1 Bank statements', 'Two consecutive monthly statements, the most recent dated within 60 days.', axis(1), 4),
      chunk(2, '5 Assets > 5.2 Large deposits', 'A deposit over half of the gross monthly income must be sourced.', axis(2), 4),
      chunk(3, '6 Credit > 6.1 Credit report', 'A tri-merged credit report no more than 120 days old on the note date.', axis(3), 5),
    ];

    beforeAll(async () => {
      db = await open();
      repo = new ChunkRepository(db);
      await repo.replaceSource(source('acme', 'file:///g/guide.md'), space, guide);
    });
    afterAll(async () => {
      await db?.close();
    });

    it('records the source with its hash, chunking, model and chunk count', async () => {
      expect(await repo.getSource('acme', 'file:///g/guide.md')).toMatchObject({
        sha256: 'a'.repeat(64),
        chunking: 'headings-v1:1200/150',
        model: 'test-axes',
        dimension: 384,
        chunkCount: 4,
      });
      expect(await repo.embeddingSpace('acme')).toEqual(space);
      expect(await repo.embeddingSpace('nobody')).toBeUndefined();
    });

    it('fuses full-text and vector ranks: the pay-stub section for a pay-stub question', async () => {
      // The query vector leans to the bank-statement chunk; the words point at pay stubs: both signals count.
      const passages = await repo.search({ tenantId: 'acme', text: 'how old can a pay stub be', embedding: axis(0, 1), space });
      expect(passages[0]).toMatchObject({ sectionPath: '4 Income > 4.2 Pay stubs', page: 3, textRank: 1, vectorRank: 1, title: 'Sample guide' });
      expect(passages[0]!.similarity).toBeCloseTo(1 / Math.hypot(1, 0.3), 5);
      // "old" also matches the credit report ("120 days old"); the bank statements come by vector alone.
      expect(passages[1]).toMatchObject({ sectionPath: '6 Credit > 6.1 Credit report', textRank: 2 });
      expect(passages.find((p) => p.sectionPath === '5 Assets > 5.1 Bank statements')).toMatchObject({ textRank: null, vectorRank: 2 });
      expect(passages.map((p) => p.score)).toEqual([...passages.map((p) => p.score)].sort((a, b) => b - a));
    });

    it('ranks by words alone when the vector says nothing, and by vector alone when no word matches', async () => {
      const byWords = await repo.search({ tenantId: 'acme', text: 'tri-merged credit report', embedding: axis(100), space, limit: 2 });
      expect(byWords[0]!.sectionPath).toBe('6 Credit > 6.1 Credit report');
      const byVector = await repo.search({ tenantId: 'acme', text: 'zzz qqq', embedding: axis(2), space, limit: 2 });
      expect(byVector[0]).toMatchObject({ sectionPath: '5 Assets > 5.2 Large deposits', textRank: null, vectorRank: 1 });
      const stopwordsOnly = await repo.search({ tenantId: 'acme', text: 'how can it be?', embedding: axis(3), space, limit: 1 });
      expect(stopwordsOnly[0]).toMatchObject({ sectionPath: '6 Credit > 6.1 Credit report', textRank: null });
    });

    it('uses the HNSW index of the dimension for the vector ranking', async () => {
      await db.transaction(async (tx) => {
        await tx.query('SET LOCAL enable_seqscan = off');
        const plan = await tx.query(
          `EXPLAIN SELECT id FROM chunks WHERE tenant_id = 'acme' AND embedding_dim = 384
            ORDER BY embedding::vector(384) <=> $1::vector(384) LIMIT 5`,
          [`[${axis(0).join(',')}]`],
        );
        expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('chunks_embedding_hnsw');
      });
    });

    it('keeps tenants apart', async () => {
      await repo.replaceSource(source('other', 'file:///g/other.md'), space, [chunk(0, '1 Other > 1.1 Pay stubs', 'Pay stubs of another lender.', axis(0))]);
      const passages = await repo.search({ tenantId: 'acme', text: 'pay stubs', embedding: axis(0), space, limit: 10 });
      expect(passages.every((p) => p.sourceUri === 'file:///g/guide.md')).toBe(true);
      expect(await repo.search({ tenantId: 'nobody', text: 'pay stubs', embedding: axis(0), space })).toEqual([]);
    });

    it('replaces a changed source in one go: old chunks gone, new ones searchable', async () => {
      const uri = 'file:///g/changing.md';
      await repo.replaceSource(source('swap', uri, '1'.repeat(64)), space, [chunk(0, '1 Old', 'obsolete rule about faxes', axis(5))]);
      await repo.replaceSource(source('swap', uri, '2'.repeat(64)), space, [
        chunk(0, '1 New', 'current rule about email', axis(6)),
        chunk(1, '2 New', 'another current rule', axis(7)),
      ]);
      const { rows } = await db.pool.query(`SELECT section_path FROM chunks WHERE tenant_id = 'swap' ORDER BY ordinal`);
      expect(rows.map((r) => r.section_path)).toEqual(['1 New', '2 New']);
      expect(await repo.getSource('swap', uri)).toMatchObject({ sha256: '2'.repeat(64), chunkCount: 2 });
      expect(await repo.search({ tenantId: 'swap', text: 'faxes', embedding: axis(5), space, limit: 5 })).not.toContainEqual(
        expect.objectContaining({ sectionPath: '1 Old' }),
      );
    });

    it('refuses to mix embedding models or dimensions in a tenant, with a typed error', async () => {
      const otherDim = { model: 'test-axes', dimension: 768 };
      await expect(repo.replaceSource(source('acme', 'file:///g/new.md'), otherDim, [chunk(0, 'X', 'x', axis(0, undefined, 768))])).rejects.toMatchObject({
        code: EMBEDDING_MISMATCH_CODE,
        stored: space,
        given: otherDim,
      });
      const otherModel = { model: 'another-model', dimension: 384 };
      await expect(repo.replaceSource(source('acme', 'file:///g/new.md'), otherModel, [chunk(0, 'X', 'x', axis(0))])).rejects.toBeInstanceOf(
        EmbeddingMismatchError,
      );
      await expect(repo.search({ tenantId: 'acme', text: 'x', embedding: axis(0), space: otherModel })).rejects.toBeInstanceOf(EmbeddingMismatchError);
      await expect(repo.assertEmbeddingSpace('acme', otherDim)).rejects.toThrow(/test-axes \(384 dimensions\)/);
      // Nothing of the refused writes landed.
      expect(await repo.getSource('acme', 'file:///g/new.md')).toBeUndefined();
      // The only source of a tenant may change model: that replaces the whole space.
      await repo.replaceSource(source('solo', 'file:///g/solo.md'), space, [chunk(0, 'A', 'a', axis(0))]);
      await repo.replaceSource(source('solo', 'file:///g/solo.md'), otherDim, [chunk(0, 'A', 'a', axis(0, undefined, 768))]);
      expect(await repo.embeddingSpace('solo')).toEqual(otherDim);
    });

    it('searches a dimension without an HNSW index of its own (exact scan)', async () => {
      const small = { model: 'tiny', dimension: 8 };
      await repo.replaceSource(source('tiny', 'file:///g/tiny.md'), small, [
        chunk(0, '1 Pay stubs', 'pay stub age', axis(0, undefined, 8)),
        chunk(1, '2 Deposits', 'large deposits', axis(1, undefined, 8)),
      ]);
      const passages = await repo.search({ tenantId: 'tiny', text: 'deposits', embedding: axis(1, undefined, 8), space: small, limit: 1 });
      expect(passages[0]!.sectionPath).toBe('2 Deposits');
    });

    it('lists, deletes and forgets sources', async () => {
      await repo.replaceSource(source('gone', 'file:///g/a.md'), space, [chunk(0, 'A', 'a', axis(0))]);
      await repo.replaceSource(source('gone', 'file:///g/sub/b.md'), space, [chunk(0, 'B', 'b', axis(1))]);
      expect((await repo.listSources('gone', 'file:///g/sub/')).map((s) => s.sourceUri)).toEqual(['file:///g/sub/b.md']);
      await repo.deleteSource('gone', 'file:///g/sub/b.md');
      expect((await repo.listSources('gone')).map((s) => s.sourceUri)).toEqual(['file:///g/a.md']);
      await repo.deleteTenant('gone');
      expect(await repo.listSources('gone')).toEqual([]);
      expect(await repo.embeddingSpace('gone')).toBeUndefined();
    });
  });
}
