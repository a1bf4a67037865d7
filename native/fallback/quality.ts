import type { GrayImage } from '../types.js';
import { medianCharHeight } from './components.js';
import { histogram, inkThreshold, median3x3, percentileLevel } from './pixels.js';
import { estimateSkew } from './skew.js';

/** The raw measures both backends compute; quality-verdict.ts turns them into PageQuality. */
export interface RawMetrics {
  blurVariance: number;
  contrast: number;
  skewDegrees: number;
  inkCoverage: number;
  medianCharHeight: number;
}

/** Share of the darkest pixels whose mean is the ink level for contrast. */
export const DARKEST_SHARE = 0.005;

/**
 * Variance of the 4-neighbour Laplacian (4c - l - r - u - d) over the interior pixels. Sums are exact integers
 * (|L| <= 1020, so the sum of squares of a 16384^2 page stays below 2^53).
 */
export function laplacianVariance(img: GrayImage): number {
  const { width: w, height: h, data } = img;
  if (w < 3 || h < 3) return 0;
  let sum = 0;
  let sq = 0;
  for (let y = 1; y < h - 1; y++) {
    const row = y * w;
    let rs = 0;
    let rq = 0;
    for (let x = 1; x < w - 1; x++) {
      const i = row + x;
      const l = 4 * data[i]! - data[i - 1]! - data[i + 1]! - data[i - w]! - data[i + w]!;
      rs += l;
      rq += l * l;
    }
    sum += rs;
    sq += rq;
  }
  const n = (w - 2) * (h - 2);
  const mean = sum / n;
  return sq / n - mean * mean;
}

/** All page measures, on the page after a 3x3 median (dust and JPEG salt are neither detail nor ink). */
export function pageMetrics(img: GrayImage, maxSkewDegrees = 5): RawMetrics {
  const clean = median3x3(img);
  const n = clean.width * clean.height;
  const hist = histogram(clean.data);
  const paper = percentileLevel(hist, n, 0.5);
  const thr = inkThreshold(hist, n);
  let ink = 0;
  for (let v = 0; v <= thr; v++) ink += hist[v]!;
  const rank = Math.max(1, Math.ceil(DARKEST_SHARE * n));
  let acc = 0;
  let sum = 0;
  for (let v = 0; v < 256 && acc < rank; v++) {
    const take = Math.min(hist[v]!, rank - acc);
    sum += v * take;
    acc += take;
  }
  const darkest = sum / rank;
  return {
    blurVariance: laplacianVariance(clean),
    contrast: Math.max(0, paper - darkest) / 255,
    skewDegrees: estimateSkew(clean, maxSkewDegrees),
    inkCoverage: ink / n,
    medianCharHeight: thr >= 0 ? medianCharHeight(clean, thr) : 0,
  };
}
