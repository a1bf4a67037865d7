import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_OPTIONS, trainingPacketOptions } from '../train/train-page-classifier.js';
import { generatePacket } from './generate-packet.js';
import { HELD_OUT_LAYOUT_IDS, LAYOUT_FAMILIES, LOOKED_AT } from './layout-families.js';
import { planSet, readManifest } from './synth-set.js';

/** The unseen-layout split: held-out layout families never reach training or the sets Docket is tuned on. */
describe('unseen-layout split', () => {
  it('holds out at least one family of every drawn type, apart from the tuning families', () => {
    for (const [type, families] of Object.entries(LAYOUT_FAMILIES)) {
      const ids = families.map((f) => f.id);
      expect(new Set(ids).size, type).toBe(ids.length);
      expect(families.some((f) => f.split === 'held-out'), type).toBe(true);
      expect(families.some((f) => f.split === 'tuning'), type).toBe(true);
      for (const f of families) expect(f.id.startsWith(`${type}/`)).toBe(true);
    }
  });

  it('a family that was looked at is held out no longer', () => {
    const splits = new Map(Object.values(LAYOUT_FAMILIES).flatMap((fs) => fs.map((f) => [f.id, f.split] as const)));
    for (const id of LOOKED_AT) expect(splits.get(id), id).toBe('looked-at');
  });

  it('the page classifier training corpus asks only for tuning families', () => {
    for (let i = 0; i < DEFAULT_TRAIN_OPTIONS.packets; i++) expect(trainingPacketOptions(i).layouts, `training packet ${i}`).toBe('tuning');
  });

  it('no held-out family reaches a training packet or a tuning set; the unseen-layouts set holds nothing else', async () => {
    const training = await Promise.all([0, 1, 4].map((i) => generatePacket(DEFAULT_TRAIN_OPTIONS.seed + i + 1, trainingPacketOptions(i))));
    for (const g of training) for (const d of g.truth.documents) expect(HELD_OUT_LAYOUT_IDS.has(d.layout), d.layout).toBe(false);

    for (const name of ['smoke', 'standard', 'scanned', 'stress']) {
      const m = await readManifest(name);
      for (const p of planSet(name, m.seed, m.count)) expect(p.layouts ?? 'tuning', `${name}/${p.seed}`).toBe('tuning');
    }
    const unseen = await readManifest('unseen-layouts');
    const plans = planSet('unseen-layouts', unseen.seed, unseen.count);
    expect(plans.every((p) => p.layouts === 'held-out')).toBe(true);
    const packet = await generatePacket(plans[0]!.seed, plans[0]!);
    expect(packet.truth.documents.length).toBeGreaterThan(3);
    for (const d of packet.truth.documents) {
      expect(HELD_OUT_LAYOUT_IDS.has(d.layout), d.layout).toBe(true);
      expect(LOOKED_AT.has(d.layout), d.layout).toBe(false);
    }
  }, 120_000);
});
