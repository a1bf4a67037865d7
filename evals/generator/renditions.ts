import { createCanvas, loadImage } from '@napi-rs/canvas';
import { PDFDocument } from 'pdf-lib';
import type { BBox } from '../../core/page.js';
import { openPdf } from '../../inference/pdf.js';
import { savePdf } from './page-writer.js';
import { pick, type Rand } from './story.js';

/**
 * How a borrower's document reaches the lender: the digital PDF itself, a scan (rendered at 150-300 DPI, rotated a
 * little, speckled, slightly blurred, JPEG-compressed, no text layer) or a phone photo (the page on a desk, turned,
 * unevenly lit), and for the unseen-layouts set the held-out looks below. Every truth box is moved with the page, so
 * ground truth stays exact. An illegible page is a scan blurred and faded past reading.
 */
export type PageLook = 'scan' | 'photo' | 'illegible' | HeldOutLook;

/**
 * Renditions only the unseen-layouts set draws (nothing was tuned on them): a fax (1-bit, half vertical resolution,
 * streaks), a photocopy of a photocopy (contrast up, grey copier edges, toner dust), a 100-DPI
 * scan, a phone photo taken at a slant (sheared, with a hand's shadow over part of the page), and a scan of coloured
 * paper.
 */
export const HELD_OUT_LOOKS = ['fax', 'photocopy', 'lowres', 'slanted-photo', 'coloured-paper'] as const;
export type HeldOutLook = (typeof HELD_OUT_LOOKS)[number];

/** Single-page looks that put the page in a larger picture (a desk around it). */
export const PHOTO_LOOKS: readonly PageLook[] = ['photo', 'slanted-photo'];

export interface RenderedPage {
  jpeg: Buffer;
  width: number;
  height: number;
  /** Where a box on the original page lands on this image (normalized, top-left). */
  mapBox: (b: BBox) => BBox;
}

const MAX_PIXELS = 60_000_000;

/** Renders every page of a PDF with the given look; `rand` decides angles, noise and quality. */
export async function renderPages(pdfBytes: Uint8Array, looks: PageLook[], rand: Rand): Promise<RenderedPage[]> {
  const handle = await openPdf(pdfBytes, { maxPages: 10_000 });
  try {
    const out: RenderedPage[] = [];
    for (let n = 1; n <= handle.pageCount; n++) {
      const look = looks[n - 1] ?? looks[0]!;
      if (isHeldOut(look)) {
        out.push(await heldOutLook(look, (dpi) => handle.render(n, dpi, MAX_PIXELS), rand));
        continue;
      }
      const dpi = look === 'photo' ? 200 : pick(rand, [150, 150, 200, 300]);
      const page = await handle.render(n, dpi, MAX_PIXELS);
      out.push(await (look === 'photo' ? photo(page.png, page.width, page.height, rand) : scan(page.png, page.width, page.height, rand, look === 'illegible')));
    }
    return out;
  } finally {
    await handle.close();
  }
}

interface Affine {
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  f: number;
}

/** A transform that turns the page by `angle` about its centre, scales it, and puts its centre at (cx, cy). */
function place(pw: number, ph: number, angle: number, scale: number, cx: number, cy: number): Affine {
  const cos = Math.cos(angle) * scale;
  const sin = Math.sin(angle) * scale;
  return { a: cos, b: sin, c: -sin, d: cos, e: cx - cos * (pw / 2) + sin * (ph / 2), f: cy - sin * (pw / 2) - cos * (ph / 2) };
}

/** `t` followed by a horizontal shear of `k` about (cx, cy): a page photographed at a slant (perspective, to first order). */
function shear(t: Affine, k: number, cx: number, cy: number): Affine {
  // x' = x + k (y - cy); y' = y.
  return { a: t.a + k * t.b, b: t.b, c: t.c + k * t.d, d: t.d, e: t.e + k * (t.f - cy), f: t.f };
}

