import { ApplicationFailure, heartbeat, log } from '@temporalio/activity';
import type { DecisionEventV1, DecisionStatus, PacketEventV1 } from '../core/events.js';
import { packetWorkflowId } from '../core/events.js';
import { documentTypeSpec, type DocumentType } from '../core/document-types.js';
import type { AlteredPage, Finding } from '../core/findings.js';
import type { PacketPhase, ReviewDecision } from '../core/review.js';
import type { DocumentStore } from '../connectors/objectstore/document-store.js';
import type { PacketRepository, DocumentKey, PacketKey } from '../db/packet-repository.js';
import type { OcrPool } from '../inference/ocr-pool.js';
import type { DenseFn, PageClassifier } from '../inference/page-classifier/page-classifier.js';
import { DocketError } from '../platform/errors.js';
import { classifyDocument } from '../understanding/classify-document.js';
import { extractFields } from '../understanding/extract-fields.js';
import { readPages, type PageImageOptions } from './document/read-pages.js';
import { splitDocument } from '../understanding/split-document.js';
import { extractTransactions } from '../understanding/extract-tables.js';
import type { Contradiction } from '../understanding/text-layer-check.js';
import { detectSignatures } from '../understanding/detect-signatures.js';
import { routeToLlm, type RouteOptions, type RoutedExtraction } from './document/route-to-llm.js';
import { loadPacketFacts, type UnreadablePages } from './document/packet-facts.js';
import { evaluateRules } from '../core/rules/ruleset.js';
import type { RuleFinding } from '../core/rules/rule.js';
import type { LlmProvider } from '../inference/llm/llm-provider.js';
import { composeBorrowerRequest } from '../core/borrower-request.js';
import { groundFindings, type GuidelineGrounding } from './ground-findings.js';

/** Where decisions go: the Kafka decisions topic, or the folder outbox in the embedded default. */
export interface DecisionPublisher {
  publish(decision: DecisionEventV1): Promise<void>;
}

export interface PacketActivityDeps {
  repo: PacketRepository;
  store: DocumentStore;
  ocr: OcrPool;
  publisher: DecisionPublisher;
  /** `maxMsPerPage`: DOCKET_MAX_SECONDS_PER_PAGE in ms (absent: no per-page limit). */
  limits: { maxBytes: number; maxPages: number; maxPixels: number; ocrDpi: number; maxMsPerPage?: number; ocrInFlight?: number };
  /** Injected clock, so tests can pin decision timings. */
  now?: () => Date;
  /** The trained page classifier; without one a file is one document typed by keywords. */
  pageClassifier?: PageClassifier;
  /** Batched dense layer from the native addon, for the classifier (sparse TS scoring without it). */
  dense?: DenseFn;
  /** The LLM for fields the rules missed or are unsure of, and how to route to it; absent or `none`: rules only. */
  llm?: { provider: LlmProvider; route: RouteOptions };
  /**
   * Native page kernels for scanned pages: quality of every OCR'd page (illegible pages become `illegible_page`
   * findings) and, with `preprocess`, deskew / binarization before OCR (DOCKET_OCR_PREPROCESS). Absent: OCR only.
   */
  pageImage?: PageImageOptions;
  /** The field extractor (default: the baseline anchor extractor); the eval harness swaps in others to compare. */
  extract?: typeof extractFields;
  /** Guideline search for the passages each finding cites; absent: findings keep their citation without passages. */
  guidelines?: GuidelineGrounding;
}

/** Well inside the read and extract activities' heartbeat timeouts (30 s and 1 min, workflows/process-packet). */
const HEARTBEAT_EVERY_MS = 10_000;

/** A document found in a file, as the workflow sees it: no text, no values. */
export interface SplitSegment {
  segment: number;
  type: DocumentType;
  confidence: number;
  firstPage: number;
  lastPage: number;
}

/** An OCR'd page the quality check judged unreadable; `reasons` carry the measured values (native/quality-verdict.ts). */
export interface IllegiblePage {
  /** Page number within the file. */
  page: number;
  reasons: string[];
}

export interface ReadSummary {
  pageCount: number;
  ocrPages: number;
  /**
   * Lowest OCR confidence among the OCR'd pages not judged illegible (1 when there are none): an illegible page
   * raises illegible_page, which says more than low_ocr_confidence about the same page.
   */
  minOcrConfidence: number;
  /** Pages judged illegible, in page order. Absent in reads recorded before page quality existed. */
  illegiblePages?: IllegiblePage[];
  /** Pages whose text layer the page contradicts, in page order (amounts as read, other figures counted). */
  alteredPages?: AlteredPage[];
}

