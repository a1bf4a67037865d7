import { describe, expect, it } from 'vitest';
import { computeRoi } from './roi.js';

describe('computeRoi', () => {
  const base = {
    packetsPerMonth: 1000,
    manualMinutesPerPacket: 45,
    reviewMinutesPerPacket: 12,
    straightThroughRate: 0.5,
    loadedCostPerHour: 60,
    computeCostPerPacket: 0.02,
    daysToDecisionBefore: 5,
    daysToDecisionAfter: 1.5,
  };

  it('saves manual minutes less the review of flagged packets, at the loaded cost, minus compute', () => {
    const r = computeRoi(base);
    // After: half the packets need 12 minutes -> 6 min per packet; saved 39 min x 1000 x $1/min = $39,000; compute $20.
    expect(r.minutesSavedPerPacket).toBe(39);
    expect(r.laborSavedPerMonth).toBe(39_000);
    expect(r.computeCostPerMonth).toBe(20);
    expect(r.netSavingsPerMonth).toBe(38_980);
    expect(r.netSavingsPerYear).toBe(467_760);
    expect(r.reviewerHoursBefore).toBe(750);
    expect(r.reviewerHoursAfter).toBe(100);
    expect(r.daysToDecisionSaved).toBe(3.5);
  });

  it('goes negative when review takes longer than the manual pass', () => {
    expect(computeRoi({ ...base, straightThroughRate: 0, reviewMinutesPerPacket: 60 }).netSavingsPerMonth).toBeLessThan(0);
    expect(computeRoi({ ...base, straightThroughRate: 7 }).reviewerHoursAfter).toBe(0);
  });
});