function boxMapper(t: Affine, pw: number, ph: number, W: number, H: number): (b: BBox) => BBox {
  return (b) => {
    const corners = [
      [b.x, b.y],
      [b.x + b.w, b.y],
      [b.x, b.y + b.h],
      [b.x + b.w, b.y + b.h],
    ].map(([x, y]) => {
      const px = x! * pw;
      const py = y! * ph;
      return [(t.a * px + t.c * py + t.e) / W, (t.b * px + t.d * py + t.f) / H] as const;
    });
    const xs = corners.map((c) => c[0]);
    const ys = corners.map((c) => c[1]);
    const r = (v: number) => Number(Math.min(1, Math.max(0, v)).toFixed(5));
    const x = r(Math.min(...xs));
    const y = r(Math.min(...ys));
    return { x, y, w: Number((r(Math.max(...xs)) - x).toFixed(5)), h: Number((r(Math.max(...ys)) - y).toFixed(5)) };
  };
}

async function scan(png: Buffer, pw: number, ph: number, rand: Rand, illegible: boolean, options: { quality?: number; paper?: [number, number, number] } = {}): Promise<RenderedPage> {
  const image = await loadImage(png);
  const canvas = createCanvas(pw, ph);
  const ctx = canvas.getContext('2d');
  const paper = 238 + Math.floor(rand() * 17);
  ctx.fillStyle = options.paper ? `rgb(${options.paper.join(',')})` : `rgb(${paper},${paper},${paper - 4})`;
  ctx.fillRect(0, 0, pw, ph);
  const angle = ((rand() * 4 - 2) * Math.PI) / 180;
  const t = place(pw, ph, angle, 1, pw / 2 + (rand() - 0.5) * pw * 0.01, ph / 2 + (rand() - 0.5) * ph * 0.01);
  ctx.setTransform(t.a, t.b, t.c, t.d, t.e, t.f);
  ctx.filter = illegible ? `blur(${(pw / 612) * 2.2}px)` : rand() < 0.5 ? 'blur(0.5px)' : 'none';
  ctx.globalAlpha = illegible ? 0.3 : 1;
  ctx.globalCompositeOperation = 'multiply';
  ctx.drawImage(image, 0, 0);
  ctx.resetTransform();
  ctx.filter = 'none';
  ctx.globalAlpha = 1;
  ctx.globalCompositeOperation = 'source-over';
  // Speckle: dark dust and light drop-outs; an illegible page gets much more.
  const specks = Math.round((pw * ph) / (illegible ? 150 : 2500));
  for (let i = 0; i < specks; i++) {
    const g = rand() < 0.7 ? 60 + Math.floor(rand() * 80) : 255;
    ctx.fillStyle = `rgb(${g},${g},${g})`;
    ctx.fillRect(Math.floor(rand() * pw), Math.floor(rand() * ph), 1 + Math.floor(rand() * 2), 1);
  }
  const quality = options.quality ?? (illegible ? 30 : 55 + Math.floor(rand() * 35));
  return { jpeg: await canvas.encode('jpeg', quality), width: pw, height: ph, mapBox: boxMapper(t, pw, ph, pw, ph) };
}

