/**
 * The ROI view's arithmetic (issue 6): reviewer time saved per month at a loaded cost, less the compute Docket
 * spends, and days to decision before and after. Pure, so the page and its unit test share it. The assumptions are
 * edited in the page and not stored.
 */
export interface RoiAssumptions {
  packetsPerMonth: number;
  /** Minutes a person spends on a packet without Docket (the manual first pass). */
  manualMinutesPerPacket: number;
  /** Minutes a reviewer spends on a packet Docket flagged (measured: claim to decision). */
  reviewMinutesPerPacket: number;
  /** Share of packets Docket clears with no person (measured straight-through rate), 0..1. */
  straightThroughRate: number;
  /** Fully loaded cost of an underwriter hour (salary, benefits, overhead). */
  loadedCostPerHour: number;
  /** Compute per packet (measured by the eval runs: CPU seconds at the rate card). */
  computeCostPerPacket: number;
  /** Days from arrival to decision without Docket. */
  daysToDecisionBefore: number;
  /** Days from arrival to decision with Docket (measured p50). */
  daysToDecisionAfter: number;
}

export interface RoiResult {
  reviewerHoursBefore: number;
  reviewerHoursAfter: number;
  minutesSavedPerPacket: number;
  laborSavedPerMonth: number;
  computeCostPerMonth: number;
  netSavingsPerMonth: number;
  netSavingsPerYear: number;
  daysToDecisionSaved: number;
}

const money = (x: number) => Math.round(x * 100) / 100;

export function computeRoi(a: RoiAssumptions): RoiResult {
  const stp = Math.min(1, Math.max(0, a.straightThroughRate));
  // Straight-through packets take no reviewer time; flagged ones take the measured review time.
  const minutesAfter = (1 - stp) * a.reviewMinutesPerPacket;
  const minutesSavedPerPacket = a.manualMinutesPerPacket - minutesAfter;
  const laborSavedPerMonth = (a.packetsPerMonth * minutesSavedPerPacket * a.loadedCostPerHour) / 60;
  const computeCostPerMonth = a.packetsPerMonth * a.computeCostPerPacket;
  const net = laborSavedPerMonth - computeCostPerMonth;
  return {
    reviewerHoursBefore: Math.round((a.packetsPerMonth * a.manualMinutesPerPacket) / 6) / 10,
    reviewerHoursAfter: Math.round((a.packetsPerMonth * minutesAfter) / 6) / 10,
    minutesSavedPerPacket: Math.round(minutesSavedPerPacket * 10) / 10,
    laborSavedPerMonth: money(laborSavedPerMonth),
    computeCostPerMonth: money(computeCostPerMonth),
    netSavingsPerMonth: money(net),
    netSavingsPerYear: money(net * 12),
    daysToDecisionSaved: Math.round((a.daysToDecisionBefore - a.daysToDecisionAfter) * 10) / 10,
  };
}
