/** The review API's answers as the web app reads them (the server's zod schemas are the source; see /openapi.json). */
export type Role = 'underwriter' | 'lead' | 'analyst' | 'admin';
export type Severity = 'info' | 'warning' | 'critical';

export interface BBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface SessionInfo {
  user: { userId: string; tenantId: string; email: string; displayName: string; role: Role };
  csrfToken: string;
  expiresAt: string;
}

export interface Claim {
  userId: string;
  email: string;
  displayName: string;
  claimedAt: string;
  expiresAt: string;
}

export interface QueueItem {
  packetId: string;
  loanNumber: string | null;
  status: string;
  submittedAt: string;
  deadline: string | null;
  escalated: boolean;
  applicants: { firstName: string; lastName: string }[];
  documents: number;
  openFindings: Record<Severity, number>;
  maxSeverity: Severity | null;
  claim: Claim | null;
}

export interface Evidence {
  documentId: string;
  page?: number;
  bbox?: BBox;
  field?: string;
}

export interface Passage {
  source: string;
  title: string | null;
  section: string | null;
  sectionPath: string;
  page: number | null;
  excerpt: string;
  score: number;
}

export interface Finding {
  findingId: string;
  code: string;
  severity: Severity;
  message: string;
  documentIds: string[];
  evidence: Evidence[];
  status: 'open' | 'confirmed' | 'dismissed';
  citation: { topic: string; section: string } | null;
  passages: Passage[];
  resolution: { resolution: 'confirmed' | 'dismissed'; reason: string | null; by: string; at: string } | null;
}

export interface Field {
  documentId: string;
  segment: number;
  name: string;
  value: string;
  normalized: string | null;
  confidence: number;
  page: number;
  bbox: BBox;
  source: string;
}

export interface PacketView {
  packetId: string;
  loanNumber: string | null;
  status: string;
  phase: 'processing' | 'awaiting_review' | 'done';
  deadline: string | null;
  escalated: boolean;
  applicants: { firstName: string; lastName: string }[];
  documents: {
    documentId: string;
    filename: string;
    type: string | null;
    pageCount: number | null;
    segments: { segment: number; type: string; firstPage: number; lastPage: number }[];
    pages: { pageNumber: number; width: number; height: number; source: string }[];
  }[];
  fields: Field[];
  findings: Finding[];
  requests: { requestedDocuments: string[]; note: string | null; by: string; at: string } | null;
  suggestedRequests: { itemId: string; kind: string; text: string; section: string; findingIds: string[] }[];
  claim: Claim | null;
}

export interface PacketState {
  phase: 'processing' | 'awaiting_review' | 'done';
  status?: string;
  escalated: boolean;
  review?: { reviewer: string; outcome: 'approve' | 'return' };
}

export interface EvalRun {
  runId: string;
  set: string;
  startedAt: string;
  versions: Record<'classifier' | 'extractor' | 'rules' | 'ocr' | 'llm' | 'provider', string | null>;
  packets: number;
  fieldF1: number | null;
  findingPrecision: number | null;
  findingRecall: number | null;
  classificationAccuracy: number | null;
  stpRate: number | null;
  costPerPacketUsd: number | null;
}

export interface Percentiles {
  n: number;
  p50: number | null;
  p95: number | null;
}

export interface Operations {
  from: string;
  to: string;
  perDay: { day: string; arrived: number; decided: number; straightThrough: number; reviewed: number }[];
  totals: { arrived: number; decided: number; straightThrough: number; reviewed: number; waiting: number };
  straightThroughRate: number | null;
  arrivalToFirstFlagMinutes: Percentiles;
  arrivalToDecisionMinutes: Percentiles;
  reviewerMinutesPerPacket: Percentiles & { mean: number | null };
  costPerPacket: { usd: number; runId: string; set: string; computeSeconds: number | null; usdPerCpuHour: number | null } | null;
}