async function photo(png: Buffer, pw: number, ph: number, rand: Rand, options: { shear?: number; handShadow?: boolean } = {}): Promise<RenderedPage> {
  const image = await loadImage(png);
  const W = 1500;
  const H = 2000;
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  // A desk: a dull colour with a gradient.
  const desk = pick<[string, string]>(rand, [
    ['#6b5a48', '#4a3d31'],
    ['#7a7f86', '#55595f'],
    ['#8c7b63', '#5f5141'],
  ]);
  const ground = ctx.createLinearGradient(0, 0, W, H);
  ground.addColorStop(0, desk[0]);
  ground.addColorStop(1, desk[1]);
  ctx.fillStyle = ground;
  ctx.fillRect(0, 0, W, H);
  const scale = (H * (0.84 + rand() * 0.08)) / ph;
  const angle = ((rand() * 10 - 5) * Math.PI) / 180;
  const placed = place(pw, ph, angle, scale, W / 2 + (rand() - 0.5) * 60, H / 2 + (rand() - 0.5) * 60);
  const t = options.shear ? shear(placed, options.shear, W / 2, H / 2) : placed;
  ctx.setTransform(t.a, t.b, t.c, t.d, t.e, t.f);
  ctx.shadowColor = 'rgba(0,0,0,0.45)';
  ctx.shadowBlur = 25;
  ctx.filter = 'blur(0.7px)';
  ctx.drawImage(image, 0, 0);
  ctx.resetTransform();
  ctx.filter = 'none';
  ctx.shadowBlur = 0;
  // Uneven light: a soft shadow from one side.
  const light = ctx.createLinearGradient(rand() < 0.5 ? 0 : W, 0, W / 2, H / 2);
  light.addColorStop(0, 'rgba(0,0,0,0.28)');
  light.addColorStop(1, 'rgba(0,0,0,0)');
  ctx.fillStyle = light;
  ctx.fillRect(0, 0, W, H);
  if (options.handShadow) {
    // The phone's and hand's shadow: a soft dark blob over one lower corner of the page.
    const cx = rand() < 0.5 ? W * 0.15 : W * 0.85;
    const blob = ctx.createRadialGradient(cx, H * 0.92, 10, cx, H * 0.92, W * (0.35 + rand() * 0.2));
    blob.addColorStop(0, 'rgba(0,0,0,0.5)');
    blob.addColorStop(1, 'rgba(0,0,0,0)');
    ctx.fillStyle = blob;
    ctx.fillRect(0, 0, W, H);
  }
  return { jpeg: await canvas.encode('jpeg', 70 + Math.floor(rand() * 16)), width: W, height: H, mapBox: boxMapper(t, pw, ph, W, H) };
}

/**
 * How wide a scanned page is in PDF points. Scanners and "print to PDF" often get it wrong: `letter` is the honest
 * width (612 pt), `small` a page of 180-300 pt holding the whole scan (read at a third of its pixels by a reader that
 * renders by page size), `huge` one of 1800-2600 pt (upscaled, and looks blurred).
 */
export type PageSizing = 'letter' | 'small' | 'huge';

/** Pages as a PDF of images (what a scanner writes): no text layer. */
export async function imagePdf(pages: RenderedPage[], sizing: PageSizing = 'letter', rand?: Rand): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const width = sizing === 'letter' || !rand ? 612 : sizing === 'small' ? 180 + Math.floor(rand() * 120) : 1800 + Math.floor(rand() * 800);
  for (const p of pages) {
    const image = await pdf.embedJpg(p.jpeg);
    // Page size from the image at its scan resolution is not known here; the page's proportions are kept.
    const w = width;
    const h = (width * p.height) / p.width;
    pdf.addPage([w, h]).drawImage(image, { x: 0, y: 0, width: w, height: h });
  }
  return savePdf(pdf);
}

const isHeldOut = (look: PageLook): look is HeldOutLook => (HELD_OUT_LOOKS as readonly string[]).includes(look);

type Render = (dpi: number) => Promise<{ png: Buffer; width: number; height: number }>;

async function heldOutLook(look: HeldOutLook, render: Render, rand: Rand): Promise<RenderedPage> {
  switch (look) {
    case 'fax':
      return fax(await render(200), rand);
    case 'photocopy':
      return photocopy(await render(pick(rand, [150, 200])), rand);
    case 'lowres': {
      const page = await render(100);
      return scan(page.png, page.width, page.height, rand, false, { quality: 40 + Math.floor(rand() * 20) });
    }
    case 'slanted-photo': {
      const page = await render(200);
      return photo(page.png, page.width, page.height, rand, { shear: (rand() < 0.5 ? -1 : 1) * (0.05 + rand() * 0.07), handShadow: true });
    }
    case 'coloured-paper': {
      const page = await render(pick(rand, [150, 200]));
      const tint = pick<[number, number, number]>(rand, [
        [255, 246, 196],
        [250, 222, 228],
        [214, 232, 250],
        [220, 242, 214],
      ]);
      return scan(page.png, page.width, page.height, rand, false, { paper: tint });
    }
  }
}

