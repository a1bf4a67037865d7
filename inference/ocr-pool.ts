import { access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createWorker, OEM, type PSM, type Worker as TesseractWorker } from 'tesseract.js';
import { ErrorCodes } from '../core/error-codes.js';
import type { PageText } from '../core/page.js';
import { DocumentError, NativeUnavailableError } from '../platform/errors.js';
import { FifoPermits } from './fifo-permits.js';
import { createNativeOcrPool, type NativeOcrAttempt } from './native-ocr-pool.js';
import { asError, closedOcrPoolError, pageTimeoutError, pngSize, tesseractSettings, toPageText, type OcrLine, type OcrReadMode } from './ocr-page-text.js';

export type { OcrReadMode } from './ocr-page-text.js';

/**
 * OCR engine pools behind one interface. `createOcrPool` picks the engine (DOCKET_OCR_ENGINE):
 * - `native`: docket_ocr.node, libtesseract on threads of its own (inference/native-ocr-pool.ts);
 * - `wasm`: a pool of tesseract.js workers (each a worker thread running tesseract's WASM build; below);
 * - `auto`: native when docket_ocr.node loads, else wasm, with the reason in `engine.fallbackReason`.
 * Both run the same model (@tesseract.js-data/eng 4.0.0_best_int, LSTM only) in the same page segmentation mode
 * (6, one uniform block: tesseract's library default, which tesseract.js runs with) and map results with the same
 * code (ocr-page-text.ts). Engines start lazily, up to `size`; calls beyond that wait in FIFO order. An engine is
 * replaced after `recycleAfterPages` pages (tesseract.js's WASM heap only grows over a long run) and after a failure.
 * Traineddata is read from the installed @tesseract.js-data/eng package: the pools never download anything.
 */

export type OcrEngineChoice = 'auto' | 'native' | 'wasm';

export interface OcrPoolOptions {
  /** Maximum concurrent engines (≈ one core each). */
  size: number;
  /** Pages an engine recognizes before it is replaced. */
  recycleAfterPages: number;
  /** Folder holding eng.traineddata.gz; a local path, never a URL. Default: the installed @tesseract.js-data/eng. */
  langPath?: string;
  /** Handed to tesseract.js as its cachePath. With cacheMethod 'none' nothing is read or written there today. */
  cacheDir?: string;
  /** Which engine (DOCKET_OCR_ENGINE). Default `auto`: native when `nativeOcr` loads it, else tesseract.js. */
  engine?: OcrEngineChoice;
  /**
   * Loads docket_ocr.node (native/index.ts `loadOcrAddon`). The composition root hands it in: inference/ does not
   * import native/. Without it only tesseract.js is available.
   */
  nativeOcr?: () => NativeOcrAttempt;
  /**
   * Native engine only: a tessdata folder holding eng.traineddata (e.g. Debian's /usr/share/tesseract-ocr/5/tessdata)
   * to run instead of `langPath`'s model (DOCKET_OCR_TESSDATA).
   */
  tessdataDir?: string;
}

/** Which engine a pool runs, for the worker's start log. */
export interface OcrEngineInfo {
  engine: 'native' | 'wasm';
  /** e.g. "tesseract 5.3.0, leptonica-1.82.0" or "tesseract.js 7.0.0". */
  library: string;
  model: string;
  /** Why `auto` did not get the native engine. */
  fallbackReason?: string;
}

export interface OcrPoolStats {
  pagesRecognized: number;
  workersCreated: number;
}

export interface OcrOptions {
  timeoutMs?: number;
  mode?: OcrReadMode;
}

export interface OcrPool {
  /**
   * OCR of one PNG page: words and lines with boxes normalized by the image size, confidences 0..1. With `timeoutMs`,
   * a page a worker has worked on that long fails with PAGE_TIMEOUT (queueing is free): a tesseract.js worker is
   * replaced, a native engine stops at its next word and is kept. `mode` changes how this page alone is read.
   */
  recognize(png: Buffer, pageNumber: number, options?: OcrOptions): Promise<PageText>;
  /** Lets running pages finish, refuses queued and new ones, terminates every worker. */
  close(): Promise<void>;
  stats(): OcrPoolStats;
}

/** A pool made by createOcrPool: says which engine it runs. */
export interface EngineOcrPool extends OcrPool {
  readonly engine: OcrEngineInfo;
}

const require = createRequire(import.meta.url);

