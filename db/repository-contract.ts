import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PacketEventV1 } from '../core/events.js';
import type { Finding } from '../core/findings.js';
import { PacketRepository } from './packet-repository.js';
import type { Database } from './pool.js';

/**
 * One behaviour suite for the repository, run against the embedded PGlite (unit project) and a real PostgreSQL
 * server with pgvector (integration project): the same pg code must behave the same on both.
 */
export function repositoryContract(name: string, open: () => Promise<Database>, tenantId: string): void {
  describe(`PacketRepository on ${name}`, () => {
    let db: Database;
    let repo: PacketRepository;
    const event: PacketEventV1 = {
      schema: 'docket.packets.v1',
      packetId: 'p1',
      tenantId,
      submittedAt: '2026-10-01T12:00:00Z',
      applicants: [{ role: 'borrower', firstName: 'Avery', lastName: 'Quinlan' }],
      documents: [
        { documentId: 'd1', uri: 'file:///x/a.pdf', mediaType: 'application/pdf', sha256: 'a'.repeat(64), filename: 'a.pdf' },
        { documentId: 'd2', uri: 'file:///x/b.pdf', mediaType: 'application/pdf', sha256: 'b'.repeat(64), filename: 'b.pdf' },
      ],
    };
    const key = { tenantId, packetId: 'p1' };
    const d1 = { ...key, documentId: 'd1' };
    const count = async (table: string) =>
      Number((await db.pool.query(`SELECT count(*) AS n FROM ${table} WHERE tenant_id = $1`, [tenantId])).rows[0].n);

    beforeAll(async () => {
      db = await open();
      repo = new PacketRepository(db);
    });
    afterAll(async () => {
      await db?.close();
    });

    it('has pgvector with an HNSW index on chunks', async () => {
      const ext = await db.pool.query(`SELECT extversion FROM pg_extension WHERE extname = 'vector'`);
      expect(ext.rows[0].extversion).toMatch(/^0\.\d+\.\d+$/);
      const idx = await db.pool.query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'chunks_embedding_hnsw'`);
      expect(idx.rows[0].indexdef).toContain('hnsw');
      const v = Array.from({ length: 384 }, (_, i) => (i === 0 ? 1 : 0));
      await db.pool.query(
        `INSERT INTO chunks (tenant_id, source_uri, source_sha256, section_path, content, embedding_model, embedding_dim, embedding)
         VALUES ($1, 'file:///g.md', 'x', 'Income/4.2', 'Pay stubs must be dated within 30 days', 'test', 384, $2)`,
        [tenantId, JSON.stringify(v)],
      );
      const near = await db.pool.query(`SELECT section_path, embedding <=> $2 AS d FROM chunks WHERE tenant_id = $1 ORDER BY d LIMIT 1`, [
        tenantId,
        JSON.stringify(v),
      ]);
      expect(near.rows[0].section_path).toBe('Income/4.2');
      expect(Number(near.rows[0].d)).toBeCloseTo(0);
    });

    it('writes are idempotent: retried activities never duplicate rows', async () => {
      await repo.upsertPacket(event, 'packet-x', 'test');
      await repo.upsertPacket(event, 'packet-x', 'test');
      const page = { pageNumber: 1, source: 'ocr' as const, width: 612, height: 792, text: 'Earnings Statement', lines: [], confidence: 0.8 };
      await repo.savePages(d1, [page, { ...page, pageNumber: 2 }]);
      await repo.savePages(d1, [page, { ...page, pageNumber: 2 }]);
      const field = { name: 'pay_date', value: '10/20/2026', normalized: '2026-10-20', confidence: 0.9, page: 1, bbox: { x: 0.1, y: 0.1, w: 0.1, h: 0.01 }, source: 'ocr' as const, evidence: 'Pay Date: 10/20/2026' };
      await repo.replaceFields(d1, [field]);
      await repo.replaceFields(d1, [field]);
      const finding: Finding = { findingId: 'missing_document:w2', code: 'missing_document', severity: 'critical', documentIds: [], message: 'Missing W-2', evidence: [] };
      await repo.saveFindings(key, [finding], 'incomplete');
      await repo.saveFindings(key, [finding], 'incomplete');
      // The phase moves only with a stored decision.
      expect((await repo.packetResult(key))!.phase).toBe('processing');
      expect([await count('packets'), await count('documents'), await count('pages'), await count('fields'), await count('findings')]).toEqual([1, 2, 2, 1, 1]);
      expect((await repo.loadPages(d1)).map((p) => p.confidence)).toEqual([0.8, 0.8]);
    });

    it('records an unreadable document with its code', async () => {
      await repo.markUnreadable({ ...key, documentId: 'd2' }, 'DOCKET_ERR_CORRUPT_DOCUMENT', 'bad xref');
      const doc = await repo.getDocument({ ...key, documentId: 'd2' });
      expect(doc).toMatchObject({ status: 'unreadable', errorCode: 'DOCKET_ERR_CORRUPT_DOCUMENT' });
    });

    it('builds the decision from stored rows, with counts and no PII', async () => {
      const decision = await repo.buildDecision(key, 'incomplete', false, new Date('2026-10-01T12:05:00Z'));
      expect(decision.counts).toEqual({ documents: 2, pages: 2, ocrPages: 2, fields: 1, findings: 1, unreadableDocuments: 1 });
      expect(JSON.stringify(decision)).not.toContain('Quinlan');
      await repo.saveDecision(key, decision, 'awaiting_review');
      const result = await repo.packetResult(key);
      expect(result).toMatchObject({ status: 'incomplete', phase: 'awaiting_review' });
      expect(result!.documents[0]!.fields[0]).toMatchObject({ name: 'pay_date', normalized: '2026-10-20', page: 1, source: 'ocr' });
      expect(result!.documents[1]!.error?.code).toBe('DOCKET_ERR_CORRUPT_DOCUMENT');
    });

    it('applies a review once and keeps an append-only audit log', async () => {
      const review = { actionId: 'r1', reviewer: 'uw-1', outcome: 'return' as const, findings: [{ findingId: 'missing_document:w2', resolution: 'confirmed' as const }], requestedDocuments: ['W-2 2025'] };
      await repo.saveReview(key, review);
      await repo.saveReview(key, review);
      expect(await count('review_actions')).toBe(1);
      expect(await count('audit_log')).toBe(2);
      await expect(db.pool.query(`DELETE FROM audit_log WHERE tenant_id = $1`, [tenantId])).rejects.toThrow(/append-only|permission denied for table audit_log/);
      await expect(db.pool.query(`UPDATE audit_log SET actor = 'x' WHERE tenant_id = $1`, [tenantId])).rejects.toThrow(/append-only|permission denied for table audit_log/);
    });

    it('stores the documents found in a file, each with its own fields, and lists them as documents', async () => {
      const merged = { ...key, packetId: 'p-merged' };
      await repo.upsertPacket({ ...event, packetId: 'p-merged', documents: [event.documents[0]!] }, 'wf-merged', 'test');
      const file = { ...merged, documentId: 'd1' };
      const blank = (n: number) => ({ pageNumber: n, source: 'text-layer' as const, width: 612, height: 792, text: `page ${n}`, lines: [], confidence: 1 });
      await repo.savePages(file, [1, 2, 3, 4].map(blank));
      const segment = (n: number, type: 'w2' | 'bank_statement', firstPage: number, lastPage: number) => ({ segment: n, type, firstPage, lastPage, confidence: 0.9, method: 'test' });
      const wages = (value: string, page: number) => ({ name: 'wages', value, normalized: value, confidence: 1, page, bbox: { x: 0, y: 0, w: 0.1, h: 0.1 }, source: 'text-layer' as const, evidence: value });
      // First a wrong split into three documents, then the retry's two: the third's fields must go.
      await repo.saveSegments(file, [segment(1, 'w2', 1, 1), segment(2, 'w2', 2, 2), segment(3, 'bank_statement', 3, 4)]);
      await repo.replaceFields({ ...file, segment: 3 }, [wages('1.00', 3)]);
      await repo.saveSegments(file, [segment(1, 'w2', 1, 1), segment(2, 'w2', 2, 4)]);
      await repo.replaceFields({ ...file, segment: 1 }, [wages('81000.00', 1)]);
      await repo.replaceFields({ ...file, segment: 2 }, [wages('79000.00', 2)]);
      expect((await repo.loadPages(file, [2, 3])).map((p) => p.pageNumber)).toEqual([2, 3]);
      const result = await repo.packetResult(merged);
      expect(result!.documents.map((d) => [d.documentId, d.segment, d.type, d.firstPage, d.lastPage, d.pages, d.fields.map((f) => f.value)])).toEqual([
        ['d1', 1, 'w2', 1, 1, 1, ['81000.00']],
        ['d1', 2, 'w2', 2, 4, 3, ['79000.00']],
      ]);
      expect((await repo.getDocument(file))!.docType).toBe('w2');
      // Transaction rows per document, replaced on retry, read back with dates and signed amounts.
      const row = (date: string, amount: number, balance: number | null) => ({ date, description: 'x', amount, balance, page: 2, bbox: { x: 0, y: 0, w: 1, h: 0.01 }, confidence: 1 });
      await repo.replaceTransactions({ ...file, segment: 2 }, [row('2026-02-01', 1, 1)]);
      await repo.replaceTransactions({ ...file, segment: 2 }, [row('2026-02-02', -207.57, 11425.93), row('2026-02-10', 2499.54, null)]);
      expect((await repo.loadTransactions(merged)).map((t) => [t.documentId, t.segment, t.date, t.amount, t.balance])).toEqual([
        ['d1', 2, '2026-02-02', -207.57, 11425.93],
        ['d1', 2, '2026-02-10', 2499.54, null],
      ]);
      const mark = (present: boolean) => ({ name: 'borrower_signature', kind: 'signature' as const, present, page: 1, bbox: { x: 0.2, y: 0.4, w: 0.3, h: 0.03 }, confidence: 1, method: 'test' });
      await repo.replaceMarks({ ...file, segment: 1 }, [mark(false)]);
      await repo.replaceMarks({ ...file, segment: 1 }, [mark(true)]);
      expect((await repo.loadMarks(merged)).map((m) => [m.documentId, m.segment, m.name, m.present])).toEqual([['d1', 1, 'borrower_signature', true]]);
    });

    it('keeps tenants apart', async () => {
      expect(await repo.packetResult({ tenantId: `${tenantId}-other`, packetId: 'p1' })).toBeUndefined();
    });

    it('stores the passages each finding quotes, and the borrower request with the time from arrival to the list', async () => {
      const passage = {
        source: 'file:///g/guide.md',
        title: 'Guide',
        section: '7.3',
        sectionPath: '7 Required documents > 7.3 Missing documents',
        page: null,
        excerpt: 'A loan file missing any document required by this section cannot be approved.',
        score: 0.0325,
      };
      const citation = { topic: 'Missing documents', section: '7.3' };
      const finding: Finding = { findingId: 'missing_document:w2', code: 'missing_document', severity: 'critical', documentIds: [], message: 'Missing W-2', evidence: [] };
      await repo.saveFindings(key, [{ ...finding, ruleId: 'required-documents', ruleVersion: 1, citation, passages: [passage] }], 'incomplete');
      const result = await repo.packetResult(key);
      expect(result!.findings).toEqual([{ findingId: 'missing_document:w2', code: 'missing_document', severity: 'critical', message: 'Missing W-2', documentIds: [], ruleId: 'required-documents', citation, passages: [passage] }]);
      expect(result!.borrowerRequest).toBeNull();

      const { rows } = await db.pool.query(`SELECT received_at FROM packets WHERE tenant_id = $1 AND packet_id = 'p1'`, [tenantId]);
      const arrived = new Date(rows[0].received_at).getTime();
      const item = { itemId: 'document:w2', kind: 'document' as const, text: 'Your W-2: it is not in your file. Please send it.', section: '7.3', topic: 'Missing documents', findingIds: ['missing_document:w2'] };
      await repo.saveBorrowerRequest(key, [item], new Date(arrived + 1500));
      // A retry replaces the draft's items and keeps the first time (the KPI).
      const second = { ...item, itemId: 'document:bank_statement' };
      await repo.saveBorrowerRequest(key, [item, second], new Date(arrived + 9000));
      const request = (await repo.packetResult(key))!.borrowerRequest!;
      expect(request).toMatchObject({ status: 'draft', items: [item, second] });
      expect(Math.abs(request.readyMs - 1500)).toBeLessThanOrEqual(1);
      expect(Date.parse(request.updatedAt) - Date.parse(request.createdAt)).toBe(7500);
      // A list the underwriter edited is theirs: the pipeline neither replaces nor removes it.
      await db.pool.query(`UPDATE borrower_requests SET status = 'edited' WHERE tenant_id = $1 AND packet_id = 'p1'`, [tenantId]);
      await repo.saveBorrowerRequest(key, [second], new Date(arrived + 10_000));
      await repo.saveBorrowerRequest(key, [], new Date(arrived + 11_000));
      expect((await repo.loadBorrowerRequest(key))!.items).toEqual([item, second]);
      expect(await repo.loadBorrowerRequest({ tenantId: `${tenantId}-other`, packetId: 'p1' })).toBeUndefined();
      // The request names files; a file holding several documents has no one type.
      expect(await repo.listDocuments({ ...key, packetId: 'p-merged' })).toEqual([{ documentId: 'd1', filename: 'a.pdf', type: null }]);
      expect((await repo.listDocuments(key)).map((d) => d.filename)).toEqual(['a.pdf', 'b.pdf']);
      // A draft no longer needed goes.
      await db.pool.query(`UPDATE borrower_requests SET status = 'draft' WHERE tenant_id = $1 AND packet_id = 'p1'`, [tenantId]);
      await repo.saveBorrowerRequest(key, [], new Date(arrived + 12_000));
      expect(await repo.loadBorrowerRequest(key)).toBeUndefined();
    });
  });
}
