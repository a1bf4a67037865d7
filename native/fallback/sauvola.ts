import type { GrayImage } from '../types.js';
import type { ResolvedSauvola } from '../validate.js';
import { gray } from './pixels.js';

/** Sauvola's dynamic range of the standard deviation for 8-bit images. */
export const SAUVOLA_R = 128;

/**
 * Sauvola binarization: a pixel is ink when it is at or below T = m * (1 + k * (s / R - 1)), with m and s the mean
 * and standard deviation of the window around it (clipped at the borders). The window sums are the integral-image
 * box sums, kept as running column sums plus a per-row prefix (O(width) memory instead of two page-sized tables):
 * exact integers, so both backends compute the same doubles from them.
 */
export function binarizeSauvola(img: GrayImage, { window, k }: ResolvedSauvola): GrayImage {
  const { width: w, height: h, data } = img;
  const r = window >> 1;
  const colS = new Float64Array(w);
  const colQ = new Float64Array(w);
  const preS = new Float64Array(w + 1);
  const preQ = new Float64Array(w + 1);
  const out = new Uint8Array(w * h);
  const addRow = (y: number, sign: number) => {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const p = data[row + x]!;
      colS[x]! += sign * p;
      colQ[x]! += sign * p * p;
    }
  };
  for (let y = 0; y <= Math.min(h - 1, r); y++) addRow(y, 1);
  for (let y = 0; y < h; y++) {
    if (y > 0) {
      if (y + r <= h - 1) addRow(y + r, 1);
      if (y - r - 1 >= 0) addRow(y - r - 1, -1);
    }
    const ny = Math.min(h - 1, y + r) - Math.max(0, y - r) + 1;
    for (let x = 0; x < w; x++) {
      preS[x + 1] = preS[x]! + colS[x]!;
      preQ[x + 1] = preQ[x]! + colQ[x]!;
    }
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const xl = x > r ? x - r : 0;
      const xh = x + r < w - 1 ? x + r : w - 1;
      const n = (xh - xl + 1) * ny;
      const s = preS[xh + 1]! - preS[xl]!;
      const q = preQ[xh + 1]! - preQ[xl]!;
      const mean = s / n;
      const v = q / n - mean * mean;
      const sd = Math.sqrt(v > 0 ? v : 0);
      const t = mean * (1 + k * (sd / SAUVOLA_R - 1));
      out[row + x] = data[row + x]! <= t ? 0 : 255;
    }
  }
  return gray(w, h, out);
}
