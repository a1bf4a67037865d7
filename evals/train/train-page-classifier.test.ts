import { describe, expect, it } from 'vitest';
import { PageClassifier } from '../../inference/page-classifier/page-classifier.js';
import { trainPageClassifier } from './train-page-classifier.js';

describe('docket train', () => {
  it('is reproducible: the same seed gives byte-identical weights, and the model loads and scores its holdout', { timeout: 180_000 }, async () => {
    const options = { seed: 4242, packets: 4, dim: 512, epochs: 2, holdout: 0.25 };
    const [a, b] = [await trainPageClassifier(options), await trainPageClassifier(options)];
    expect(a.model.weights).toBe(b.model.weights);
    expect(a.model.training.weightsSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(a.pages.train).toBeGreaterThan(5);
    expect(a.holdout.pageTypeAccuracy).toBeGreaterThan(0.5);
    const model = new PageClassifier(a.model);
    expect(model.labels).toHaveLength(12);
    // A different seed trains on other packets and gives other weights.
    expect((await trainPageClassifier({ ...options, seed: 4343 })).model.weights).not.toBe(a.model.weights);
  });
});
