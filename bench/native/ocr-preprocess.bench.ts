/**
 * OCR with and without native page preprocessing, on the scanned pages of a generated eval set, through the
 * pipeline's own read path (activities/document/read-pages.ts: render or decode, quality, preprocess, OCR, boxes back
 * onto the page as decoded). Numbers, not pass/fail.
 *
 *   node bin/docket.mjs synth --set scanned          # once: .cache/evals/scanned (50 packets, 488 pages)
 *   npx tsx bench/native/ocr-preprocess.bench.ts [--dir=.cache/evals/scanned] [--pages=120] [--workers=2]
 *       [--variants=raw,default] [--quality-extra=0] [--quality-only | --skip-quality] [--out=<file>]
 *
 * Per variant, over the first `--pages` OCR pages of the set (whole files, in packet order):
 * - CER: edit distance between each truth field's value and the OCR words whose centres fall in its truth box
 *   (evals/run/metrics.ts textInBox / editDistance, as the eval computes it), over the characters of the values;
 * - verbatim: truth values found as they are in the page's OCR text;
 * - fields: the baseline extractor (understanding/extract-fields.ts) on each truth document's pages, values
 *   matched by name and normalized form (non-merged files only; a merged file needs the splitter): a drop here means
 *   broken geometry;
 * - OCR s/page (tesseract alone) and read s/page (render or decode, quality, preprocessing and OCR).
 * Page quality (`pageQuality`, the verdict the read activity turns into illegible_page) runs over every OCR page of
 * the set, plus `--quality-extra` generated packets that each hold one injected illegible page: recall on the
 * truth's `illegiblePages`, false positives on the rest.
 *
 * Writes .cache/bench/ocr-preprocess.json (or --out).
 */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DOCUMENT_TYPES, type DocumentType } from '../../core/document-types.js';
import { normalizeText } from '../../core/normalize.js';
import type { MediaType } from '../../core/events.js';
import type { PageText } from '../../core/page.js';
import { extractFields } from '../../understanding/extract-fields.js';
import { OCR_PREPROCESS, readPages, type PageImageOptions } from '../../activities/document/read-pages.js';
import { generatePacket, type PacketTruth } from '../../evals/generator/generate-packet.js';
import { editDistance, textInBox } from '../../evals/run/metrics.js';
import { createOcrPool, type OcrPool } from '../../inference/ocr-pool.js';
import { loadNative, type PageQuality, type PreprocessOptions } from '../../native/index.js';

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const dir = arg('dir', '.cache/evals/scanned');
const maxPages = Number(arg('pages', '120'));
const workers = Number(arg('workers', String(Math.min(2, os.cpus().length))));
const qualityExtra = Number(arg('quality-extra', '0'));
const qualityOnly = process.argv.includes('--quality-only');
const skipQuality = process.argv.includes('--skip-quality');
const DPI = 200;
const MAX_PIXELS = 50_000_000;

/** The variants measured; `raw` is the page as decoded (tesseract binarizes it itself, Otsu). */
const VARIANTS: Record<string, false | PreprocessOptions> = {
  raw: false,
  default: OCR_PREPROCESS,
  full: { deskew: true, binarize: true, removeRules: true },
  'deskew-only': { deskew: true, binarize: false, removeRules: false },
  'deskew-rules': { deskew: true, binarize: false, removeRules: true },
  'no-deskew': { deskew: false, binarize: true, removeRules: true },
  'no-rules': { deskew: true, binarize: true, removeRules: false },
  'k0.1': { deskew: true, binarize: true, removeRules: true, sauvola: { k: 0.1 } },
  'k0.3': { deskew: true, binarize: true, removeRules: true, sauvola: { k: 0.3 } },
  'k0.35': { deskew: true, binarize: true, removeRules: true, sauvola: { k: 0.35 } },
  'k0.3-no-rules': { deskew: true, binarize: true, removeRules: false, sauvola: { k: 0.3 } },
  'w51': { deskew: true, binarize: true, removeRules: true, sauvola: { window: 51 } },
  'up300': { deskew: true, binarize: true, removeRules: true, targetDpi: 300 },
  'up300-gray': { deskew: true, binarize: false, removeRules: true, targetDpi: 300 },
  'deskew2': { deskew: true, minSkewDegrees: 2, binarize: true, removeRules: true },
};
const variantNames = arg('variants', 'raw,default').split(',');
for (const v of variantNames) if (!(v in VARIANTS)) throw new Error(`unknown variant ${v}; known: ${Object.keys(VARIANTS).join(', ')}`);

const native = await loadNative('auto');
process.stdout.write(`native backend: ${native.backend}${native.fallbackReason ? ` (${native.fallbackReason})` : ''}\n`);

interface FileJob {
  packet: string;
  truth: PacketTruth;
  filename: string;
  mediaType: MediaType;
  bytes: Uint8Array;
}

