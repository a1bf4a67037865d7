import { createCanvas } from '@napi-rs/canvas';
import { expect } from 'vitest';
import type { OcrPool } from '../ocr-pool.js';

/** The lines printed on tintedCardPng's card. */
export const CARD_LINES = ['STATE OF OR', 'N7381730', 'JORDAN A BRIGHTWATER', '6088 HARBOR VIEW DRIVE', '03/27/1996'];

/**
 * For the OCR read-mode tests: a letter page at 150 DPI, off-white, with a buff card on it printed in dark bold
 * capitals, as an ID card photocopied on a letter page. One global (Otsu) threshold falls between paper and card and
 * turns the whole card into ink, so tesseract's default read finds nothing; a local (Sauvola) threshold reads it.
 */
export async function tintedCardPng(): Promise<Buffer> {
  const canvas = createCanvas(1275, 1650);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = 'rgb(246,246,242)';
  ctx.fillRect(0, 0, 1275, 1650);
  ctx.fillStyle = 'rgb(240,228,208)';
  ctx.fillRect(180, 180, 600, 380);
  ctx.fillStyle = 'rgb(20,20,20)';
  ctx.font = 'bold 22px sans-serif';
  CARD_LINES.forEach((text, i) => ctx.fillText(text, 220, 240 + i * 55));
  return canvas.encode('png');
}

/**
 * The read-mode contract every OCR engine keeps, on a fresh pool of one engine: the default read of the tinted card
 * finds nothing, a Sauvola read finds every line, and the next default read finds nothing again on the same engine.
 */
export async function expectReadModeForOnePage(pool: OcrPool): Promise<void> {
  const png = await tintedCardPng();
  // The global threshold inks the whole card: nothing is read.
  expect((await pool.recognize(png, 1)).text.trim()).toBe('');
  const local = await pool.recognize(png, 1, { mode: { threshold: 'sauvola' } });
  for (const line of CARD_LINES) expect(local.text).toContain(line);
  expect(local.confidence).toBeGreaterThan(0.8);
  // The mode was this page's only: the same worker reads the next page as before.
  expect((await pool.recognize(png, 1)).text.trim()).toBe('');
  expect(pool.stats().workersCreated).toBe(1);
}
