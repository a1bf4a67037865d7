import { DPI_PER_CHAR_PX } from '../quality-verdict.js';
import type { GrayImage } from '../types.js';
import { MAX_SIDE, type PreprocessPlan } from '../validate.js';
import { despeckle, removeRules } from './components.js';
import { cropToContent, resize, rotate } from './geometry.js';
import { pageMetrics, type RawMetrics } from './quality.js';
import { binarizeSauvola } from './sauvola.js';

/**
 * The OCR preprocessing chain: measure -> deskew -> resample -> Sauvola -> despeckle -> remove rules -> crop. The
 * parameters the plan
 * leaves open (0 / -1) follow the page's resolution; src/kernels/preprocess.cc has the same formulas.
 */

export interface RawPreprocess {
  image: GrayImage;
  metrics: RawMetrics;
  rotatedDegrees: number;
  scale: number;
  /** 0 when unknown. */
  dpi: number;
}

/** Resolution assumed for filter sizes when neither given nor measurable. */
export const DEFAULT_DPI = 300;

export interface PlanParams {
  scale: number;
  dpiOut: number;
  window: number;
  despeckleMaxArea: number;
  ruleMinLength: number;
}

/** Scale, output DPI and filter sizes for a page of w x h whose resolution is `dpiIn` (0 = unknown). */
export function planParams(plan: PreprocessPlan, dpiIn: number, w: number, h: number): PlanParams {
  let scale = 1;
  if (plan.targetDpi > 0 && dpiIn > 0) {
    scale = Math.min(4, Math.max(0.25, plan.targetDpi / dpiIn));
    scale = Math.min(scale, MAX_SIDE / Math.max(w, h));
    if (Math.abs(scale - 1) <= 0.15) scale = 1;
  }
  const dpiOut = dpiIn > 0 ? dpiIn * scale : 0;
  const assumed = dpiOut > 0 ? dpiOut : DEFAULT_DPI;
  let window = plan.window;
  if (window === 0) window = Math.min(101, Math.max(15, Math.floor((31 * assumed) / DEFAULT_DPI + 0.5) | 1));
  let despeckleMaxArea = plan.despeckleMaxArea;
  if (despeckleMaxArea < 0) despeckleMaxArea = Math.max(2, Math.floor(4 * (assumed / DEFAULT_DPI) * (assumed / DEFAULT_DPI) + 0.5));
  let ruleMinLength = plan.ruleMinLength;
  if (ruleMinLength < 0) ruleMinLength = Math.floor(assumed / 2 + 0.5);
  return { scale, dpiOut, window, despeckleMaxArea, ruleMinLength };
}

export function preprocess(img: GrayImage, plan: PreprocessPlan): RawPreprocess {
  const metrics = pageMetrics(img, plan.maxSkewDegrees);
  const dpiIn = plan.sourceDpi > 0 ? plan.sourceDpi : metrics.medianCharHeight > 0 ? Math.round(metrics.medianCharHeight * DPI_PER_CHAR_PX) : 0;
  const p = planParams(plan, dpiIn, img.width, img.height);
  let cur = img;
  let rotatedDegrees = 0;
  if (plan.deskew && Math.abs(metrics.skewDegrees) >= plan.minSkewDegrees && metrics.skewDegrees !== 0) {
    rotatedDegrees = -metrics.skewDegrees;
    cur = rotate(cur, rotatedDegrees);
  }
  if (p.scale !== 1) {
    cur = resize(cur, Math.max(1, Math.floor(cur.width * p.scale + 0.5)), Math.max(1, Math.floor(cur.height * p.scale + 0.5)));
  }
  if (plan.binarize) {
    cur = binarizeSauvola(cur, { window: p.window, k: plan.k });
    cur = despeckle(cur, p.despeckleMaxArea);
  }
  if (p.ruleMinLength > 0) cur = removeRules(cur, p.ruleMinLength);
  if (plan.cropMargin >= 0) cur = cropToContent(cur, plan.cropMargin).image;
  if (cur === img) cur = { width: img.width, height: img.height, data: img.data.slice() };
  return { image: cur, metrics, rotatedDegrees, scale: p.scale, dpi: p.dpiOut };
}
