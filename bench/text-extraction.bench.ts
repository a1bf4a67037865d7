/**
 * Text extraction throughput: PDF text layer, page rendering, OCR with 1 and 2 workers, and memory over a long OCR
 * run with and without worker recycling. Numbers, not pass/fail.
 *
 *   npx tsx bench/text-extraction.bench.ts            # everything (about two minutes on 2 cores)
 *   npx tsx bench/text-extraction.bench.ts --rss-pages 200   # the RSS runs over 200 OCR pages (default 20)
 *   npx tsx bench/text-extraction.bench.ts --rss 5    # one RSS run, recycling every 5 pages (the parent runs these)
 *   npx tsx bench/text-extraction.bench.ts --engine=native   # the RSS runs on the native engine (default wasm:
 *                                                            # tesseract.js); throughput rows stay tesseract.js
 *
 * RSS runs each get a fresh process so one run's heap does not hide the other's growth.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { createOcrPool } from '../inference/ocr-pool.js';
import { openPdf } from '../inference/pdf.js';
import { loadOcrAddon } from '../native/index.js';

const OCR_DPI = 200;
const rssPagesArg = process.argv.indexOf('--rss-pages');
const RSS_PAGES = rssPagesArg > 0 ? Number(process.argv[rssPagesArg + 1]) : 20;
const RSS_ENGINE = process.argv.find((a) => a.startsWith('--engine='))?.slice('--engine='.length) === 'native' ? 'native' : 'wasm';

/** A letter page with a form's worth of text (title, 30 label/value lines). */
async function formPdf(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let p = 1; p <= pages; p++) {
    const page = doc.addPage([612, 792]);
    page.drawText(`Uniform Residential Loan Application - page ${p}`, { x: 72, y: 720, size: 16, font });
    for (let i = 0; i < 30; i++) {
      const y = 690 - i * 20;
      page.drawText(`Line ${i + 1} label for field number ${i + 1}:`, { x: 72, y, size: 10.5, font });
      page.drawText(`$ ${(1234.5 * (i + p)).toFixed(2)} value ${p}-${i}`, { x: 320, y, size: 10.5, font });
    }
  }
  return doc.save();
}

async function renderPng(pdfBytes: Uint8Array): Promise<Buffer> {
  const pdf = await openPdf(pdfBytes, { maxPages: 100 });
  try {
    return (await pdf.render(1, OCR_DPI, 50_000_000)).png;
  } finally {
    await pdf.close();
  }
}

const mib = (bytes: number) => bytes / 2 ** 20;

interface RssRun {
  /** Before any worker exists. */
  idle: number;
  /** After the warm-up page: one worker up, one page done. */
  before: number;
  /** After RSS_PAGES more pages, pool still open. */
  after: number;
  peak: number;
  /** After close(): workers gone. */
  closed: number;
}

async function rssRun(recycleAfterPages: number): Promise<RssRun> {
  // The parent starts this process with --expose-gc: collect first so the main thread's garbage is not counted.
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  const rss = () => {
    gc();
    return mib(process.memoryUsage().rss);
  };
  const png = await renderPng(await formPdf(1));
  const idle = rss();
  const pool = createOcrPool({ size: 1, recycleAfterPages, engine: RSS_ENGINE, nativeOcr: loadOcrAddon });
  await pool.recognize(png, 0);
  const before = rss();
  let peak = before;
  for (let i = 1; i <= RSS_PAGES; i++) {
    await pool.recognize(png, i);
    peak = Math.max(peak, mib(process.memoryUsage().rss));
  }
  const after = rss();
  await pool.close();
  return { idle, before, after, peak, closed: rss() };
}

function rssInChild(recycleAfterPages: number): Promise<RssRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', ...process.execArgv, fileURLToPath(import.meta.url), '--rss', String(recycleAfterPages), '--rss-pages', String(RSS_PAGES), `--engine=${RSS_ENGINE}`], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`exit ${code}`))));
  });
}

async function main(): Promise<void> {
  const rows: [string, string][] = [];
  const time = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
    const t = performance.now();
    const out = await fn();
    return [out, (performance.now() - t) / 1000];
  };

  // 1. Text layer: 20 pages, open + every page, 5 rounds after a warm-up round.
  const twenty = await formPdf(20);
  const readAll = async () => {
    const pdf = await openPdf(twenty, { maxPages: 100 });
    let words = 0;
    for (let n = 1; n <= pdf.pageCount; n++) words += (await pdf.textLayer(n)).lines.reduce((s, l) => s + l.words.length, 0);
    await pdf.close();
    return words;
  };
  const [words] = await time(readAll);
  const [, textSeconds] = await time(async () => {
    for (let r = 0; r < 5; r++) await readAll();
  });
  rows.push(['text layer, 20-page PDF (pages/s)', (100 / textSeconds).toFixed(0)]);
  rows.push(['  words per page', String(words / 20)]);

  // 2. Render at 200 DPI.
  const onePage = await formPdf(1);
  await renderPng(onePage);
  const [png, renderSeconds] = await time(async () => {
    let last: Buffer = Buffer.alloc(0);
    for (let r = 0; r < 5; r++) last = await renderPng(onePage);
    return last;
  });
  rows.push([`render letter page at ${OCR_DPI} DPI (s/page)`, (renderSeconds / 5).toFixed(3)]);
  rows.push(['  PNG size (KiB)', (png.length / 1024).toFixed(0)]);

  // 3. OCR: 1 worker sequential, 2 workers concurrent (worker start-up excluded by a warm-up page each).
  for (const size of [1, 2]) {
    const pool = createOcrPool({ size, recycleAfterPages: 1000 });
    const [, startSeconds] = await time(() => Promise.all(Array.from({ length: size }, (_, i) => pool.recognize(png, i))));
    const pages = 8;
    const [results, seconds] = await time(() => Promise.all(Array.from({ length: pages }, (_, i) => pool.recognize(png, i + 1))));
    await pool.close();
    rows.push([`OCR ${OCR_DPI}-DPI letter page, ${size} worker${size > 1 ? 's' : ''} (s/page, wall)`, (seconds / pages).toFixed(2)]);
    if (size === 1) {
      rows.push(['  first page incl. worker start (s)', startSeconds.toFixed(2)]);
      rows.push(['  mean word confidence', results[0]!.confidence.toFixed(3)]);
    }
  }

  // 4. RSS over 20 OCR pages, each in its own process.
  for (const recycle of [1_000_000, Math.max(5, Math.floor(RSS_PAGES / 4))]) {
    const r = await rssInChild(recycle);
    const label = recycle >= RSS_PAGES ? 'no recycling' : `recycle every ${recycle}`;
    const f = (v: number) => v.toFixed(0);
    rows.push([
      `RSS, ${RSS_PAGES} OCR pages, ${RSS_ENGINE === 'native' ? 'native engine' : 'tesseract.js'}, ${label} (MiB)`,
      `no worker ${f(r.idle)}, after page 1 ${f(r.before)}, after ${RSS_PAGES} more ${f(r.after)} (${r.after >= r.before ? '+' : ''}${f(r.after - r.before)}), peak ${f(r.peak)}, closed ${f(r.closed)}`,
    ]);
  }

  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`Text extraction on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'cpu'}), Node ${process.version}\n\n`);
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
}

const rssArg = process.argv.indexOf('--rss');
if (rssArg > 0) {
  process.stdout.write(`${JSON.stringify(await rssRun(Number(process.argv[rssArg + 1])))}\n`);
} else {
  await main();
}
