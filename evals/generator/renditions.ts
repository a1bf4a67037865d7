import { createCanvas, loadImage } from '@napi-rs/canvas';
import { PDFDocument } from 'pdf-lib';
import type { BBox } from '../../core/page.js';
import { openPdf } from '../../inference/pdf.js';
import { savePdf } from './page-writer.js';
import { pick, type Rand } from './story.js';

/**
 * How a borrower's document reaches the lender: the digital PDF itself, a scan (rendered at 150-300 DPI, rotated a
 * little, speckled, slightly blurred, JPEG-compressed, no text layer) or a phone photo (the page on a desk, turned,
 * unevenly lit). Every truth box is moved with the page, so ground truth stays exact. An illegible page is a scan
 * blurred and faded past reading.
 */
export type PageLook = 'scan' | 'photo' | 'illegible';

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

async function scan(png: Buffer, pw: number, ph: number, rand: Rand, illegible: boolean): Promise<RenderedPage> {
  const image = await loadImage(png);
  const canvas = createCanvas(pw, ph);
  const ctx = canvas.getContext('2d');
  const paper = 238 + Math.floor(rand() * 17);
  ctx.fillStyle = `rgb(${paper},${paper},${paper - 4})`;
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
  const quality = illegible ? 30 : 55 + Math.floor(rand() * 35);
  return { jpeg: await canvas.encode('jpeg', quality), width: pw, height: ph, mapBox: boxMapper(t, pw, ph, pw, ph) };
}

async function photo(png: Buffer, pw: number, ph: number, rand: Rand): Promise<RenderedPage> {
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
  const t = place(pw, ph, angle, scale, W / 2 + (rand() - 0.5) * 60, H / 2 + (rand() - 0.5) * 60);
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
  return { jpeg: await canvas.encode('jpeg', 70 + Math.floor(rand() * 16)), width: W, height: H, mapBox: boxMapper(t, pw, ph, W, H) };
}

/** Pages as a PDF of images (what a scanner writes): no text layer. */
export async function imagePdf(pages: RenderedPage[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  for (const p of pages) {
    const image = await pdf.embedJpg(p.jpeg);
    // Page size from the image at its scan resolution is not known here; letter proportions are kept.
    const w = 612;
    const h = (612 * p.height) / p.width;
    pdf.addPage([w, h]).drawImage(image, { x: 0, y: 0, width: w, height: h });
  }
  return savePdf(pdf);
}
