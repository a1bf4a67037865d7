import type { CropResult, GrayImage } from '../types.js';
import { INK_LEVEL, gray } from './pixels.js';

/**
 * Rotation and resizing in 16.16 fixed point with 8-bit interpolation weights: exact integer math, so the addon and
 * the fallback produce the same bytes. Images are at most 16384 px a side, which keeps every coordinate in int32.
 */

const bilinear = (p00: number, p10: number, p01: number, p11: number, fx: number, fy: number): number => {
  const top = p00 * (256 - fx) + p10 * fx;
  const bot = p01 * (256 - fx) + p11 * fx;
  return (top * (256 - fy) + bot * fy + 32768) >> 16;
};

/**
 * Turns the content counter-clockwise (as seen on screen) by `degrees` about the image centre; the canvas keeps
 * its size, uncovered corners are white. Deskew a page with rotate(img, -estimateSkew(img)).
 */
export function rotate(img: GrayImage, degrees: number): GrayImage {
  const { width: w, height: h, data } = img;
  if (degrees === 0) return gray(w, h, data.slice());
  const rad = (degrees * Math.PI) / 180;
  const cs = Math.floor(Math.cos(rad) * 65536 + 0.5);
  const sn = Math.floor(Math.sin(rad) * 65536 + 0.5);
  const out = new Uint8Array(w * h);
  const cxF = (w - 1) * 32768;
  const cyF = (h - 1) * 32768;
  const dx0 = -(w - 1);
  for (let y = 0; y < h; y++) {
    const dy2 = 2 * y - (h - 1);
    // Source of output (x, y): x' = cos*dx - sin*dy, y' = sin*dx + cos*dy about the centre (offsets doubled to stay integral).
    let sx = Math.floor((cs * dx0 - sn * dy2) / 2) + cxF;
    let sy = Math.floor((sn * dx0 + cs * dy2) / 2) + cyF;
    const row = y * w;
    for (let x = 0; x < w; x++, sx += cs, sy += sn) {
      const x0 = sx >> 16;
      const y0 = sy >> 16;
      const fx = (sx & 0xffff) >> 8;
      const fy = (sy & 0xffff) >> 8;
      if (x0 >= 0 && y0 >= 0 && x0 + 1 < w && y0 + 1 < h) {
        const i = y0 * w + x0;
        out[row + x] = bilinear(data[i]!, data[i + 1]!, data[i + w]!, data[i + w + 1]!, fx, fy);
      } else if (x0 >= -1 && y0 >= -1 && x0 < w && y0 < h) {
        const at = (xx: number, yy: number) => (xx >= 0 && yy >= 0 && xx < w && yy < h ? data[yy * w + xx]! : 255);
        out[row + x] = bilinear(at(x0, y0), at(x0 + 1, y0), at(x0, y0 + 1), at(x0 + 1, y0 + 1), fx, fy);
      } else {
        out[row + x] = 255;
      }
    }
  }
  return gray(w, h, out);
}

/** Output sides for `scale`: rounded, at least 1 (validate.resizedSize checks the range). */
export function resize(img: GrayImage, outW: number, outH: number): GrayImage {
  const { width: w, height: h } = img;
  if (outW === w && outH === h) return gray(w, h, img.data.slice());
  return outW <= w && outH <= h ? shrink(img, outW, outH) : grow(img, outW, outH);
}

/** Area average: each output pixel is the rounded mean of the source block it covers (integer block edges). */
function shrink(img: GrayImage, ow: number, oh: number): GrayImage {
  const { width: w, height: h, data } = img;
  const xs = new Int32Array(ow + 1);
  for (let x = 0; x <= ow; x++) xs[x] = Math.floor((x * w) / ow);
  const out = new Uint8Array(ow * oh);
  const cols = new Uint32Array(w);
  for (let y = 0; y < oh; y++) {
    const y0 = Math.floor((y * h) / oh);
    const y1 = Math.floor(((y + 1) * h) / oh);
    cols.fill(0);
    for (let yy = y0; yy < y1; yy++) {
      const row = yy * w;
      for (let x = 0; x < w; x++) cols[x]! += data[row + x]!;
    }
    const rows = y1 - y0;
    for (let x = 0; x < ow; x++) {
      let s = 0;
      for (let xx = xs[x]!; xx < xs[x + 1]!; xx++) s += cols[xx]!;
      const n = (xs[x + 1]! - xs[x]!) * rows;
      out[y * ow + x] = Math.floor((s + Math.floor(n / 2)) / n);
    }
  }
  return gray(ow, oh, out);
}

/** Source coordinates (16.16) of the output pixel centres, pixel-centre aligned, clamped to the edges. */
function axis(outN: number, n: number): { i0: Int32Array; i1: Int32Array; f: Int32Array } {
  const i0 = new Int32Array(outN);
  const i1 = new Int32Array(outN);
  const f = new Int32Array(outN);
  for (let o = 0; o < outN; o++) {
    let s = Math.floor(((2 * o + 1) * n * 65536) / (2 * outN)) - 32768;
    if (s < 0) s = 0;
    const a = s >> 16;
    i0[o] = Math.min(a, n - 1);
    i1[o] = Math.min(a + 1, n - 1);
    f[o] = a >= n - 1 ? 0 : (s & 0xffff) >> 8;
  }
  return { i0, i1, f };
}

function grow(img: GrayImage, ow: number, oh: number): GrayImage {
  const { width: w, data } = img;
  const ax = axis(ow, w);
  const ay = axis(oh, img.height);
  const out = new Uint8Array(ow * oh);
  for (let y = 0; y < oh; y++) {
    const r0 = ay.i0[y]! * w;
    const r1 = ay.i1[y]! * w;
    const fy = ay.f[y]!;
    for (let x = 0; x < ow; x++) {
      const x0 = ax.i0[x]!;
      const x1 = ax.i1[x]!;
      out[y * ow + x] = bilinear(data[r0 + x0]!, data[r0 + x1]!, data[r1 + x0]!, data[r1 + x1]!, ax.f[x]!, fy);
    }
  }
  return gray(ow, oh, out);
}

/** Bounding box of pixels darker than INK_LEVEL, grown by `margin` and clamped; the whole image when there is none. */
export function cropToContent(img: GrayImage, margin: number): CropResult {
  const { width: w, height: h, data } = img;
  let x0 = w;
  let y0 = h;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let first = -1;
    let last = -1;
    for (let x = 0; x < w; x++) {
      if (data[row + x]! < INK_LEVEL) {
        if (first < 0) first = x;
        last = x;
      }
    }
    if (first >= 0) {
      if (y0 > y) y0 = y;
      y1 = y;
      if (first < x0) x0 = first;
      if (last > x1) x1 = last;
    }
  }
  if (x1 < 0) return { image: gray(w, h, data.slice()), box: { x: 0, y: 0, width: w, height: h } };
  x0 = Math.max(0, x0 - margin);
  y0 = Math.max(0, y0 - margin);
  x1 = Math.min(w - 1, x1 + margin);
  y1 = Math.min(h - 1, y1 + margin);
  const cw = x1 - x0 + 1;
  const ch = y1 - y0 + 1;
  const out = new Uint8Array(cw * ch);
  for (let y = 0; y < ch; y++) out.set(data.subarray((y0 + y) * w + x0, (y0 + y) * w + x0 + cw), y * cw);
  return { image: gray(cw, ch, out), box: { x: x0, y: y0, width: cw, height: ch } };
}
