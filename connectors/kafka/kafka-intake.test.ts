import { describe, expect, it } from 'vitest';
import { parseEvent } from './kafka-intake.js';

const event = {
  packetId: 'p1',
  tenantId: 't1',
  submittedAt: '2026-10-01T00:00:00Z',
  applicants: [{ firstName: 'Avery', lastName: 'Quinlan' }],
  documents: [{ documentId: 'd', uri: 'file:///x.pdf', mediaType: 'application/pdf', sha256: 'a'.repeat(64), filename: 'x.pdf' }],
};

describe('kafka packet events', () => {
  it('parses a valid event', () => {
    const parsed = parseEvent({ value: Buffer.from(JSON.stringify(event)) });
    expect(parsed).toMatchObject({ ok: true, event: { packetId: 'p1', schema: 'docket.packets.v1' } });
  });

  it.each([
    ['an empty message', null, 'empty message'],
    ['non-JSON', Buffer.from('{oops'), 'value is not JSON'],
    ['a schema violation', Buffer.from(JSON.stringify({ ...event, documents: [] })), 'documents: Too small'],
  ])('rejects %s with a reason', (_name, value, reason) => {
    const parsed = parseEvent({ value });
    expect(parsed.ok).toBe(false);
    expect((parsed as { reason: string }).reason).toContain(reason);
  });

  it('never quotes field values (PII) in the reason', () => {
    const parsed = parseEvent({ value: Buffer.from(JSON.stringify({ ...event, applicants: [{ firstName: 'Avery', lastName: '' }], submittedAt: 'Quinlan' })) });
    expect(parsed.ok).toBe(false);
    expect((parsed as { reason: string }).reason).not.toMatch(/Avery|Quinlan/);
  });
});