/** The best_int (LSTM-only, integer) English model shipped by @tesseract.js-data/eng. */
export function defaultLangPath(): string {
  return path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

/**
 * The pool for `options.engine`. Throws NativeUnavailableError for `native` when docket_ocr.node cannot be loaded
 * (at start, not on the first page).
 */
export function createOcrPool(options: OcrPoolOptions): EngineOcrPool {
  if (!Number.isInteger(options.size) || options.size < 1) throw new RangeError('OCR pool size must be a positive integer');
  if (!Number.isInteger(options.recycleAfterPages) || options.recycleAfterPages < 1) {
    throw new RangeError('recycleAfterPages must be a positive integer');
  }
  const langPath = options.langPath ?? defaultLangPath();
  if (/^[a-z][a-z0-9+.-]*:/i.test(langPath) && !/^[a-z]:[\\/]/i.test(langPath)) {
    // tesseract.js fetches URL lang paths; Docket must never download.
    throw new RangeError('OCR langPath must be a local folder, not a URL');
  }
  const choice = options.engine ?? 'auto';
  let fallbackReason: string | undefined;
  if (choice !== 'wasm') {
    const attempt: NativeOcrAttempt = options.nativeOcr ? options.nativeOcr() : { reason: 'no native OCR loader was given to the pool' };
    if (attempt.addon) {
      return createNativeOcrPool(attempt.addon, {
        size: options.size,
        recycleAfterPages: options.recycleAfterPages,
        model: options.tessdataDir ? { tessdataDir: options.tessdataDir } : { gzFile: path.join(langPath, 'eng.traineddata.gz') },
      });
    }
    if (choice === 'native') {
      throw new NativeUnavailableError(`DOCKET_OCR_ENGINE=native but the native OCR engine cannot be used: ${attempt.reason}`, attempt.cause);
    }
    fallbackReason = attempt.reason;
  }
  return new TesseractPool(options.size, options.recycleAfterPages, langPath, options.cacheDir, fallbackReason);
}

interface Slot {
  worker: TesseractWorker;
  pages: number;
  /** The page segmentation mode and thresholding_method the worker is set to. */
  psm: number;
  thresholding: number;
  /** Rejects when the worker thread dies (crash, out of memory): a job in flight would otherwise never settle. */
  died: Promise<never>;
  /** Resolves once the thread has stopped and its memory is gone. */
  exited: Promise<void>;
}

class TesseractPool implements EngineOcrPool {
  readonly engine: OcrEngineInfo;
  private readonly idle: Slot[] = [];
  private readonly permits: FifoPermits;
  private readonly terminating = new Set<Promise<void>>();
  private readonly running = new Set<Promise<unknown>>();
  private closed = false;
  private pagesRecognized = 0;
  private workersCreated = 0;

  constructor(
    size: number,
    private readonly recycleAfterPages: number,
    private readonly langPath: string,
    private readonly cacheDir: string | undefined,
    fallbackReason: string | undefined,
  ) {
    this.permits = new FifoPermits(size);
    this.engine = {
      engine: 'wasm',
      library: `tesseract.js ${(require('tesseract.js/package.json') as { version: string }).version}`,
      model: path.join(langPath, 'eng.traineddata.gz'),
      ...(fallbackReason ? { fallbackReason } : {}),
    };
  }

  stats(): OcrPoolStats {
    return { pagesRecognized: this.pagesRecognized, workersCreated: this.workersCreated };
  }

  async recognize(png: Buffer, pageNumber: number, options: OcrOptions = {}): Promise<PageText> {
    const { width, height } = pngSize(png);
    await this.permits.acquire();
    const job = this.run(png, pageNumber, width, height, options.timeoutMs, tesseractSettings(options.mode));
    this.running.add(job);
    try {
      return await job;
    } finally {
      this.running.delete(job);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.permits.refuse(closedOcrPoolError);
    await Promise.allSettled([...this.running]);
    for (const slot of this.idle.splice(0)) void this.retire(slot);
    await Promise.allSettled([...this.terminating]);
  }

  private async run(
    png: Buffer,
    pageNumber: number,
    width: number,
    height: number,
    timeoutMs: number | undefined,
    settings: { psm: number; thresholding: number },
  ): Promise<PageText> {
    let slot: Slot | undefined;
    let healthy = false;
    let timer: NodeJS.Timeout | undefined;
    try {
      // close() may have run between this call's permit being granted and now.
      if (this.closed) throw closedOcrPoolError();
      slot = this.idle.pop() ?? (await this.spawn());
      // A worker keeps its parameters between pages: set them only when this page wants others than its last.
      if (slot.psm !== settings.psm || slot.thresholding !== settings.thresholding) {
        await slot.worker.setParameters({ tessedit_pageseg_mode: String(settings.psm) as PSM, thresholding_method: String(settings.thresholding) });
        [slot.psm, slot.thresholding] = [settings.psm, settings.thresholding];
      }
      const racers: Promise<unknown>[] = [slot.worker.recognize(png, {}, { blocks: true, text: false }), slot.died];
      if (timeoutMs) {
        racers.push(new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(pageTimeoutError(pageNumber, timeoutMs)), timeoutMs);
        }));
      }
      // A timed-out worker is not healthy: it is terminated below, which stops its page.
      const result = (await Promise.race(racers)) as Awaited<ReturnType<TesseractWorker['recognize']>>;
      const page = toPageText(linesOf(result.data), pageNumber, width, height);
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
        this.permits.release();
      } else if (slot) {
        // The permit comes back once the old thread is gone: never more than `size` tesseract heaps at once.
        void this.retire(slot).then(() => this.permits.release());
      } else this.permits.release();
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
      ...tesseractSettings(),
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
}

/** tesseract.js's page result, as far as we read it. */
interface TesseractPage {
  blocks: { paragraphs: { lines: OcrLine[] }[] }[] | null;
}

function* linesOf(data: TesseractPage): Iterable<OcrLine> {
  for (const block of data.blocks ?? []) for (const paragraph of block.paragraphs) yield* paragraph.lines;
}
