import { createRequire } from 'node:module';
import path from 'node:path';
import { GlobalFonts, createCanvas } from '@napi-rs/canvas';
import { toGray } from '../fallback/pixels.js';
import type { GrayImage } from '../types.js';

/**
 * Synthetic text pages for the native tests and benchmarks: seeded words in an 11 pt serif at a given DPI, a few
 * form rules, optionally turned, blurred or faded. Rendered with @napi-rs/canvas and a font from @fontsource, so
 * pages look the same on every machine.
 */

const require = createRequire(import.meta.url);
const FONT = 'DocketNativeSerif';
let fontRegistered = false;

function registerFont(): void {
  if (fontRegistered) return;
  const dir = path.join(path.dirname(require.resolve('@fontsource/source-serif-4/package.json')), 'files');
  GlobalFonts.registerFromPath(path.join(dir, 'source-serif-4-latin-400-normal.woff2'), FONT);
  fontRegistered = true;
}

export interface SyntheticPageOptions {
  /** Default 300; the page is US letter (8.5 x 11 in) at this resolution unless width/height are given. */
  dpi?: number;
  width?: number;
  height?: number;
  /** Counter-clockwise turn of the content in degrees. */
  angleDegrees?: number;
  /** Gaussian blur radius in pixels. */
  blurPx?: number;
  /** Ink opacity (1 = black text, 0.3 = faded). */
  inkAlpha?: number;
  /** Number of text lines; default fills the page. */
  lines?: number;
  /** Font size in points. Default 11. */
  pointSize?: number;
  seed?: number;
}

/** Mulberry32: a tiny seeded PRNG so pages are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'borrower lender mortgage loan amount interest rate escrow payment principal income employer wages salary ' +
  'statement balance deposit account verification property appraisal title insurance closing disclosure ' +
  'the of and to in for on with by from at as 2024 1,250.00 $ 38,400 W-2 SSN 05/14 address city state'
).split(' ');

export function renderTextPage(options: SyntheticPageOptions = {}): GrayImage {
  registerFont();
  const dpi = options.dpi ?? 300;
  const width = options.width ?? Math.round(8.5 * dpi);
  const height = options.height ?? Math.round(11 * dpi);
  const rand = seededRandom(options.seed ?? 1);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.translate(width / 2, height / 2);
  // Canvas angles turn clockwise on screen (y points down): negate for a counter-clockwise turn.
  ctx.rotate((-(options.angleDegrees ?? 0) * Math.PI) / 180);
  ctx.translate(-width / 2, -height / 2);
  if (options.blurPx) ctx.filter = `blur(${options.blurPx}px)`;
  ctx.globalAlpha = options.inkAlpha ?? 1;
  const px = ((options.pointSize ?? 11) * dpi) / 72;
  ctx.font = `${px}px ${FONT}`;
  ctx.fillStyle = '#000000';
  ctx.strokeStyle = '#000000';
  ctx.lineWidth = Math.max(1, dpi / 150);
  const margin = dpi;
  const lineHeight = px * 1.45;
  const maxLines = options.lines ?? Math.floor((height - 2 * margin) / lineHeight);
  for (let i = 0; i < maxLines; i++) {
    const y = margin + (i + 1) * lineHeight;
    if (i % 9 === 8) {
      // A form rule every few lines, as on URLA and W-2 pages.
      ctx.beginPath();
      ctx.moveTo(margin, y - px * 0.3);
      ctx.lineTo(width - margin, y - px * 0.3);
      ctx.stroke();
      continue;
    }
    let line = '';
    while (ctx.measureText(line).width < width - 2 * margin - px * 8) line += `${WORDS[Math.floor(rand() * WORDS.length)]} `;
    ctx.fillText(line.trim(), margin, y);
  }
  const rgba = ctx.getImageData(0, 0, width, height).data;
  return toGray(new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.byteLength), width, height, 4);
}

/** A blank sheet with faint paper noise. */
export function renderBlankPage(width: number, height: number, seed = 1): GrayImage {
  const rand = seededRandom(seed);
  const data = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = 240 + Math.floor(rand() * 8);
  return { width, height, data };
}

/** Seeded salt noise: `count` dark single pixels. */
export function addSpeckles(img: GrayImage, count: number, seed = 7): GrayImage {
  const rand = seededRandom(seed);
  const data = img.data.slice();
  for (let i = 0; i < count; i++) data[Math.floor(rand() * data.length)] = Math.floor(rand() * 60);
  return { ...img, data };
}
