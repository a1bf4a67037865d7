import type { GrayImage } from '../types.js';

/**
 * Pixel basics of the TypeScript fallback. Every kernel here has a C++ twin in native/src/kernels/ written to give
 * the same bytes: integer arithmetic where it can, and where it needs floating point, the same float64 operations in
 * the same order (the addon is built with -ffp-contract=off so no fused multiply-add changes a rounding).
 */

/** Ink/paper split used by cropToContent and despeckle on binarized or clean pages. */
export const INK_LEVEL = 128;
/** Ink is at least this much darker than the paper (the median gray) in quality measures and skew estimation. */
export const INK_MIN_DEPTH = 48;

export function gray(width: number, height: number, data?: Uint8Array): GrayImage {
  return { width, height, data: data ?? new Uint8Array(width * height) };
}

/** BT.601 luma with 8-bit integer weights (77, 150, 29); alpha composited over white. */
export function toGray(pixels: Uint8Array, width: number, height: number, channels: 1 | 3 | 4): GrayImage {
  const n = width * height;
  const out = new Uint8Array(n);
  if (channels === 1) {
    out.set(pixels);
  } else if (channels === 3) {
    for (let i = 0, j = 0; i < n; i++, j += 3) out[i] = (77 * pixels[j]! + 150 * pixels[j + 1]! + 29 * pixels[j + 2]! + 128) >> 8;
  } else {
    for (let i = 0, j = 0; i < n; i++, j += 4) {
      const g = (77 * pixels[j]! + 150 * pixels[j + 1]! + 29 * pixels[j + 2]! + 128) >> 8;
      const a = pixels[j + 3]!;
      out[i] = ((g * a + 255 * (255 - a) + 127) / 255) | 0;
    }
  }
  return gray(width, height, out);
}

export function histogram(data: Uint8Array): Float64Array {
  const h = new Float64Array(256);
  for (let i = 0; i < data.length; i++) h[data[i]!]!++;
  return h;
}

/** The smallest level at or below which at least `q` of the pixels lie. */
export function percentileLevel(hist: Float64Array, total: number, q: number): number {
  const rank = Math.max(1, Math.ceil(q * total));
  let acc = 0;
  for (let v = 0; v < 256; v++) {
    acc += hist[v]!;
    if (acc >= rank) return v;
  }
  return 255;
}

/** Otsu's threshold: the level t maximizing between-class variance of {<= t} and {> t}; -1 for one-level images. */
export function otsu(hist: Float64Array, total: number): number {
  let sumAll = 0;
  for (let v = 0; v < 256; v++) sumAll += v * hist[v]!;
  let wB = 0;
  let sumB = 0;
  let best = -1;
  let bestT = -1;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB;
    const mF = (sumAll - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) {
      best = between;
      bestT = t;
    }
  }
  return bestT;
}

/**
 * The darkest level still counted as ink: Otsu's split, but never closer than INK_MIN_DEPTH to the paper, so a blank
 * page's noise (where Otsu splits paper from paper) is not ink. -1 when nothing can be ink.
 */
export function inkThreshold(hist: Float64Array, total: number): number {
  const paper = percentileLevel(hist, total, 0.5);
  return Math.min(otsu(hist, total), paper - INK_MIN_DEPTH);
}

/** Mean of each f x f block (rounded); the right and bottom remainders are dropped. */
export function downsampleBox(img: GrayImage, f: number): GrayImage {
  if (f === 1) return img;
  const dw = Math.floor(img.width / f);
  const dh = Math.floor(img.height / f);
  const out = new Uint8Array(dw * dh);
  const sums = new Uint32Array(dw);
  const area = f * f;
  const half = area >> 1;
  const src = img.data;
  for (let y = 0; y < dh; y++) {
    sums.fill(0);
    for (let yy = y * f; yy < y * f + f; yy++) {
      const row = yy * img.width;
      for (let x = 0; x < dw; x++) {
        let s = 0;
        const base = row + x * f;
        for (let k = 0; k < f; k++) s += src[base + k]!;
        sums[x]! += s;
      }
    }
    for (let x = 0; x < dw; x++) out[y * dw + x] = ((sums[x]! + half) / area) | 0;
  }
  return gray(dw, dh, out);
}

const min3 = (a: number, b: number, c: number): number => (a < b ? (a < c ? a : c) : b < c ? b : c);
const max3 = (a: number, b: number, c: number): number => (a > b ? (a > c ? a : c) : b > c ? b : c);
const med3 = (a: number, b: number, c: number): number => Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));

/**
 * 3x3 median with replicated edges. Exact median of nine from sorted column triples: the median is
 * med(max of the column minima, med of the column medians, min of the column maxima).
 */
export function median3x3(img: GrayImage): GrayImage {
  const { width: w, height: h, data } = img;
  const out = new Uint8Array(w * h);
  const lo = new Uint8Array(w);
  const mid = new Uint8Array(w);
  const hi = new Uint8Array(w);
  for (let y = 0; y < h; y++) {
    const r0 = Math.max(0, y - 1) * w;
    const r1 = y * w;
    const r2 = Math.min(h - 1, y + 1) * w;
    for (let x = 0; x < w; x++) {
      const a = data[r0 + x]!;
      const b = data[r1 + x]!;
      const c = data[r2 + x]!;
      lo[x] = min3(a, b, c);
      mid[x] = med3(a, b, c);
      hi[x] = max3(a, b, c);
    }
    for (let x = 0; x < w; x++) {
      const xl = x > 0 ? x - 1 : 0;
      const xr = x < w - 1 ? x + 1 : w - 1;
      out[r1 + x] = med3(max3(lo[xl]!, lo[x]!, lo[xr]!), med3(mid[xl]!, mid[x]!, mid[xr]!), min3(hi[xl]!, hi[x]!, hi[xr]!));
    }
  }
  return gray(w, h, out);
}
