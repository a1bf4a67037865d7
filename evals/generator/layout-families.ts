import { DRAWINGS, LAYOUT_COUNT, type CoreType, type Drawing } from './documents.js';
import { HELD_OUT_DRAWINGS } from './held-out-layouts.js';
import { SECOND_HELD_OUT_DRAWINGS } from './held-out-layouts-second.js';
import { OFFICIAL_FORM_DRAWINGS } from './official-forms.js';
import { CONTENT_FAMILIES, DISTRACTORS, drawContent, EXTRA_TYPES, type Distractor, type ExtraType } from './lending-file.js';

/**
 * Every layout family the generator draws, and which side of the unseen-layout split it is on.
 *
 * - `tuning`: the families Docket's extractor, rules and page classifier were written and trained against (the
 *   smoke, standard, scanned and stress sets and `docket train` draw only these).
 * - `held-out`: families nothing is tuned on; only `docket eval --set unseen-layouts` draws them.
 * - `looked-at`: held-out families someone has looked at while changing how documents are read (`LOOKED_AT`). They are
 *   no longer unseen, so the unseen-layouts set stops drawing them, and a new held-out family takes their place; the
 *   tuning sets do not draw them either, so that their committed draws stay what they were.
 *
 * evals/generator/layout-split.test.ts fails if a held-out family reaches the training corpus or a tuning set.
 */
export type LayoutSplit = 'tuning' | 'held-out' | 'looked-at';

/**
 * Held-out families that were looked at, with when and why: their scores had stopped measuring unseen layouts.
 * 2026-12-07, issue 19: the extractor's geometry was written while reading the misses on these seven.
 */
export const LOOKED_AT: ReadonlySet<string> = new Set([
  'urla_1003/redesigned-sections',
  'w2/four-up-vendor',
  'w2/portal-summary-table',
  'pay_stub/check-and-stub',
  'pay_stub/portal-statement',
  'bank_statement/summary-box-a4',
  'bank_statement/credit-union-legal',
]);

/** Every kind of document the generator draws: Docket's six types, the rest of a lending file, and distractors. */
export type DrawnType = CoreType | ExtraType | Distractor;

export interface LayoutFamily {
  /** Recorded as the truth document's `layout`: `<type>/<index>` for the tuning families, `<type>/<name>` held out. */
  id: string;
  split: LayoutSplit;
  draw: Drawing;
}

const CORE_TYPES = Object.keys(DRAWINGS) as CoreType[];

const tuning = (type: CoreType): LayoutFamily[] =>
  Array.from({ length: LAYOUT_COUNT }, (_, i) => ({ id: `${type}/${i}`, split: 'tuning', draw: (ctx) => DRAWINGS[type]({ ...ctx, layout: i }) }));

const heldOut = (type: CoreType): LayoutFamily[] =>
  Object.entries({ ...HELD_OUT_DRAWINGS, ...SECOND_HELD_OUT_DRAWINGS })
    .filter(([id]) => id.startsWith(`${type}/`))
    .map(([id, draw]) => ({ id, split: LOOKED_AT.has(id) ? 'looked-at' : 'held-out', draw }));

/** The content types' families (evals/generator/lending-file.ts): the same five renderers for each. */
const contentFamilies = (type: ExtraType | Distractor): LayoutFamily[] => [
  ...CONTENT_FAMILIES.map((family): LayoutFamily => ({ id: `${type}/${family.suffix}`, split: family.split, draw: (ctx) => drawContent(ctx.w, type, family, ctx.facts, ctx.rand, ctx.index) })),
  // Official forms filled on their real blanks, where the blank is public.
  ...Object.entries(OFFICIAL_FORM_DRAWINGS)
    .filter(([id]) => id.startsWith(`${type}/`))
    .map(([id, draw]): LayoutFamily => ({ id, split: 'held-out', draw })),
];

export const LAYOUT_FAMILIES: Readonly<Record<DrawnType, readonly LayoutFamily[]>> = Object.fromEntries([
  ...CORE_TYPES.map((type) => [type, [...tuning(type), ...heldOut(type)]]),
  ...[...EXTRA_TYPES, ...DISTRACTORS].map((type) => [type, contentFamilies(type)]),
]) as Record<DrawnType, LayoutFamily[]>;

/** The families of one type on one side of the split, in a fixed order (a seed picks among them). */
export function layoutFamilies(type: DrawnType, split: LayoutSplit): LayoutFamily[] {
  const families = LAYOUT_FAMILIES[type].filter((f) => f.split === split);
  if (!families.length) throw new Error(`generator: no ${split} layout family for ${type}`);
  return families;
}

/** The ids of every family that is not a tuning family: held out, or held out once and looked at since. */
export const HELD_OUT_LAYOUT_IDS: ReadonlySet<string> = new Set(Object.values(LAYOUT_FAMILIES).flatMap((fs) => fs.filter((f) => f.split !== 'tuning').map((f) => f.id)));
