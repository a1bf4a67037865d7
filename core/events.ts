import { z } from 'zod';

/**
 * Versioned event contracts. `docket.packets.v1` comes in, `docket.decisions.v1` goes out. Documents travel by
 * reference (claim check): a URI into the lender's store plus its sha256, never the bytes. JSON Schema files for
 * integrators are generated from these schemas into schemas/ (`docket schemas`); a unit test keeps them in sync.
 */

export const PACKETS_V1 = 'docket.packets.v1';
export const DECISIONS_V1 = 'docket.decisions.v1';

const id = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-" only');

export const MediaType = z.enum(['application/pdf', 'image/png', 'image/jpeg', 'image/tiff']);
export type MediaType = z.infer<typeof MediaType>;

export const DocumentRef = z.object({
  documentId: id,
  uri: z
    .string()
    .min(1)
    .max(2048)
    .regex(/^(file|s3):\/\//, 'must be a file:// or s3:// URI'),
  mediaType: MediaType,
  sha256: z.string().regex(/^[a-f0-9]{64}$/, 'lowercase hex sha256'),
  filename: z.string().min(1).max(255),
  sizeBytes: z.number().int().nonnegative().optional(),
});
export type DocumentRef = z.infer<typeof DocumentRef>;

export const Applicant = z.object({
  role: z.enum(['borrower', 'co-borrower']).default('borrower'),
  firstName: z.string().min(1).max(100),
  lastName: z.string().min(1).max(100),
});
export type Applicant = z.infer<typeof Applicant>;

export const PacketEventV1 = z
  .object({
    schema: z.literal(PACKETS_V1).default(PACKETS_V1),
    packetId: id,
    tenantId: id,
    loanNumber: z.string().min(1).max(64).optional(),
    submittedAt: z.iso.datetime({ offset: true }),
    /**
     * The people applying, when the sender knows them; without them Docket takes the borrower from the application,
     * or holds the documents' people to each other (core/rules/name-consistency.ts).
     */
    applicants: z.array(Applicant).max(8).default([]),
    documents: z
      .array(DocumentRef)
      .min(1)
      .max(1000)
      .refine((docs) => new Set(docs.map((d) => d.documentId)).size === docs.length, 'documentId must be unique'),
  })
  .meta({ title: PACKETS_V1, description: 'A loan packet submitted for a first-pass review.' });
export type PacketEventV1 = z.infer<typeof PacketEventV1>;

export const Severity = z.enum(['info', 'warning', 'critical']);
export type Severity = z.infer<typeof Severity>;

export const DecisionStatus = z.enum(['clear', 'needs_review', 'incomplete', 'failed']);
export type DecisionStatus = z.infer<typeof DecisionStatus>;

export const FindingSummary = z.object({
  code: z.string().min(1),
  severity: Severity,
  /** Document ids the finding is about (empty for packet-level findings such as a missing document). */
  documentIds: z.array(z.string()),
  /** Human-readable, PII-free. */
  message: z.string(),
});
export type FindingSummary = z.infer<typeof FindingSummary>;

export const DecisionEventV1 = z
  .object({
    schema: z.literal(DECISIONS_V1),
    packetId: id,
    tenantId: id,
    loanNumber: z.string().optional(),
    workflowId: z.string(),
    status: DecisionStatus,
    /** Whether a reviewer decided (true) or the pipeline alone (false). */
    reviewed: z.boolean(),
    findings: z.array(FindingSummary),
    counts: z.object({
      documents: z.number().int().nonnegative(),
      pages: z.number().int().nonnegative(),
      ocrPages: z.number().int().nonnegative(),
      fields: z.number().int().nonnegative(),
      findings: z.number().int().nonnegative(),
      unreadableDocuments: z.number().int().nonnegative(),
    }),
    timings: z.object({
      submittedAt: z.string(),
      startedAt: z.string(),
      decidedAt: z.string(),
      processingMs: z.number().int().nonnegative(),
    }),
  })
  .meta({ title: DECISIONS_V1, description: 'The outcome of a packet: status, findings (no PII), counts and timings.' });
export type DecisionEventV1 = z.infer<typeof DecisionEventV1>;

/**
 * Packet id as Temporal workflow id: one workflow per tenant+packet, so a replayed event starts nothing new. Joined by
 * "/", which no tenant or packet id may hold, so two pairs never give one id (with "-", tenant `acme` and packet `x-1`
 * took the id of tenant `acme-x` and packet `1`, and the second packet was answered `duplicate`). Workflows started
 * before 2026-12-08 carry `packet-<tenant>-<packet>`; the packets table keeps each packet's own workflow id.
 */
export function packetWorkflowId(tenantId: string, packetId: string): string {
  return `packet/${tenantId}/${packetId}`;
}

/** Flattens zod issues into readable one-liners ("documents.0.sha256: lowercase hex sha256"). */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
}