async function loadSet(): Promise<FileJob[]> {
  const jobs: FileJob[] = [];
  for (const packet of (await readdir(dir)).sort()) {
    const truth = JSON.parse(await readFile(path.join(dir, packet, 'truth.json'), 'utf8')) as PacketTruth;
    for (const f of truth.files) {
      jobs.push({ packet, truth, filename: f.filename, mediaType: f.mediaType as MediaType, bytes: await readFile(path.join(dir, packet, f.filename)) });
    }
  }
  return jobs;
}

/** Runs `fn` over `items` in `lanes` parallel lanes, each taking the next item in order. */
async function inLanes<T>(items: T[], lanes: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

// ------------------------------------------------------------------------------------------------ page quality

/** An OCR pool that reads nothing: the quality pass goes through readPages without paying for tesseract. */
const noOcr: OcrPool = {
  recognize: (_png, pageNumber) => Promise.resolve({ pageNumber, source: 'ocr', width: 1, height: 1, text: '', lines: [], confidence: 0 }),
  close: () => Promise.resolve(),
  stats: () => ({ pagesRecognized: 0, workersCreated: 0 }),
};

interface QualityRow {
  packet: string;
  filename: string;
  page: number;
  truthIllegible: boolean;
  quality: PageQuality;
}

async function measureQuality(jobs: FileJob[]): Promise<QualityRow[]> {
  const rows: QualityRow[] = [];
  await inLanes(jobs, workers, async (job) => {
    await readPages(job.bytes, job.mediaType, {
      ocr: noOcr,
      dpi: DPI,
      maxPages: 10_000,
      maxPixels: MAX_PIXELS,
      pageImage: { native },
      onQuality: (page, quality) => {
        const truthIllegible = job.truth.illegiblePages.some((p) => p.filename === job.filename && p.page === page);
        rows.push({ packet: job.packet, filename: job.filename, page, truthIllegible, quality });
      },
    });
  });
  return rows;
}

async function extraIllegibleJobs(count: number): Promise<FileJob[]> {
  const jobs: FileJob[] = [];
  for (let i = 0; i < count; i++) {
    const { truth, files } = await generatePacket(70_001 + i, { rendition: 'scanned', defects: ['illegible_page'] });
    // Only the file with the illegible page: the rest are the same kind of scans as the set.
    const filename = truth.illegiblePages[0]!.filename;
    const file = truth.files.find((f) => f.filename === filename)!;
    jobs.push({ packet: truth.packetId, truth, filename, mediaType: file.mediaType as MediaType, bytes: files.get(filename)! });
  }
  return jobs;
}

// ------------------------------------------------------------------------------------------------ OCR variants

interface VariantResult {
  variant: string;
  pages: number;
  cerErrors: number;
  cerChars: number;
  cer: number;
  verbatim: number;
  values: number;
  fieldTp: number;
  fieldFn: number;
  fieldFp: number;
  ocrSecondsPerPage: number;
  readSecondsPerPage: number;
  meanConfidence: number;
}

const sameValue = (a: string | null, b: string) => a !== null && (normalizeText(a) ?? '').toLowerCase() === (normalizeText(b) ?? '').toLowerCase();

async function runVariant(name: string, jobs: FileJob[]): Promise<VariantResult> {
  const pool = createOcrPool({ size: workers, recycleAfterPages: 200 });
  let ocrMs = 0;
  let readMs = 0;
  const timed: OcrPool = {
    async recognize(png, pageNumber) {
      const t = performance.now();
      try {
        return await pool.recognize(png, pageNumber);
      } finally {
        ocrMs += performance.now() - t;
      }
    },
    close: () => pool.close(),
    stats: () => pool.stats(),
  };
  const variant = VARIANTS[name]!;
  const pageImage: PageImageOptions = { native, ...(variant ? { preprocess: variant } : {}) };
  const r: VariantResult = { variant: name, pages: 0, cerErrors: 0, cerChars: 0, cer: 0, verbatim: 0, values: 0, fieldTp: 0, fieldFn: 0, fieldFp: 0, ocrSecondsPerPage: 0, readSecondsPerPage: 0, meanConfidence: 0 };
  let confidence = 0;
  try {
    await inLanes(jobs, workers, async (job) => {
      const t = performance.now();
      const pages = await readPages(job.bytes, job.mediaType, { ocr: timed, dpi: DPI, maxPages: 10_000, maxPixels: MAX_PIXELS, pageImage });
      readMs += performance.now() - t;
      score(job, pages, r);
      const ocrPages = pages.filter((p) => p.source === 'ocr');
      r.pages += ocrPages.length;
      confidence += ocrPages.reduce((s, p) => s + p.confidence, 0);
    });
  } finally {
    await pool.close();
  }
  r.cer = r.cerChars ? Number((r.cerErrors / r.cerChars).toFixed(4)) : 0;
  r.ocrSecondsPerPage = Number((ocrMs / 1000 / r.pages).toFixed(2));
  r.readSecondsPerPage = Number((readMs / 1000 / r.pages).toFixed(2));
  r.meanConfidence = Number((confidence / r.pages).toFixed(3));
  return r;
}

function score(job: FileJob, pages: PageText[], r: VariantResult): void {
  const docs = job.truth.documents.filter((d) => d.filename === job.filename);
  const merged = docs.length > 1;
  for (const doc of docs) {
    for (const f of doc.fields) {
      const page = pages[f.page - 1];
      if (page?.source !== 'ocr') continue;
      r.cerErrors += editDistance(textInBox(page, f.bbox), f.value);
      r.cerChars += f.value.length;
      r.values++;
      if (page.text.includes(f.value)) r.verbatim++;
    }
    // Docket's own types only: the rest of a full lending file has no extractor yet.
    if (merged || !(DOCUMENT_TYPES as readonly string[]).includes(doc.type)) continue;
    const extracted = extractFields(doc.type as DocumentType, pages.slice(doc.pages[0] - 1, doc.pages[1])).fields;
    const left = [...extracted];
    for (const f of doc.fields) {
      const i = left.findIndex((p) => p.name === f.name && sameValue(p.normalized, f.normalized));
      if (i >= 0) {
        left.splice(i, 1);
        r.fieldTp++;
      } else r.fieldFn++;
    }
    r.fieldFp += left.length;
  }
}

// ------------------------------------------------------------------------------------------------ main

const all = await loadSet();
const report: Record<string, unknown> = { dir, workers, backend: native.backend, cpus: os.cpus().length, cpu: os.cpus()[0]?.model };

if (!skipQuality) {
  process.stdout.write(`page quality over ${all.length} files of ${dir}${qualityExtra ? ` + ${qualityExtra} generated illegible pages` : ''}...\n`);
  const quality = await measureQuality([...all, ...(await extraIllegibleJobs(qualityExtra))]);
  const bad = quality.filter((q) => q.truthIllegible);
  const good = quality.filter((q) => !q.truthIllegible);
  const qualitySummary = {
    pages: quality.length,
    illegible: bad.length,
    recall: bad.length ? Number((bad.filter((q) => q.quality.illegible).length / bad.length).toFixed(3)) : null,
    falsePositives: good.filter((q) => q.quality.illegible).length,
    blankCalls: quality.filter((q) => q.quality.blank).length,
    illegibleContrast: bad.map((q) => Number(q.quality.contrast.toFixed(3))),
    legibleContrastMin: Math.min(...good.map((q) => q.quality.contrast)),
    missed: bad.filter((q) => !q.quality.illegible).map((q) => `${q.packet}/${q.filename}#${q.page}`),
    flagged: good.filter((q) => q.quality.illegible).map((q) => `${q.packet}/${q.filename}#${q.page}: ${q.quality.reasons.join('; ')}`),
  };
  report.quality = qualitySummary;
  process.stdout.write(`${JSON.stringify(qualitySummary, null, 2)}\n`);
}

if (!qualityOnly) {
  // Whole files, in packet order, until the page budget is reached.
  const jobs: FileJob[] = [];
  let pages = 0;
  for (const job of all) {
    if (pages >= maxPages) break;
    jobs.push(job);
    pages += job.truth.files.find((f) => f.filename === job.filename)!.pages;
  }
  process.stdout.write(`OCR of ${pages} pages (${jobs.length} files) per variant, ${workers} workers\n`);
  const results: VariantResult[] = [];
  for (const name of variantNames) {
    const r = await runVariant(name, jobs);
    results.push(r);
    process.stdout.write(`${JSON.stringify(r)}\n`);
  }
  report.variants = results;
  const pad = (s: string | number, n: number) => String(s).padStart(n);
  process.stdout.write(`\n${'variant'.padEnd(14)}${pad('pages', 6)}${pad('CER', 8)}${pad('verbatim', 12)}${pad('field R', 9)}${pad('field P', 9)}${pad('OCR s/p', 9)}${pad('read s/p', 9)}${pad('conf', 7)}\n`);
  for (const r of results) {
    const recall = r.fieldTp / Math.max(1, r.fieldTp + r.fieldFn);
    const precision = r.fieldTp / Math.max(1, r.fieldTp + r.fieldFp);
    process.stdout.write(
      `${r.variant.padEnd(14)}${pad(r.pages, 6)}${pad((r.cer * 100).toFixed(1) + '%', 8)}${pad(`${r.verbatim}/${r.values}`, 12)}` +
        `${pad((recall * 100).toFixed(1) + '%', 9)}${pad((precision * 100).toFixed(1) + '%', 9)}${pad(r.ocrSecondsPerPage, 9)}${pad(r.readSecondsPerPage, 9)}${pad(r.meanConfidence, 7)}\n`,
    );
  }
}

const out = arg('out', '.cache/bench/ocr-preprocess.json');
await mkdir(path.dirname(out), { recursive: true });
await writeFile(out, JSON.stringify(report, null, 2));
process.stdout.write(`wrote ${out}\n`);
