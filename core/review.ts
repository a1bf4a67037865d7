import { z } from 'zod';

/**
 * The contract between the waiting `processPacket` workflow and whoever reviews it (the review app, a script, a
 * test). A reviewer resolves findings and closes the packet with one update; the workflow records it and publishes
 * the reviewed decision.
 */
export const ReviewDecision = z.object({
  /** Idempotency key: the same action id twice is applied once. */
  actionId: z.string().min(1).max(128),
  reviewer: z.string().min(1).max(128),
  outcome: z.enum(['approve', 'return']),
  findings: z
    .array(
      z.object({
        findingId: z.string().min(1),
        resolution: z.enum(['confirmed', 'dismissed']),
        reason: z.string().max(2000).optional(),
      }),
    )
    .default([]),
  /** Documents to request from the borrower when the outcome is `return`. */
  requestedDocuments: z.array(z.string().max(200)).default([]),
  note: z.string().max(4000).optional(),
});
export type ReviewDecision = z.input<typeof ReviewDecision>;

export type PacketPhase = 'processing' | 'awaiting_review' | 'done';

/** What `packetStateQuery` answers. */
export interface PacketState {
  phase: PacketPhase;
  status?: 'clear' | 'needs_review' | 'incomplete' | 'failed';
  escalated: boolean;
  documentsDone: number;
  documentsTotal: number;
  review?: { reviewer: string; outcome: 'approve' | 'return' };
}
