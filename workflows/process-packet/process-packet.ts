import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  defineQuery,
  defineUpdate,
  log,
  patched,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { createPacketActivities } from '../../activities/packet-activities.js';
import { DOCUMENT_ERROR_CODES, ErrorCodes } from '../../core/error-codes.js';
import type { DecisionStatus, PacketEventV1 } from '../../core/events.js';
import {
  completenessFindings,
  decideStatus,
  documentFindings,
  type DocumentOutcome,
  type Finding,
} from '../../core/findings.js';
import { ReviewDecision, type PacketState } from '../../core/review.js';

type Activities = ReturnType<typeof createPacketActivities>;

// Named timeouts and retry policies. Retrying is Temporal's job; activities never loop.
/** Database and publish steps: retried until the database or broker is back (no attempt limit), so nothing is lost. */
const SHORT_ACTIVITY = { startToCloseTimeout: '30s', retry: { initialInterval: '1s', maximumInterval: '30s' } } as const;
/** Reading a document may OCR hundreds of pages: long budget, heartbeats every page. */
const READ_ACTIVITY = {
  startToCloseTimeout: '30m',
  heartbeatTimeout: '30s',
  retry: { maximumAttempts: 5, initialInterval: '2s', maximumInterval: '1m' },
} as const;

/**
 * Extraction may call an LLM (DOCKET_LLM_TIMEOUT per call): minutes, a bounded number of attempts. It heartbeats, so
 * a worker killed mid-extraction is noticed within a minute, not after the whole 10-minute budget.
 */
const EXTRACT_ACTIVITY = {
  startToCloseTimeout: '10m',
  heartbeatTimeout: '1m',
  retry: { maximumAttempts: 5, initialInterval: '2s', maximumInterval: '1m' },
} as const;

const db = proxyActivities<Activities>(SHORT_ACTIVITY);
const extractor = proxyActivities<Activities>(EXTRACT_ACTIVITY);
const reader = proxyActivities<Activities>(READ_ACTIVITY);

export interface ProcessPacketInput {
  event: PacketEventV1;
  /** Where the packet came from: kafka, folder, cli. */
  intake: string;
  /** How long a packet may wait for a reviewer before it escalates to a lead. */
  reviewDeadlineMs: number;
}

export interface ProcessPacketResult {
  status: DecisionStatus;
  reviewed: boolean;
  findings: number;
}

export const packetStateQuery = defineQuery<PacketState>('packetState');
/** The reviewer's decision on a packet waiting for review; rejected (validator) when the packet is not waiting. */
export const reviewUpdate = defineUpdate<PacketState, [ReviewDecision]>('review');

/** One packet from intake to decision: read, classify, extract, check, persist, publish, and wait for a person if needed. */
export async function processPacket(input: ProcessPacketInput): Promise<ProcessPacketResult> {
  const { event } = input;
  const ids = { tenantId: event.tenantId, packetId: event.packetId };
  const state: PacketState = {
    phase: 'processing',
    escalated: false,
    documentsDone: 0,
    documentsTotal: event.documents.length,
  };
  let review: ReviewDecision | undefined;
  /** Set as soon as a review update is accepted, so the validator refuses a second one while the first is stored. */
  let reviewing = false;

  setHandler(packetStateQuery, () => state);
  setHandler(
    reviewUpdate,
    async (decision) => {
      const parsed = ReviewDecision.parse(decision);
      reviewing = true;
      // The main path wakes on `review`: set it once the reviewer's resolutions are stored, so the reviewed decision
      // is built from them. Workflows that took a review before this change replay the old order.
      const storedFirst = patched('review-stored-before-decision');
      if (!storedFirst) review = parsed;
      await db.recordReview({ ...ids, decision: parsed });
      review = parsed;
      state.review = { reviewer: parsed.reviewer, outcome: parsed.outcome };
      return state;
    },
    {
      validator: (decision) => {
        if (state.phase !== 'awaiting_review' || reviewing || review) {
          throw ApplicationFailure.nonRetryable(`packet is ${state.phase}, not awaiting review`, ErrorCodes.INVALID_REVIEW);
        }
        ReviewDecision.parse(decision);
      },
    },
  );

  await db.recordPacket({ event, intake: input.intake });

  const outcomes = (
    await Promise.all(
      event.documents.map(async (doc) => {
        const outcome = await understandDocument(ids, doc.documentId, doc.filename);
        state.documentsDone += 1;
        return outcome;
      }),
    )
  ).flat();

  // The underwriting rules (cross-document, freshness, completeness by loan, bank red flags, signatures) replace the
  // baseline completeness check; workflows started before them replay the baseline.
  // Illegible pages go with the check: the rules skip what may be on them (a signature, a date, a whole document).
  const unreadable = outcomes.filter((o) => o.illegiblePages?.length).map((o) => ({ documentId: o.documentId, pages: o.illegiblePages!.map((p) => p.page) }));
  const checks = patched('underwriting-rules') ? (await db.checkPacket({ ...ids, unreadable })).findings : completenessFindings(outcomes);
  const findings: Finding[] = [...outcomes.flatMap(documentFindings), ...checks];
  const status = decideStatus(outcomes, findings);
  state.status = status;
  const needsPerson = status === 'needs_review' || status === 'incomplete';
  const phase = needsPerson ? 'awaiting_review' : 'done';

  await db.recordFindings({ ...ids, findings, status, phase });
  await db.publishDecision({ ...ids, status, reviewed: false });
  // Only now may a reviewer act: the findings they resolve are stored and the automated decision is out.
  state.phase = phase;
  log.info('packet decided', { ...ids, status, findings: findings.length });

  if (!needsPerson) return { status, reviewed: false, findings: findings.length };

  // Human in the loop: wait for the review update; past the deadline, escalate once and keep waiting.
  if (!(await condition(() => review !== undefined, input.reviewDeadlineMs))) {
    await db.recordEscalation({ ...ids, deadlineMs: input.reviewDeadlineMs });
    state.escalated = true;
    log.warn('review deadline passed, escalated', ids);
    await condition(() => review !== undefined);
  }
  const finalStatus: DecisionStatus = review!.outcome === 'approve' ? 'clear' : status;
  state.status = finalStatus;
  state.phase = 'done';
  await db.publishDecision({ ...ids, status: finalStatus, reviewed: true });
  return { status: finalStatus, reviewed: true, findings: findings.length };
}

