import { access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createWorker, OEM, type Worker as TesseractWorker } from 'tesseract.js';
import { ErrorCodes } from '../core/error-codes.js';
import { unionBBox, type BBox, type Line, type PageText, type Word } from '../core/page.js';
import { DocumentError } from '../platform/errors.js';

/**
 * A pool of tesseract.js workers (each a worker thread running tesseract's WASM build). Workers start lazily, up to
 * `size`; calls beyond that wait in FIFO order. A worker is terminated and replaced after `recycleAfterPages` pages,
 * because tesseract.js's WASM heap only grows over a long run, and after any failure. Traineddata is read from the
 * installed @tesseract.js-data/eng package: the pool never downloads anything and writes no cache.
 */

export interface OcrPoolOptions {
  /** Maximum concurrent workers (≈ one core each). */
  size: number;
  /** Pages a worker recognizes before it is replaced. */
  recycleAfterPages: number;
  /** Folder holding eng.traineddata.gz; a local path, never a URL. Default: the installed @tesseract.js-data/eng. */
  langPath?: string;
  /** Handed to tesseract as its cachePath. With cacheMethod 'none' nothing is read or written there today. */
  cacheDir?: string;
}

export interface OcrPoolStats {
  pagesRecognized: number;
  workersCreated: number;
}

export interface OcrPool {
  /**
   * OCR of one PNG page: words and lines with boxes normalized by the image size, confidences 0..1. With `timeoutMs`,
   * a page a worker has worked on that long fails with PAGE_TIMEOUT and the worker is replaced (queueing is free).
   */
  recognize(png: Buffer, pageNumber: number, limits?: { timeoutMs?: number }): Promise<PageText>;
  /** Lets running pages finish, refuses queued and new ones, terminates every worker. */
  close(): Promise<void>;
  stats(): OcrPoolStats;
}

const require = createRequire(import.meta.url);

/** The best_int (LSTM-only, integer) English model shipped by @tesseract.js-data/eng. */
export function defaultLangPath(): string {
  return path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

export function createOcrPool(options: OcrPoolOptions): OcrPool {
  if (!Number.isInteger(options.size) || options.size < 1) throw new RangeError('OCR pool size must be a positive integer');
  if (!Number.isInteger(options.recycleAfterPages) || options.recycleAfterPages < 1) {
    throw new RangeError('recycleAfterPages must be a positive integer');
  }
  const langPath = options.langPath ?? defaultLangPath();
  if (/^[a-z][a-z0-9+.-]*:/i.test(langPath) && !/^[a-z]:[\\/]/i.test(langPath)) {
    // tesseract.js fetches URL lang paths; Docket must never download.
    throw new RangeError('OCR langPath must be a local folder, not a URL');
  }
  return new TesseractPool(options.size, options.recycleAfterPages, langPath, options.cacheDir);
}

interface Slot {
  worker: TesseractWorker;
  pages: number;
  /** Rejects when the worker thread dies (crash, out of memory): a job in flight would otherwise never settle. */
  died: Promise<never>;
  /** Resolves once the thread has stopped and its memory is gone. */
  exited: Promise<void>;
}

class TesseractPool implements OcrPool {
  private readonly idle: Slot[] = [];
  private readonly waiting: { grant: () => void; refuse: (e: Error) => void }[] = [];
  private readonly terminating = new Set<Promise<void>>();
  private readonly running = new Set<Promise<unknown>>();
  private active = 0;
  private closed = false;
  private pagesRecognized = 0;
  private workersCreated = 0;

  constructor(
    private readonly size: number,
    private readonly recycleAfterPages: number,
    private readonly langPath: string,
    private readonly cacheDir: string | undefined,
  ) {}

  stats(): OcrPoolStats {
    return { pagesRecognized: this.pagesRecognized, workersCreated: this.workersCreated };
  }

  async recognize(png: Buffer, pageNumber: number, limits: { timeoutMs?: number } = {}): Promise<PageText> {
    const { width, height } = pngSize(png);
    await this.acquire();
    const job = this.run(png, pageNumber, width, height, limits.timeoutMs);
    this.running.add(job);
    try {
      return await job;
    } finally {
      this.running.delete(job);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiting.splice(0)) w.refuse(closedError());
    await Promise.allSettled([...this.running]);
    for (const slot of this.idle.splice(0)) void this.retire(slot);
    await Promise.allSettled([...this.terminating]);
  }

  private async run(png: Buffer, pageNumber: number, width: number, height: number, timeoutMs?: number): Promise<PageText> {
    let slot: Slot | undefined;
    let healthy = false;
    let timer: NodeJS.Timeout | undefined;
    try {
      // close() may have run between this call's permit being granted and now.
      if (this.closed) throw closedError();
      slot = this.idle.pop() ?? (await this.spawn());
      const racers: Promise<unknown>[] = [slot.worker.recognize(png, {}, { blocks: true, text: false }), slot.died];
      if (timeoutMs) {
        racers.push(new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new DocumentError(ErrorCodes.PAGE_TIMEOUT, `OCR of page ${pageNumber} took longer than ${timeoutMs / 1000} s`)), timeoutMs);
        }));
      }
      // A timed-out worker is not healthy: it is terminated below, which stops its page.
      const result = (await Promise.race(racers)) as Awaited<ReturnType<TesseractWorker['recognize']>>;
      const page = toPageText(result.data, pageNumber, width, height);
      slot.pages++;
      this.pagesRecognized++;
      healthy = true;
      return page;
    } catch (cause) {
      if (cause instanceof DocumentError) throw cause;
      throw new DocumentError(ErrorCodes.OCR_FAILED, `OCR failed on page ${pageNumber}`, undefined, { retryable: false, cause: asError(cause) });
    } finally {
      clearTimeout(timer);
      if (slot && healthy && slot.pages < this.recycleAfterPages && !this.closed) {
        this.idle.push(slot);
        this.release();
      } else if (slot) {
        // The permit comes back once the old thread is gone: never more than `size` tesseract heaps at once.
        void this.retire(slot).then(() => this.release());
      } else this.release();
    }
  }

  private async spawn(): Promise<Slot> {
    const data = path.join(this.langPath, 'eng.traineddata.gz');
    try {
      await access(data);
    } catch (cause) {
      // Checked here because tesseract.js never settles createWorker when the language fails to load.
      throw new DocumentError(ErrorCodes.OCR_FAILED, `OCR language data not found at ${data}`, undefined, { retryable: false, cause });
    }
    const worker = await createWorker('eng', OEM.LSTM_ONLY, {
      langPath: this.langPath,
      gzip: true,
      cacheMethod: 'none',
      ...(this.cacheDir ? { cachePath: this.cacheDir } : {}),
      // Without a handler tesseract.js rethrows a failed job's error from its message listener: an uncaught
      // exception. The job's own promise still rejects, and that is where we handle it.
      errorHandler: () => undefined,
    });
    this.workersCreated++;
    // tesseract.js keeps the worker_threads Worker on `worker` and listens to it only through `onerror`, which a
    // Node Worker never calls: listen here, or a crashed thread leaves its job pending forever.
    const thread = (worker as unknown as { worker: NodeJS.EventEmitter }).worker;
    let fail: (e: Error) => void = () => undefined;
    let gone: () => void = () => undefined;
    const slot: Slot = {
      worker,
      pages: 0,
      died: new Promise<never>((_, reject) => (fail = reject)),
      exited: new Promise<void>((resolve) => (gone = resolve)),
    };
    slot.died.catch(() => undefined);
    thread.on('error', (e: Error) => fail(e));
    thread.once('exit', (code: number) => {
      fail(new Error(`OCR worker thread exited with code ${code}`));
      // A worker that died while idle takes no page down with it.
      const idle = this.idle.indexOf(slot);
      if (idle >= 0) this.idle.splice(idle, 1);
      gone();
    });
    return slot;
  }

  /** Terminates the worker; resolves (never rejects) once its thread is gone. close() waits for these. */
  private retire(slot: Slot): Promise<void> {
    const done: Promise<void> = slot.worker
      .terminate()
      .then(() => slot.exited)
      .catch(() => undefined)
      .finally(() => this.terminating.delete(done));
    this.terminating.add(done);
    return done;
  }

  /** One of `size` permits; FIFO. */
  private acquire(): Promise<void> {
    if (this.closed) return Promise.reject(closedError());
    if (this.active < this.size) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((grant, refuse) => this.waiting.push({ grant, refuse }));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next.grant();
    else this.active--;
  }
}

