import { ApplicationFailure, heartbeat, log } from '@temporalio/activity';
import type { DecisionEventV1, DecisionStatus, PacketEventV1 } from '../core/events.js';
import { packetWorkflowId } from '../core/events.js';
import type { DocumentType } from '../core/document-types.js';
import type { Finding } from '../core/findings.js';
import type { PacketPhase, ReviewDecision } from '../core/review.js';
import type { DocumentStore } from '../connectors/objectstore/document-store.js';
import type { PacketRepository, DocumentKey, PacketKey } from '../db/packet-repository.js';
import type { OcrPool } from '../inference/ocr-pool.js';
import { DocketError } from '../platform/errors.js';
import { classifyDocument } from './document/classify-document.js';
import { extractFields } from './document/extract-fields.js';
import { readPages } from './document/read-pages.js';

/** Where decisions go: the Kafka decisions topic, or the folder outbox in the embedded default. */
export interface DecisionPublisher {
  publish(decision: DecisionEventV1): Promise<void>;
}

export interface PacketActivityDeps {
  repo: PacketRepository;
  store: DocumentStore;
  ocr: OcrPool;
  publisher: DecisionPublisher;
  limits: { maxBytes: number; maxPages: number; maxPixels: number; ocrDpi: number };
  /** Injected clock, so tests can pin decision timings. */
  now?: () => Date;
  /** The field extractor (default: the baseline anchor extractor); the eval harness swaps in others to compare. */
  extract?: typeof extractFields;
}

export interface ReadSummary {
  pageCount: number;
  ocrPages: number;
  minOcrConfidence: number;
}

/**
 * The side effects of `processPacket`. Each activity is idempotent (a retry upserts or replaces), takes and
 * returns references and small summaries, never document bytes or text. Non-retryable DocketErrors become
 * `ApplicationFailure.nonRetryable` with the error code as type; the rest Temporal retries.
 */
export function createPacketActivities(deps: PacketActivityDeps) {
  const now = deps.now ?? (() => new Date());
  const extract = deps.extract ?? extractFields;

  return {
    async recordPacket(input: { event: PacketEventV1; intake: string }): Promise<void> {
      const { event } = input;
      await boundary(() => deps.repo.upsertPacket(event, packetWorkflowId(event.tenantId, event.packetId), input.intake));
    },

    async readDocument(key: DocumentKey): Promise<ReadSummary> {
      return boundary(async () => {
        const doc = await deps.repo.getDocument(key);
        if (!doc) throw ApplicationFailure.nonRetryable('document is not registered', 'DOCKET_ERR_DOCUMENT_NOT_FOUND');
        try {
          const bytes = await deps.store.read(doc.uri, { sha256: doc.sha256, maxBytes: deps.limits.maxBytes });
          const pages = await readPages(bytes, doc.mediaType, {
            ocr: deps.ocr,
            dpi: deps.limits.ocrDpi,
            maxPages: deps.limits.maxPages,
            maxPixels: deps.limits.maxPixels,
            onPage: (page) => heartbeat({ page }),
          });
          await deps.repo.savePages(key, pages);
          const ocrPages = pages.filter((p) => p.source === 'ocr');
          log.info('document read', { ...key, pages: pages.length, ocrPages: ocrPages.length });
          return {
            pageCount: pages.length,
            ocrPages: ocrPages.length,
            minOcrConfidence: Math.min(1, ...ocrPages.map((p) => p.confidence)),
          };
        } catch (err) {
          if (err instanceof DocketError && !err.retryable) {
            await deps.repo.markUnreadable(key, err.code, err.message);
            log.warn('document unreadable', { ...key, code: err.code });
          }
          throw err;
        }
      });
    },

    async classifyDocument(key: DocumentKey): Promise<{ type: DocumentType; confidence: number }> {
      return boundary(async () => {
        const result = classifyDocument(await deps.repo.loadPages(key));
        await deps.repo.setDocumentType(key, result.type, result.confidence);
        return { type: result.type, confidence: result.confidence };
      });
    },

    async extractFields(input: DocumentKey & { type: DocumentType }): Promise<{ fieldCount: number; missingRequiredFields: string[] }> {
      const { type, ...key } = input;
      return boundary(async () => {
        const result = extract(type, await deps.repo.loadPages(key));
        await deps.repo.replaceFields(key, result.fields);
        return { fieldCount: result.fields.length, missingRequiredFields: result.missingRequiredFields };
      });
    },

    /** `phase` is what the workflow will enter; it is stored with the decision (publishDecision), not here. */
    async recordFindings(input: PacketKey & { findings: Finding[]; status: DecisionStatus; phase: PacketPhase }): Promise<void> {
      const { findings, status, phase: _phase, ...key } = input;
      await boundary(() => deps.repo.saveFindings(key, findings, status));
    },

    async publishDecision(input: PacketKey & { status: DecisionStatus; reviewed: boolean }): Promise<void> {
      const { status, reviewed, ...key } = input;
      await boundary(async () => {
        const decision = await deps.repo.buildDecision(key, status, reviewed, now());
        const phase: PacketPhase = reviewed || status === 'clear' || status === 'failed' ? 'done' : 'awaiting_review';
        await deps.repo.saveDecision(key, decision, phase);
        // At-least-once: a retry after a publish that succeeded sends the same decision again; consumers dedupe
        // on (packetId, reviewed).
        await deps.publisher.publish(decision);
      });
    },

    async recordReview(input: PacketKey & { decision: ReviewDecision }): Promise<void> {
      const { decision, ...key } = input;
      await boundary(() => deps.repo.saveReview(key, decision));
    },

    async recordEscalation(input: PacketKey & { deadlineMs: number }): Promise<void> {
      const { deadlineMs, ...key } = input;
      await boundary(() => deps.repo.audit(key, 'system', 'packet.escalated', { deadlineMs }, 'escalated'));
    },
  };
}

/** Non-retryable Docket errors become non-retryable ApplicationFailures typed with their code. */
async function boundary<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof DocketError && !err.retryable) {
      throw ApplicationFailure.create({ message: err.message, type: err.code, nonRetryable: true, cause: err });
    }
    throw err;
  }
}
