import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { packetWorkflowId } from '../core/events.js';
import type { PacketState, ReviewDecision } from '../core/review.js';
import type { PacketKey } from '../db/packet-repository.js';
import { InvalidReviewError } from '../platform/errors.js';
import { packetStateQuery, reviewUpdate } from '../workflows/process-packet/process-packet.js';

/**
 * The review app's only door to the running `processPacket` workflows: send the reviewer's decision (the `review`
 * update) and read the live state (`packetStateQuery`). An interface so the API tests can run without Temporal and
 * another transport (a signal, a queue) could stand in.
 */
export interface PacketWorkflows {
  /** Resolves with the workflow's state once it recorded the decision; InvalidReviewError when it refused it. */
  submitReview(key: PacketKey, decision: ReviewDecision): Promise<PacketState>;
  /** The workflow's live state; undefined when there is no such workflow. */
  state(key: PacketKey): Promise<PacketState | undefined>;
}

/**
 * With `workflowIdOf`, each packet's workflow is the one recorded for it (the packets table's workflow_id: exact for
 * packets started under an older id scheme too); without it, or for a packet not recorded yet, `packetWorkflowId`.
 */
export function temporalPacketWorkflows(client: Client, workflowIdOf?: (key: PacketKey) => Promise<string | undefined>): PacketWorkflows {
  const handle = async (key: PacketKey) => client.workflow.getHandle((await workflowIdOf?.(key)) ?? packetWorkflowId(key.tenantId, key.packetId));
  return {
    async submitReview(key, decision) {
      try {
        return await (await handle(key)).executeUpdate(reviewUpdate, { args: [decision] });
      } catch (err) {
        // The validator refused (not waiting, already reviewed) or the workflow is gone: the packet's state, not a fault.
        if (err instanceof WorkflowUpdateFailedError) throw new InvalidReviewError(`the workflow refused the review: ${err.cause?.message ?? err.message}`);
        if (err instanceof WorkflowNotFoundError) throw new InvalidReviewError('no running workflow for this packet');
        throw err;
      }
    },
    async state(key) {
      try {
        return await (await handle(key)).query(packetStateQuery);
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return undefined;
        throw err;
      }
    },
  };
}
