import { describe, expect, it } from 'vitest';
import { describeIssues, packetWorkflowId, PacketEventV1 } from './events.js';

const valid = {
  packetId: 'pkt-1',
  tenantId: 'lender-a',
  submittedAt: '2026-10-01T12:00:00Z',
  applicants: [{ firstName: 'Avery', lastName: 'Quinlan' }],
  documents: [
    { documentId: 'd1', uri: 'file:///data/w2.pdf', mediaType: 'application/pdf', sha256: 'a'.repeat(64), filename: 'w2.pdf' },
  ],
};

describe('docket.packets.v1', () => {
  it('accepts a valid event and fills defaults', () => {
    const event = PacketEventV1.parse(valid);
    expect(event.schema).toBe('docket.packets.v1');
    expect(event.applicants[0]!.role).toBe('borrower');
  });

  it('rejects inline documents, bad hashes, duplicate ids and other schemes with readable reasons', () => {
    const bad = {
      ...valid,
      documents: [
        { ...valid.documents[0], uri: 'https://example.invalid/w2.pdf', sha256: 'XYZ' },
        valid.documents[0],
      ],
    };
    const result = PacketEventV1.safeParse(bad);
    expect(result.success).toBe(false);
    const issues = describeIssues(result.error!);
    expect(issues).toContain('documents.0.uri: must be a file:// or s3:// URI');
    expect(issues).toContain('documents.0.sha256: lowercase hex sha256');
  });

  it('rejects duplicate document ids', () => {
    const result = PacketEventV1.safeParse({ ...valid, documents: [valid.documents[0], valid.documents[0]] });
    expect(result.success).toBe(false);
    expect(describeIssues(result.error!).join()).toContain('documentId must be unique');
  });

  it('workflow id is stable per tenant and packet, and no two pairs share one', () => {
    expect(packetWorkflowId('lender-a', 'pkt-1')).toBe('packet/lender-a/pkt-1');
    expect(packetWorkflowId('acme', 'x-1')).not.toBe(packetWorkflowId('acme-x', '1'));
    expect(packetWorkflowId('acme.x', '1')).not.toBe(packetWorkflowId('acme', 'x.1'));
  });
});