/**
 * Reads one file, finds the documents in it (a packet PDF holds several), and extracts each. A bad file becomes an
 * unreadable outcome, never a failed packet.
 */
async function understandDocument(
  ids: { tenantId: string; packetId: string },
  documentId: string,
  filename: string,
): Promise<DocumentOutcome[]> {
  const ref = { ...ids, documentId };
  try {
    const read = await reader.readDocument(ref);
    // Workflows started before splitting existed replay the one-document path they recorded.
    if (patched('split-documents')) {
      const segments = await db.splitDocument(ref);
      return await Promise.all(
        segments.map(async (s) => {
          const extracted = await extractor.extractFields({ ...ref, type: s.type, segment: s.segment, firstPage: s.firstPage, lastPage: s.lastPage });
          return {
            documentId,
            filename,
            readable: true,
            segment: s.segment,
            segmentCount: segments.length,
            firstPage: s.firstPage,
            lastPage: s.lastPage,
            pageCount: s.lastPage - s.firstPage + 1,
            ocrPages: read.ocrPages,
            minOcrConfidence: read.minOcrConfidence,
            // File page numbers; reads recorded before page quality carry none.
            illegiblePages: (read.illegiblePages ?? []).filter((p) => p.page >= s.firstPage && p.page <= s.lastPage),
            alteredPages: (read.alteredPages ?? []).filter((p) => p.page >= s.firstPage && p.page <= s.lastPage),
            type: s.type,
            typeConfidence: s.confidence,
            fieldCount: extracted.fieldCount,
            missingRequiredFields: extracted.missingRequiredFields,
          };
        }),
      );
    }
    const classified = await db.classifyDocument(ref);
    const extracted = await db.extractFields({ ...ref, type: classified.type });
    return [{
      documentId,
      filename,
      readable: true,
      pageCount: read.pageCount,
      ocrPages: read.ocrPages,
      minOcrConfidence: read.minOcrConfidence,
      illegiblePages: read.illegiblePages ?? [],
      alteredPages: read.alteredPages ?? [],
      type: classified.type,
      typeConfidence: classified.confidence,
      fieldCount: extracted.fieldCount,
      missingRequiredFields: extracted.missingRequiredFields,
    }];
  } catch (err) {
    const code = documentErrorCode(err);
    if (!code) throw err;
    return [{
      documentId,
      filename,
      readable: false,
      errorCode: code,
      pageCount: 0,
      ocrPages: 0,
      minOcrConfidence: 0,
      type: 'unknown',
      typeConfidence: 0,
      fieldCount: 0,
      missingRequiredFields: [],
    }];
  }
}

/**
 * The code to record when a document's activities failed for good: its DOCKET_ERR_* code for a bad document, or
 * OCR_FAILED when reading kept failing after every retry (a document that crashes the reader is unreadable too).
 * Anything that is not an activity failure (cancellation, a bug in the workflow) is not a document problem.
 */
function documentErrorCode(err: unknown): string | undefined {
  if (!(err instanceof ActivityFailure)) return undefined;
  const type = err.cause instanceof ApplicationFailure ? (err.cause.type ?? '') : '';
  return (DOCUMENT_ERROR_CODES as readonly string[]).includes(type) ? type : ErrorCodes.OCR_FAILED;
}
