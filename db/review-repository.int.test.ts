import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../platform/logger.js';
import { createTestSchema } from '../worker/test-services.js';
import { openDatabase, type Database } from './pool.js';
import { ReviewRepository } from './review-repository.js';

// On a real PostgreSQL server, where two claims can truly race on separate connections (PGlite has one).
describe('ReviewRepository on PostgreSQL', () => {
  const run = randomUUID().replace(/-/g, '').slice(0, 10);
  let db: Database;
  let repo: ReviewRepository;
  const key = { tenantId: 'acme', packetId: 'p1' };
  const users = [
    { userId: `u1-${run}`, email: `u1-${run}@acme.test` },
    { userId: `u2-${run}`, email: `u2-${run}@acme.test` },
  ];

  beforeAll(async () => {
    db = await openDatabase({ url: await createTestSchema(`it_reviewrepo_${run}`), dataDir: '.cache/unused', poolMax: 4 }, createLogger('silent'));
    repo = new ReviewRepository(db);
    await db.pool.query(
      `INSERT INTO packets (tenant_id, packet_id, workflow_id, submitted_at, applicants, intake, status, phase, decided_at)
       VALUES ('acme', 'p1', 'packet-acme-p1', now(), '[]', 'test', 'needs_review', 'awaiting_review', now())`,
    );
    for (const u of users) await repo.createUser({ ...u, tenantId: 'acme', displayName: u.email, role: 'underwriter', passwordHash: null }, 'test');
  });

  afterAll(async () => {
    await db?.close();
  });

  it('gives a packet to exactly one of two people claiming it at the same moment', async () => {
    for (let round = 0; round < 10; round++) {
      await db.pool.query(`DELETE FROM review_claims WHERE tenant_id = 'acme'`);
      const results = await Promise.all(users.map((u) => repo.claim(key, u, 60_000, false)));
      expect(results.filter((r) => r.ok), `round ${round}`).toHaveLength(1);
      const { rows } = await db.pool.query(`SELECT user_id FROM review_claims WHERE tenant_id = 'acme' AND packet_id = 'p1'`);
      expect(rows).toHaveLength(1);
      const winner = results.find((r) => r.ok)!;
      expect(winner.ok && winner.claim.userId).toBe(rows[0].user_id);
    }
  });

  it('keeps every query inside its tenant', async () => {
    expect((await repo.queue('acme', 3_600_000, 10)).map((p) => p.packetId)).toEqual(['p1']);
    expect(await repo.queue('globex', 3_600_000, 10)).toEqual([]);
    expect(await repo.packetView({ tenantId: 'globex', packetId: 'p1' }, 3_600_000)).toBeUndefined();
    expect((await repo.claim({ tenantId: 'globex', packetId: 'p1' }, users[0]!, 60_000, false)).ok).toBe(false);
    expect(await repo.listUsers('globex')).toEqual([]);
  });

  it('refuses to rewrite the audit log, TRUNCATE included', async () => {
    await repo.audit({ tenantId: 'acme', packetId: 'p1', actor: 'test', action: 'test.append' });
    await expect(db.pool.query(`UPDATE audit_log SET actor = 'x'`)).rejects.toThrow(/append-only/);
    await expect(db.pool.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(db.pool.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
  });
});
