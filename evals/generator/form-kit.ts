import type { FieldKind } from '../../core/document-types.js';
import type { DocWriter, FontName } from './page-writer.js';

/**
 * Building blocks shared by the document drawings: a titled header, key-value sections in three visibly different
 * styles, and ruled tables that continue across pages.
 */

export interface Item {
  label: string;
  value: string;
  /** Truth field name; items without one are printed context. */
  field?: string;
  kind?: FieldKind;
  normalized?: string;
}

export type SectionStyle = 'inline' | 'boxed' | 'columns';

export interface Look {
  font: FontName;
  bold: FontName;
  /** Font of filled-in values: a handwriting font on hand-filled forms. */
  valueFont: FontName;
  size: number;
  valueSize: number;
  margin: number;
}

export async function heading(w: DocWriter, text: string, y: number, look: Look, size = 15): Promise<number> {
  await w.text(text, look.margin, y, { font: look.bold, size });
  return y + size + 8;
}

export async function sectionTitle(w: DocWriter, text: string, y: number, look: Look, shaded: boolean): Promise<number> {
  if (shaded) w.rect(look.margin, y - look.size - 1, 612 - 2 * look.margin, look.size + 6, { fill: [0.86, 0.88, 0.92] });
  await w.text(text, look.margin + (shaded ? 4 : 0), y, { font: look.bold, size: look.size + 0.5 });
  if (!shaded) w.rule(look.margin, y + 4, 612 - 2 * look.margin, 0.6);
  return y + look.size + 12;
}

/** Writes a value, shrinking its font where it would run past `maxWidth` (long addresses in narrow cells). */
async function value(w: DocWriter, item: Item, x: number, baseline: number, look: Look, maxWidth: number): Promise<void> {
  const full = await w.width(item.value, { font: look.valueFont, size: look.valueSize });
  const style = { font: look.valueFont, size: full > maxWidth ? (look.valueSize * maxWidth) / full : look.valueSize };
  if (item.field && item.kind) await w.field(item.field, item.kind, item.value, x, baseline, style, item.normalized);
  else if (item.value) await w.text(item.value, x, baseline, style);
}

/** Key-value items from `y` down; returns the next free y. */
export async function section(w: DocWriter, items: Item[], y: number, style: SectionStyle, look: Look): Promise<number> {
  const width = 612 - 2 * look.margin;
  if (style === 'inline') {
    const lead = Math.max(look.size, look.valueSize) * 1.85;
    const labelWidth = Math.max(...(await Promise.all(items.map((i) => w.width(i.label, { font: look.font, size: look.size })))));
    const valueX = look.margin + Math.min(labelWidth + 16, width * 0.45);
    for (const item of items) {
      await w.text(item.label, look.margin, y, { font: look.font, size: look.size });
      await value(w, item, valueX, y, look, look.margin + width - valueX);
      y += lead;
    }
    return y + 4;
  }
  if (style === 'boxed') {
    // Two cells a row, small label at the top of each cell, the value under it: the look of printed forms.
    const cellH = look.valueSize + look.size + 14;
    const cellW = width / 2;
    for (let i = 0; i < items.length; i += 2) {
      for (const [j, item] of items.slice(i, i + 2).entries()) {
        const x = look.margin + j * cellW;
        w.rect(x, y, cellW, cellH, { border: 0.6 });
        await w.text(item.label, x + 4, y + look.size - 1, { font: look.font, size: look.size - 2 });
        await value(w, item, x + 8, y + cellH - 6, look, cellW - 14);
      }
      y += cellH;
    }
    return y + 12;
  }
  // Two columns of label over value with a dotted underline.
  const lead = (look.size + look.valueSize) * 1.9;
  const colW = width / 2;
  const half = Math.ceil(items.length / 2);
  for (const [i, item] of items.entries()) {
    const x = look.margin + (i < half ? 0 : colW);
    const top = y + (i % half) * lead;
    await w.text(item.label, x, top, { font: look.font, size: look.size - 1, color: [0.3, 0.3, 0.35] });
    await value(w, item, x, top + look.valueSize + 4, look, colW - 12);
    for (let d = x; d < x + colW - 20; d += 4) w.rule(d, top + look.valueSize + 7, 1.2, 0.5, 0.6);
  }
  return y + half * lead + 6;
}

export interface Column {
  title: string;
  width: number;
  align?: 'left' | 'right';
}

/**
 * A ruled table; rows that do not fit go on a new page under a repeated header. `onRow` sees each row's page and box
 * (to record truth). Returns the y after the table.
 */
export async function table(
  w: DocWriter,
  columns: Column[],
  rows: string[][],
  y: number,
  look: Look,
  options: { zebra?: boolean; bottom?: number; continued?: string; onRow?: (row: number, bbox: { page: number; y: number; h: number }) => void; onPageBreak?: () => Promise<number> } = {},
): Promise<number> {
  const rowH = look.size + 6;
  const bottom = options.bottom ?? 740;
  const header = async () => {
    w.rect(look.margin, y - look.size - 2, columns.reduce((n, c) => n + c.width, 0), rowH, { fill: [0.9, 0.9, 0.9] });
    let x = look.margin;
    for (const c of columns) {
      const tw = await w.width(c.title, { font: look.bold, size: look.size });
      await w.text(c.title, c.align === 'right' ? x + c.width - tw - 4 : x + 4, y, { font: look.bold, size: look.size });
      x += c.width;
    }
    y += rowH;
  };
  await header();
  for (const [r, row] of rows.entries()) {
    if (y > bottom) {
      w.newPage();
      y = options.onPageBreak ? await options.onPageBreak() : 60;
      if (options.continued) y = await heading(w, options.continued, y, look, look.size + 2);
      await header();
    }
    if (options.zebra && r % 2 === 1) w.rect(look.margin, y - look.size - 1, columns.reduce((n, c) => n + c.width, 0), rowH, { fill: [0.95, 0.96, 0.98] });
    let x = look.margin;
    for (const [i, c] of columns.entries()) {
      const text = row[i] ?? '';
      const tw = await w.width(text, { font: look.font, size: look.size });
      if (text) await w.text(text, c.align === 'right' ? x + c.width - tw - 4 : x + 4, y, { font: look.font, size: look.size });
      x += c.width;
    }
    options.onRow?.(r, { page: w.pageNumber, y: y - look.size * 0.8, h: look.size });
    y += rowH;
  }
  return y + 8;
}

/** Prose with fields inside it: draws runs left to right, wrapping at the margin, and records each field's box. */
export async function prose(w: DocWriter, runs: (string | Item)[], y: number, look: Look, lead = 1.55): Promise<number> {
  const right = 612 - look.margin;
  let x = look.margin;
  const size = look.size + 1;
  for (const run of runs) {
    const words = typeof run === 'string' ? run.split(/(?<= )/) : [run.value];
    for (const word of words) {
      const wWidth = await w.width(word, { font: look.font, size });
      if (x + wWidth > right && x > look.margin) {
        x = look.margin;
        y += size * lead;
      }
      const box = await w.text(word, x, y, { font: look.font, size });
      if (typeof run !== 'string' && run.field && run.kind) w.record(run.field, run.kind, run.value, box, run.normalized);
      x += wWidth;
    }
  }
  return y + size * lead * 1.6;
}
