/**
 * Reading pages, per core: the PDF text layer, and OCR by Docket's two engines (tesseract.js, and native libtesseract
 * through docket_ocr.node) side by side with Debian's `tesseract` CLI on the very same page images, with their
 * character error rates. Numbers, not pass/fail.
 *
 *   bash scripts/provision.sh tesseract       # once: Debian's tesseract-ocr (5.x) and its English data
 *   bash scripts/provision.sh ocr && node native/build.mjs   # once: the native OCR addon (libtesseract-dev)
 *   npx tsx bench/page-reading.bench.ts [--pages=24] [--json=<file>]
 *
 * Pages come from the seeded generator (scanned and digital renditions of the same packets, seeds 91001...). The OCR
 * images are the ones the pipeline's read path (activities/document/read-pages.ts: render at DOCKET_OCR_DPI's default,
 * page quality, no preprocessing) hands to tesseract.js: captured there, written as PNG and given to the CLI, one
 * process per page with OMP_THREAD_LIMIT=1, `--oem 1 --psm 3 -c tessedit_create_tsv=1` (word boxes). tesseract.js runs one
 * worker (one core); the native engine a pool of one engine (one thread, OpenMP off: one core), on the PNG bytes,
 * with tesseract.js's model and page segmentation mode (6). CLI and native pages alternate page by page, so a change
 * in the machine's load falls on all of them alike. CER: for each truth field on an OCR page, the edit distance
 * between its printed value and the words whose centres fall in its box (evals/run/metrics.ts), over the values'
 * characters — the eval's measure. Models: tesseract.js and native use @tesseract.js-data/eng 4.0.0 best_int, the
 * CLI Debian's eng.traineddata and, in a second run, the best_int model too.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import sharp from 'sharp';
import type { PageText } from '../core/page.js';
import type { MediaType } from '../core/events.js';
import { readPages } from '../activities/document/read-pages.js';
import { generatePacket, type PacketTruth } from '../evals/generator/generate-packet.js';
import { editDistance, textInBox } from '../evals/run/metrics.js';
import { createOcrPool, defaultLangPath, type OcrPool } from '../inference/ocr-pool.js';
import { loadNative, loadOcrAddon } from '../native/index.js';

const execFileAsync = promisify(execFile);
const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const targetPages = Number(arg('pages', '24'));
const jsonOut = arg('json', '');
const DPI = 200;
const MAX_PIXELS = 50_000_000;

interface OcrPageRun {
  truth: PacketTruth;
  filename: string;
  page: number;
  png: Buffer;
  js: PageText;
  jsSeconds: number;
}

const tmp = await mkdtemp(path.join(os.tmpdir(), 'docket-page-reading-'));
const native = await loadNative('auto');
try {
  // ---- OCR through the pipeline's read path, capturing each image tesseract.js is given.
  const pool = createOcrPool({ size: 1, recycleAfterPages: 1000, engine: 'wasm' });
  // The worker starts (WASM, model) on first use: not counted, as a long-running worker pays it once.
  const warmUp = await sharp({ create: { width: 400, height: 100, channels: 3, background: 'white' } }).png().withMetadata({ density: 200 }).toBuffer();
  await pool.recognize(warmUp, 0);
  const runs: OcrPageRun[] = [];
  const captured = new Map<number, { png: Buffer; seconds: number }>();
  const timed: OcrPool = {
    async recognize(png, pageNumber) {
      const t = performance.now();
      const page = await pool.recognize(png, pageNumber);
      captured.set(pageNumber, { png, seconds: (performance.now() - t) / 1000 });
      return page;
    },
    close: () => pool.close(),
    stats: () => pool.stats(),
  };
  const digital: { truth: PacketTruth; bytes: Uint8Array; mediaType: MediaType }[] = [];
  for (let seed = 91_001; runs.length < targetPages; seed++) {
    const scanned = await generatePacket(seed, { rendition: 'scanned' });
    for (const f of scanned.truth.files) {
      if (runs.length >= targetPages) break;
      captured.clear();
      const pages = await readPages(scanned.files.get(f.filename)!, f.mediaType as MediaType, {
        ocr: timed,
        dpi: DPI,
        maxPages: 1000,
        maxPixels: MAX_PIXELS,
        pageImage: { native },
      });
      for (const page of pages) {
        const image = captured.get(page.pageNumber);
        if (page.source !== 'ocr' || !image) continue;
        runs.push({ truth: scanned.truth, filename: f.filename, page: page.pageNumber, png: image.png, js: page, jsSeconds: image.seconds });
      }
    }
    const text = await generatePacket(seed, { rendition: 'digital' });
    for (const f of text.truth.files) digital.push({ truth: text.truth, bytes: text.files.get(f.filename)!, mediaType: f.mediaType as MediaType });
  }
  await pool.close();

  // ---- the same images through Debian's tesseract CLI, one core: with Debian's English model, and with the very
  // model tesseract.js runs (gunzipped), so engine and model are told apart.
  let version = 'not installed';
  try {
    version = (await execFileAsync('tesseract', ['--version'])).stdout.split('\n')[0]!;
  } catch {
    throw new Error('tesseract CLI missing: run bash scripts/provision.sh tesseract');
  }
  const sameModelDir = path.join(tmp, 'tessdata');
  await mkdir(sameModelDir);
  await writeFile(path.join(sameModelDir, 'eng.traineddata'), gunzipSync(await readFile(path.join(defaultLangPath(), 'eng.traineddata.gz'))));
  const runCli = async (i: number, tessdataDir: string | undefined) => {
    const file = path.join(tmp, `page-${i}.png`);
    await writeFile(file, runs[i]!.png);
    const t = performance.now();
    const args = [file, 'stdout', ...(tessdataDir ? ['--tessdata-dir', tessdataDir] : []), '-l', 'eng', '--oem', '1', '--psm', '3', '-c', 'tessedit_create_tsv=1'];
    const { stdout } = await execFileAsync('tesseract', args, { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, maxBuffer: 32 * 1024 * 1024 });
    return { page: tsvToPage(stdout, runs[i]!.page), seconds: (performance.now() - t) / 1000 };
  };

  // ---- the native engine (docket_ocr.node): one engine, the PNG bytes tesseract.js got, warmed up like it.
  const nativeOcr = loadOcrAddon();
  const nativePool = nativeOcr.addon ? createOcrPool({ size: 1, recycleAfterPages: 1000, engine: 'native', nativeOcr: () => nativeOcr }) : undefined;
  if (nativePool) await nativePool.recognize(warmUp, 0);
  else console.error(`native OCR engine not measured: ${nativeOcr.reason}`);
  const runNative = async (i: number) => {
    const t = performance.now();
    const page = await nativePool!.recognize(runs[i]!.png, runs[i]!.page);
    return { page, seconds: (performance.now() - t) / 1000 };
  };

  const cli: { page: PageText; seconds: number }[] = [];
  const cliSameModel: typeof cli = [];
  const nativeRuns: typeof cli = [];
  for (const i of runs.keys()) {
    cli.push(await runCli(i, undefined));
    cliSameModel.push(await runCli(i, sameModelDir));
    if (nativePool) nativeRuns.push(await runNative(i));
  }
  await nativePool?.close();

  // ---- text layer: the digital renditions of the same packets, one lane (one core).
  let textPages = 0;
  const t0 = performance.now();
  for (const d of digital) {
    const pages = await readPages(d.bytes, d.mediaType, { ocr: timed, dpi: DPI, maxPages: 1000, maxPixels: MAX_PIXELS });
    textPages += pages.filter((p) => p.source === 'text-layer').length;
  }
  const textSeconds = (performance.now() - t0) / 1000;

  const cer = (pageOf: (i: number) => PageText) => {
    let errors = 0;
    let chars = 0;
    for (const [i, r] of runs.entries()) {
      const doc = r.truth.documents.filter((d) => d.filename === r.filename);
      for (const f of doc.flatMap((d) => d.fields).filter((x) => x.page === r.page)) {
        errors += editDistance(textInBox(pageOf(i), f.bbox), f.value);
        chars += f.value.length;
      }
    }
    return chars ? Number((errors / chars).toFixed(4)) : null;
  };
  const jsSeconds = runs.reduce((sum, r) => sum + r.jsSeconds, 0);
  const engine = (seconds: number, pageOf: (i: number) => PageText) => ({
    seconds_per_page: Number((seconds / runs.length).toFixed(3)),
    pages_per_second_per_core: Number((runs.length / seconds).toFixed(3)),
    cer: cer(pageOf),
  });
  const cliSeconds = cli.reduce((sum, c) => sum + c.seconds, 0);
  const cliSameSeconds = cliSameModel.reduce((sum, c) => sum + c.seconds, 0);
  const nativeSeconds = nativeRuns.reduce((sum, c) => sum + c.seconds, 0);
  const ratio = (a: number, b: number) => Number((a / b).toFixed(3));
  const result = {
    pages_ocr: runs.length,
    load_average_1m: Number(os.loadavg()[0]!.toFixed(2)),
    cores: os.availableParallelism(),
    text_layer: { pages: textPages, pages_per_second_per_core: Number((textPages / textSeconds).toFixed(2)) },
    ocr: {
      tesseract_js: { model: '@tesseract.js-data/eng 4.0.0_best_int', ...engine(jsSeconds, (i) => runs[i]!.js) },
      native: nativePool
        ? { library: nativePool.engine.library, model: '@tesseract.js-data/eng 4.0.0_best_int', ...engine(nativeSeconds, (i) => nativeRuns[i]!.page) }
        : { error: nativeOcr.reason },
      tesseract_cli: { version, model: 'Debian tesseract-ocr-eng', ...engine(cliSeconds, (i) => cli[i]!.page) },
      tesseract_cli_same_model: { version, model: '@tesseract.js-data/eng 4.0.0_best_int', ...engine(cliSameSeconds, (i) => cliSameModel[i]!.page) },
      /** > 1: tesseract.js is faster per core than the native CLI (Debian's model). */
      speed_ratio_js_over_cli: ratio(cliSeconds, jsSeconds),
      speed_ratio_js_over_cli_same_model: ratio(cliSameSeconds, jsSeconds),
      /** > 1: Docket's native engine is faster per core than the CLI (the goal: >= 1.0 with Debian's model). */
      ...(nativePool
        ? {
            speed_ratio_native_over_cli: ratio(cliSeconds, nativeSeconds),
            speed_ratio_native_over_cli_same_model: ratio(cliSameSeconds, nativeSeconds),
            speed_ratio_native_over_js: ratio(jsSeconds, nativeSeconds),
          }
        : {}),
    },
  };
  console.log(JSON.stringify(result, null, 2));
  if (jsonOut) await writeFile(jsonOut, `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await rm(tmp, { recursive: true, force: true });
}

/** tesseract's TSV (level 5 rows are words) as a PageText with boxes normalized by the image size. */
function tsvToPage(tsv: string, pageNumber: number): PageText {
  const rows = tsv.trim().split('\n').slice(1).map((l) => l.split('\t'));
  const pageRow = rows.find((r) => r[0] === '1');
  const width = Number(pageRow?.[8] ?? 1);
  const height = Number(pageRow?.[9] ?? 1);
  const lines = new Map<string, PageText['lines'][number]>();
  for (const r of rows.filter((x) => x[0] === '5' && (x[11] ?? '').trim())) {
    const key = `${r[2]}.${r[3]}.${r[4]}`;
    const bbox = { x: Number(r[6]) / width, y: Number(r[7]) / height, w: Number(r[8]) / width, h: Number(r[9]) / height };
    const word = { text: r[11]!.trim(), bbox, confidence: Number(r[10]) / 100 };
    const line = lines.get(key) ?? { text: '', bbox, words: [], confidence: 0 };
    line.words.push(word);
    lines.set(key, line);
  }
  const all = [...lines.values()].map((l) => ({ ...l, text: l.words.map((w) => w.text).join(' ') }));
  return { pageNumber, source: 'ocr', width, height, text: all.map((l) => l.text).join('\n'), lines: all, confidence: 0 };
}
