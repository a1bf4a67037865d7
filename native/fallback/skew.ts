import type { GrayImage } from '../types.js';
import { downsampleBox, histogram, inkThreshold } from './pixels.js';

/**
 * Skew by projection profile. Text lines turned counter-clockwise by t keep y + x*tan(t) constant, so projecting the
 * ink along that direction gives a profile of sharp peaks (lines) and gaps exactly at the true angle. The score of an
 * angle is the sum of squared differences between neighbouring profile bins; we search a coarse grid of 0.25 degrees,
 * then 0.02 degrees around the best, then fit a parabola through the best three.
 *
 * The page is first averaged down to about 800-1600 px wide (a 1 px step across that width is 0.04-0.07 degrees),
 * which also melts single-pixel noise. Angles are whole hundredths of a degree and tan is taken in 16.16 fixed point,
 * so the addon and this fallback bin every pixel alike and pick the same angle.
 */

export const SKEW_TARGET_WIDTH = 800;
const COARSE_STEP = 25; // hundredths of a degree
const FINE_STEP = 2;
const MIN_INK_POINTS = 32;

export function skewFactor(width: number): number {
  return Math.max(1, Math.floor(width / SKEW_TARGET_WIDTH));
}

/** tan of `units` hundredths of a degree, 16.16 fixed point, rounded half up. */
export function tanFixed(units: number): number {
  return Math.floor(Math.tan((units * Math.PI) / 18000) * 65536 + 0.5);
}

export function estimateSkew(img: GrayImage, maxDegrees: number): number {
  const small = downsampleBox(img, skewFactor(img.width));
  const { width: w, height: h, data } = small;
  const thr = inkThreshold(histogram(data), w * h);
  if (thr < 0) return 0;
  let count = 0;
  for (let i = 0; i < data.length; i++) if (data[i]! <= thr) count++;
  if (count < MIN_INK_POINTS) return 0;
  const xs = new Int32Array(count);
  const ys = new Int32Array(count);
  for (let y = 0, n = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (data[y * w + x]! <= thr) {
        xs[n] = x;
        ys[n] = y;
        n++;
      }
    }
  }

  const maxU = Math.floor(maxDegrees * 100 + 0.5);
  const tMax = Math.abs(tanFixed(maxU));
  const offset = ((w * tMax) >> 16) + 2;
  const bins = new Float64Array(h + 2 * offset);
  const cache = new Map<number, number>();
  const score = (u: number): number => {
    const cached = cache.get(u);
    if (cached !== undefined) return cached;
    const t = tanFixed(u);
    bins.fill(0);
    for (let i = 0; i < count; i++) bins[ys[i]! + ((xs[i]! * t) >> 16) + offset]!++;
    let s = 0;
    for (let i = 1; i < bins.length; i++) {
      const d = bins[i]! - bins[i - 1]!;
      s += d * d;
    }
    cache.set(u, s);
    return s;
  };

  const k = Math.floor(maxU / COARSE_STEP);
  let best = 0;
  let bestScore = -1;
  for (let u = -k * COARSE_STEP; u <= k * COARSE_STEP; u += COARSE_STEP) {
    const s = score(u);
    if (s > bestScore) {
      bestScore = s;
      best = u;
    }
  }
  const lo = Math.max(-maxU, best - COARSE_STEP + FINE_STEP);
  const hi = Math.min(maxU, best + COARSE_STEP - FINE_STEP);
  for (let u = lo; u <= hi; u += FINE_STEP) {
    const s = score(u);
    if (s > bestScore) {
      bestScore = s;
      best = u;
    }
  }
  let delta = 0;
  if (best - FINE_STEP >= -maxU && best + FINE_STEP <= maxU) {
    const sm = score(best - FINE_STEP);
    const sp = score(best + FINE_STEP);
    const denom = sm - 2 * bestScore + sp;
    if (denom < 0) delta = Math.min(0.5, Math.max(-0.5, (0.5 * (sm - sp)) / denom));
  }
  return (best + delta * FINE_STEP) / 100;
}
