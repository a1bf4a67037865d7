import type { GrayImage } from '../types.js';
import { INK_LEVEL, gray } from './pixels.js';

/** A connected ink component: pixel count and bounding box (inclusive). */
export interface Component {
  area: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * 8-connected components of the pixels <= maxInk, found in row-major order of their first pixel by breadth-first
 * fill. `onComponent` sees each component's pixels (indices into the image) in `pixels[0..area)`.
 */
export function forEachComponent(img: GrayImage, maxInk: number, onComponent: (c: Component, pixels: Int32Array) => void): void {
  const { width: w, height: h, data } = img;
  const seen = new Uint8Array(w * h);
  let queue = new Int32Array(1 << 12);
  for (let start = 0; start < data.length; start++) {
    if (seen[start] || data[start]! > maxInk) continue;
    seen[start] = 1;
    queue[0] = start;
    let head = 0;
    let tail = 1;
    let x0 = w;
    let y0 = h;
    let x1 = -1;
    let y1 = -1;
    while (head < tail) {
      const p = queue[head++]!;
      const y = (p / w) | 0;
      const x = p - y * w;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= w) continue;
          const q = yy * w + xx;
          if (seen[q] || data[q]! > maxInk) continue;
          seen[q] = 1;
          if (tail === queue.length) {
            const grown = new Int32Array(queue.length * 2);
            grown.set(queue);
            queue = grown;
          }
          queue[tail++] = q;
        }
      }
    }
    onComponent({ area: tail, x0, y0, x1, y1 }, queue);
  }
}

/** Whitens ink components (pixels < 128, 8-connected) of at most `maxArea` pixels: scanner dust, JPEG salt. */
export function despeckle(img: GrayImage, maxArea: number): GrayImage {
  const out = img.data.slice();
  if (maxArea > 0) {
    forEachComponent(img, INK_LEVEL - 1, (c, pixels) => {
      if (c.area <= maxArea) for (let i = 0; i < c.area; i++) out[pixels[i]!] = 255;
    });
  }
  return gray(img.width, img.height, out);
}

/** Components shorter than this are dots, dust or noise; taller than MAX are rules, boxes, logos or photos. */
export const CHAR_MIN_HEIGHT = 4;
export const CHAR_MAX_HEIGHT = 200;
export const MIN_CHAR_COMPONENTS = 20;

/**
 * Median height of the character-like components of the ink (pixels <= maxInk): 4..200 px tall, at most 3x as wide
 * as tall (not a rule or a run of touching letters), filling at least 10% of their box (not a frame). 0 when fewer
 * than 20 qualify.
 */
export function medianCharHeight(img: GrayImage, maxInk: number): number {
  const counts = new Float64Array(CHAR_MAX_HEIGHT + 1);
  let n = 0;
  forEachComponent(img, maxInk, (c) => {
    const ch = c.y1 - c.y0 + 1;
    const cw = c.x1 - c.x0 + 1;
    if (ch < CHAR_MIN_HEIGHT || ch > CHAR_MAX_HEIGHT || cw > 3 * ch || c.area * 10 < cw * ch) return;
    counts[ch]!++;
    n++;
  });
  if (n < MIN_CHAR_COMPONENTS) return 0;
  const rank = Math.ceil(n / 2);
  let acc = 0;
  for (let v = 0; v <= CHAR_MAX_HEIGHT; v++) {
    acc += counts[v]!;
    if (acc >= rank) return v;
  }
  return 0;
}

/**
 * Whitens straight ink runs (pixels < 128) at least `minLength` long, horizontal and vertical, found on the input:
 * the rules and boxes of forms. Tesseract treats text that sits in axis-aligned boxes as part of a table or line
 * structure and drops it (measured on the generated W-2 scans: 6 of 6 field values read on the skewed scan, 1 of 6
 * once deskewed, 6 of 6 after this), so preprocessing removes the boxes after deskewing. 0 = off.
 */
export function removeRules(img: GrayImage, minLength: number): GrayImage {
  const { width: w, height: h, data } = img;
  const out = data.slice();
  if (minLength <= 0) return gray(w, h, out);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; ) {
      if (data[row + x]! >= INK_LEVEL) {
        x++;
        continue;
      }
      const start = x;
      while (x < w && data[row + x]! < INK_LEVEL) x++;
      if (x - start >= minLength) out.fill(255, row + start, row + x);
    }
  }
  for (let x = 0; x < w; x++) {
    for (let y = 0; y < h; ) {
      if (data[y * w + x]! >= INK_LEVEL) {
        y++;
        continue;
      }
      const start = y;
      while (y < h && data[y * w + x]! < INK_LEVEL) y++;
      if (y - start >= minLength) for (let k = start; k < y; k++) out[k * w + x] = 255;
    }
  }
  return gray(w, h, out);
}
