import { mappedCitation } from '../../core/finding-citations.js';
import { percentile } from './metrics.js';

/**
 * How well findings are grounded in the tenant's guidelines (issue 5): `cited_rate`, the share of raised findings
 * that quote at least one guideline passage; `citation_accuracy`, the share whose top passage (the best hit of
 * hybrid search) is from the section the finding's rule maps to (core/rules CITATION_BY_CODE, or the pipeline's own
 * map in core/finding-citations.ts). A finding without passages counts against both. Null when nothing was raised.
 */

export interface CitedFindingLike {
  code: string;
  passages?: readonly { section: string | null }[];
}

export interface CitationMetrics {
  cited_rate: number | null;
  citation_accuracy: number | null;
}

export function citationMetrics(findings: readonly CitedFindingLike[]): CitationMetrics {
  if (!findings.length) return { cited_rate: null, citation_accuracy: null };
  const cited = findings.filter((f) => (f.passages?.length ?? 0) > 0).length;
  const mapped = findings.filter((f) => mappedCitation(f.code));
  const accurate = mapped.filter((f) => f.passages?.[0]?.section === mappedCitation(f.code)!.section).length;
  return {
    cited_rate: round(cited / findings.length),
    citation_accuracy: mapped.length ? round(accurate / mapped.length) : null,
  };
}

/** The borrower-request KPI over the packets that needed one: arrival to list, in ms. */
export function borrowerRequestLatency(readyMs: readonly number[]): { packets: number; p50: number | null; p95: number | null } {
  if (!readyMs.length) return { packets: 0, p50: null, p95: null };
  return { packets: readyMs.length, p50: percentile([...readyMs], 50), p95: percentile([...readyMs], 95) };
}

function round(x: number): number {
  return Number(x.toFixed(4));
}