/** An amount as statements and forms print one ("$1,234.56", "2,345.67", "(45.00)"): no identifier or date looks so. */
const AMOUNT = /^\(?-?\$?\d{1,3}(,\d{3})*\.\d{2}\)?-?$|^\(?-?\$?\d+\.\d{2}\)?-?$/;

/** What a page's contradicted figures may say in a finding: the amounts, both readings; every box; how many. */
export function alteredPage(page: number, figures: Contradiction[]): AlteredPage {
  return {
    page,
    figures: figures.length,
    amounts: figures.filter((f) => AMOUNT.test(f.layer) && (f.shown === undefined || AMOUNT.test(f.shown))).map((f) => ({ layer: f.layer, ...(f.shown !== undefined ? { shown: f.shown } : {}) })),
    boxes: figures.map((f) => f.bbox),
  };
}

/**
 * The side effects of `processPacket`. Each activity is idempotent (a retry upserts or replaces), takes and
 * returns references and small summaries, never document bytes or text. Non-retryable DocketErrors become
 * `ApplicationFailure.nonRetryable` with the error code as type; the rest Temporal retries.
 */
export function createPacketActivities(deps: PacketActivityDeps) {
  const now = deps.now ?? (() => new Date());
  const extract = deps.extract ?? extractFields;
  /** Tenants already logged as having no guidelines (or guidelines of another model): one line each, not per packet. */
  const ungrounded = new Set<string>();

  return {
    async recordPacket(input: { event: PacketEventV1; intake: string }): Promise<void> {
      const { event } = input;
      await boundary(() => deps.repo.upsertPacket(event, packetWorkflowId(event.tenantId, event.packetId), input.intake));
    },

    async readDocument(key: DocumentKey): Promise<ReadSummary> {
      return boundary(async () => {
        const doc = await deps.repo.getDocument(key);
        if (!doc) throw ApplicationFailure.nonRetryable('document is not registered', 'DOCKET_ERR_DOCUMENT_NOT_FOUND');
        // Heartbeat on a timer too, not only per page: under load a page can wait in the OCR queue longer than the
        // heartbeat timeout, and Temporal would take the activity for dead and run it again.
        let page = 0;
        const illegible = new Map<number, string[]>();
        const altered: AlteredPage[] = [];
        const alive = setInterval(() => heartbeat({ page }), HEARTBEAT_EVERY_MS);
        try {
          const bytes = await deps.store.read(doc.uri, { sha256: doc.sha256, maxBytes: deps.limits.maxBytes });
          const pages = await readPages(bytes, doc.mediaType, {
            ocr: deps.ocr,
            dpi: deps.limits.ocrDpi,
            maxPages: deps.limits.maxPages,
            maxPixels: deps.limits.maxPixels,
            ...(deps.limits.maxMsPerPage ? { maxMsPerPage: deps.limits.maxMsPerPage } : {}),
            ...(deps.limits.ocrInFlight ? { ocrInFlight: deps.limits.ocrInFlight } : {}),
            onPage: (n) => {
              page = n;
              heartbeat({ page });
            },
            ...(deps.pageImage ? { pageImage: deps.pageImage } : {}),
            onQuality: (n, quality) => {
              if (quality.illegible) illegible.set(n, quality.reasons);
            },
            onAlteration: (n, figures) => altered.push(alteredPage(n, figures)),
          });
          await deps.repo.savePages(key, pages);
          const ocrPages = pages.filter((p) => p.source === 'ocr');
          const illegiblePages = [...illegible].sort(([a], [b]) => a - b).map(([n, reasons]) => ({ page: n, reasons }));
          log.info('document read', { ...key, pages: pages.length, ocrPages: ocrPages.length, illegiblePages: illegiblePages.length, alteredPages: altered.length });
          return {
            pageCount: pages.length,
            ocrPages: ocrPages.length,
            minOcrConfidence: Math.min(1, ...ocrPages.filter((p) => !illegible.has(p.pageNumber)).map((p) => p.confidence)),
            illegiblePages,
            ...(altered.length ? { alteredPages: altered.sort((a, b) => a.page - b.page) } : {}),
          };
        } catch (err) {
          if (err instanceof DocketError && !err.retryable) {
            await deps.repo.markUnreadable(key, err.code, err.message);
            log.warn('document unreadable', { ...key, code: err.code });
          }
          throw err;
        } finally {
          clearInterval(alive);
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

    /** Finds the documents in a file (start and end pages, type) and stores them; see split-document.ts. */
    async splitDocument(key: DocumentKey): Promise<SplitSegment[]> {
      return boundary(async () => {
        const segments = await splitDocument(await deps.repo.loadPages(key), deps.pageClassifier, deps.dense);
        await deps.repo.saveSegments(key, segments);
        if (segments.length > 1) log.info('file split', { ...key, documents: segments.length });
        return segments.map(({ segment, type, confidence, firstPage, lastPage }) => ({ segment, type, confidence, firstPage, lastPage }));
      });
    },

    /** Extracts one document's fields: the whole file, or with `segment` the pages of that document in the file. */
    async extractFields(
      input: DocumentKey & { type: DocumentType; segment?: number; firstPage?: number; lastPage?: number },
    ): Promise<{ fieldCount: number; missingRequiredFields: string[]; rowCount?: number }> {
      const { type, segment, firstPage, lastPage, ...key } = input;
      // Heartbeat on a timer (the workflow's extract heartbeat timeout), so a dead worker's attempt is retried soon.
      const alive = setInterval(() => heartbeat(), HEARTBEAT_EVERY_MS);
      return boundary(async () => {
        const range: [number, number] | undefined = firstPage && lastPage ? [firstPage, lastPage] : undefined;
        const pages = await deps.repo.loadPages(key, range);
        const rules = extract(type, pages);
        const result: RoutedExtraction = deps.llm ? await routeToLlm(type, pages, rules, deps.llm.provider, deps.llm.route) : { ...rules, routed: [] };
        if (result.call) {
          await deps.repo.recordLlmCall({ ...key, segment }, result.call);
          log.info('fields routed to the LLM', { ...key, segment, type, fields: result.routed.length, tokens: result.call.promptTokens + result.call.completionTokens });
        }
        await deps.repo.replaceFields({ ...key, segment }, result.fields);
        const spec = documentTypeSpec(type);
        if (spec?.signatures) await deps.repo.replaceMarks({ ...key, segment }, detectSignatures(spec.signatures, pages));
        const table = spec?.tables?.find((t) => t.name === 'transactions');
        if (table) {
          const rows = extractTransactions(table, pages);
          await deps.repo.replaceTransactions({ ...key, segment }, rows);
          return { fieldCount: result.fields.length, missingRequiredFields: result.missingRequiredFields, rowCount: rows.length };
        }
        return { fieldCount: result.fields.length, missingRequiredFields: result.missingRequiredFields };
      }).finally(() => clearInterval(alive));
    },

    /**
     * The underwriting rules (core/rules) over what the pipeline read: cross-document checks, freshness,
     * completeness, bank red flags, signatures. Each finding carries its evidence and the guideline it cites.
     */
    async checkPacket(input: PacketKey & { unreadable?: UnreadablePages[] }): Promise<{ rulesetVersion: string; findings: RuleFinding[]; skipped: number }> {
      const { unreadable, ...key } = input;
      return boundary(async () => {
        const facts = await loadPacketFacts(deps.repo, key, unreadable);
        if (!facts) throw ApplicationFailure.nonRetryable('packet is not registered', 'DOCKET_ERR_DATABASE');
        const result = evaluateRules(facts);
        for (const e of result.errors) log.error('rule failed', { ...key, ruleId: e.ruleId });
        return { rulesetVersion: result.rulesetVersion, findings: result.findings, skipped: result.skipped.length };
      });
    },

    /**
     * Stores the findings, each with its guideline citation and the passages hybrid search finds for it in the
     * tenant's guidelines, then the borrower request they call for (what to send or explain, core/borrower-request).
     * `phase` is what the workflow will enter; it is stored with the decision (publishDecision), not here.
     */
    async recordFindings(input: PacketKey & { findings: Finding[]; status: DecisionStatus; phase: PacketPhase }): Promise<void> {
      const { findings, status, phase: _phase, ...key } = input;
      await boundary(async () => {
        const grounded = await groundFindings(key.tenantId, findings, deps.guidelines);
        const { outcome } = grounded;
        if ((outcome.kind === 'no_guidelines' || outcome.kind === 'mismatch') && !ungrounded.has(key.tenantId)) {
          ungrounded.add(key.tenantId);
          if (outcome.kind === 'mismatch') log.error('findings not grounded: guidelines embedded with another model', { tenantId: key.tenantId, code: outcome.error.code, error: outcome.error.message });
          else log.info('findings not grounded: no guidelines ingested for the tenant', { tenantId: key.tenantId });
        }
        await deps.repo.saveFindings(key, grounded.findings, status);
        const items = composeBorrowerRequest(grounded.findings, await deps.repo.listDocuments(key));
        await deps.repo.saveBorrowerRequest(key, items, now());
        if (items.length) log.info('borrower request ready', { ...key, items: items.length });
      });
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