/** Thresholds a canvas to black and white (a fax, a hard photocopy) at `cut` (0-255 luminance). */
function threshold(ctx: ReturnType<ReturnType<typeof createCanvas>['getContext']>, w: number, h: number, cut: number): void {
  const img = ctx.getImageData(0, 0, w, h);
  const d = img.data;
  for (let i = 0; i < d.length; i += 4) {
    const v = 0.299 * d[i]! + 0.587 * d[i + 1]! + 0.114 * d[i + 2]! < cut ? 0 : 255;
    d[i] = d[i + 1] = d[i + 2] = v;
  }
  ctx.putImageData(img, 0, 0);
}

/** A fax: half the vertical resolution (standard mode), black and white, a few streaks across the page. */
async function fax(page: { png: Buffer; width: number; height: number }, rand: Rand): Promise<RenderedPage> {
  const image = await loadImage(page.png);
  const { width: pw, height: ph } = page;
  // Down to ~98 lines per inch and back up: every scan line doubled.
  const half = createCanvas(pw, Math.round(ph / 2));
  const hctx = half.getContext('2d');
  hctx.drawImage(image, 0, 0, pw, Math.round(ph / 2));
  const canvas = createCanvas(pw, ph);
  const ctx = canvas.getContext('2d');
  ctx.imageSmoothingEnabled = false;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, pw, ph);
  const angle = ((rand() * 1.6 - 0.8) * Math.PI) / 180;
  const t = place(pw, ph, angle, 0.96, pw / 2, ph / 2 + ph * 0.015);
  ctx.setTransform(t.a, t.b, t.c, t.d, t.e, t.f);
  ctx.drawImage(half, 0, 0, pw, ph);
  ctx.resetTransform();
  threshold(ctx, pw, ph, 150 + Math.floor(rand() * 40));
  ctx.fillStyle = '#000';
  for (let i = 0, n = 1 + Math.floor(rand() * 3); i < n; i++) ctx.fillRect(0, Math.floor(rand() * ph), pw, 1 + Math.floor(rand() * 2));
  return { jpeg: await canvas.encode('jpeg', 80), width: pw, height: ph, mapBox: boxMapper(t, pw, ph, pw, ph) };
}

/** A copy of a copy: darker, harder edges, grey copier borders and toner dust, a little smaller than the page. */
async function photocopy(page: { png: Buffer; width: number; height: number }, rand: Rand): Promise<RenderedPage> {
  const first = await scan(page.png, page.width, page.height, rand, false, { quality: 85 });
  const image = await loadImage(first.jpeg);
  const { width: pw, height: ph } = page;
  const canvas = createCanvas(pw, ph);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = 'rgb(205,205,205)';
  ctx.fillRect(0, 0, pw, ph);
  const scale = 0.95 + rand() * 0.03;
  const t2 = place(pw, ph, ((rand() * 2 - 1) * Math.PI) / 180, scale, pw / 2, ph / 2);
  ctx.setTransform(t2.a, t2.b, t2.c, t2.d, t2.e, t2.f);
  ctx.filter = 'contrast(1.6) brightness(0.92)';
  ctx.drawImage(image, 0, 0);
  ctx.resetTransform();
  ctx.filter = 'none';
  ctx.fillStyle = 'rgb(40,40,40)';
  for (let i = 0, n = Math.round((pw * ph) / 1200); i < n; i++) ctx.fillRect(Math.floor(rand() * pw), Math.floor(rand() * ph), 1 + Math.floor(rand() * 2), 1 + Math.floor(rand() * 2));
  const second = boxMapper(t2, pw, ph, pw, ph);
  return { jpeg: await canvas.encode('jpeg', 60 + Math.floor(rand() * 20)), width: pw, height: ph, mapBox: (b) => second(first.mapBox(b)) };
}