/** tesseract.js's page result, as far as we read it. */
interface TesseractPage {
  blocks: { paragraphs: { lines: TesseractLine[] }[] }[] | null;
}
interface TesseractLine {
  confidence: number;
  bbox: TesseractBox;
  words: { text: string; confidence: number; bbox: TesseractBox }[];
}
interface TesseractBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function toPageText(data: TesseractPage, pageNumber: number, width: number, height: number): PageText {
  const norm = (b: TesseractBox): BBox => {
    const x = clamp01(b.x0 / width);
    const y = clamp01(b.y0 / height);
    return { x, y, w: clamp01(b.x1 / width) - x, h: clamp01(b.y1 / height) - y };
  };
  const lines: Line[] = [];
  for (const block of data.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        const words: Word[] = line.words
          .map((w) => ({ text: w.text.trim(), bbox: norm(w.bbox), confidence: clamp01(w.confidence / 100) }))
          .filter((w) => w.text.length > 0);
        if (!words.length) continue;
        lines.push({
          text: words.map((w) => w.text).join(' '),
          bbox: words.map((w) => w.bbox).reduce(unionBBox),
          confidence: clamp01(line.confidence / 100),
          words,
        });
      }
    }
  }
  const all = lines.flatMap((l) => l.words);
  return {
    pageNumber,
    source: 'ocr',
    width,
    height,
    text: lines.map((l) => l.text).join('\n'),
    lines,
    confidence: all.length ? all.reduce((s, w) => s + w.confidence, 0) / all.length : 0,
  };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the PNG's IHDR chunk: boxes are normalized by them. */
function pngSize(png: Buffer): { width: number; height: number } {
  if (png.length < 24 || !png.subarray(0, 8).equals(PNG_SIGNATURE) || png.toString('latin1', 12, 16) !== 'IHDR') {
    throw new DocumentError(ErrorCodes.OCR_FAILED, 'OCR input is not a PNG', undefined, { retryable: false });
  }
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  if (width < 1 || height < 1) throw new DocumentError(ErrorCodes.OCR_FAILED, 'OCR input PNG has no size', undefined, { retryable: false });
  return { width, height };
}

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));

/** tesseract.js rejects with strings; DocketError causes are Errors. */
const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

const closedError = (): DocumentError =>
  new DocumentError(ErrorCodes.OCR_FAILED, 'the OCR pool is closed', undefined, { retryable: true });
