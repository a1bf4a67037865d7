import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzip as gunzipCallback } from 'node:zlib';
import { ErrorCodes } from '../core/error-codes.js';
import type { PageText } from '../core/page.js';
import { DocumentError } from '../platform/errors.js';
import { FifoPermits } from './fifo-permits.js';
import type { EngineOcrPool, OcrEngineInfo, OcrOptions, OcrPoolStats } from './ocr-pool.js';
import { asError, closedOcrPoolError, pageTimeoutError, pngSize, tesseractSettings, toPageText, type OcrLine, type OcrReadMode } from './ocr-page-text.js';

const gunzip = promisify(gunzipCallback);

/**
 * The shape of docket_ocr.node (native/ocr/src/ocr_engine.h; loaded by native/ocr-addon.ts and handed in by the
 * composition root, because inference/ does not import native/). One OcrEngine = one TessBaseAPI on a thread of its
 * own, one page at a time, one core per page.
 */
export interface NativeOcrBinding {
  OcrEngine: new (options: NativeOcrEngineOptions) => NativeOcrEngine;
  /** "tesseract 5.3.0, leptonica-1.82.0" */
  versions(): string;
}

export interface NativeOcrEngineOptions {
  language: string;
  /** The gunzipped traineddata; or `dataPath`, a tessdata folder holding <language>.traineddata. */
  data?: Uint8Array;
  dataPath?: string;
  /** tesseract's page segmentation mode. */
  psm?: number;
  /** Extra tesseract variables, set at init. */
  variables?: Record<string, string>;
}

export interface NativeOcrEngine {
  /** Settles once the model is loaded (rejects with reason INIT). */
  readonly ready: Promise<void>;
  /**
   * One encoded image (a copy is taken). timeoutMs > 0: tesseract stops at its next word after that long. Rejects
   * with an Error whose `reason` is IMAGE (undecodable), TIMEOUT, CANCELLED, CLOSED, INIT or FAILED.
   */
  recognize(image: Uint8Array, timeoutMs: number, mode?: { psm?: number; thresholding?: number }): Promise<NativeOcrPage>;
  /** The page in flight stops at its next word (reason CANCELLED). */
  cancel(): void;
  /** After queued work: frees the model, ends the thread. */
  close(): Promise<void>;
}

export interface NativeOcrPage {
  width: number;
  height: number;
  dpi: number;
  lines: OcrLine[];
}

/** What native/ocr-addon.ts `loadOcrAddon` returns: the addon, or why not. */
export interface NativeOcrAttempt {
  addon?: NativeOcrBinding;
  reason?: string;
  cause?: unknown;
}

export interface NativeOcrPoolOptions {
  size: number;
  recycleAfterPages: number;
  /** The model: a gzipped traineddata file (read and gunzipped once per pool, kept in memory), or a tessdata folder. */
  model: { gzFile: string } | { tessdataDir: string };
  language?: string;
  /** Default 6 (one uniform block): the mode tesseract.js runs in (tesseract's library default). */
  psm?: number;
}

/** After these an engine is still sound: the page failed, tesseract did not. */
const ENGINE_STILL_SOUND = new Set(['IMAGE', 'TIMEOUT', 'CANCELLED']);

const reasonOf = (e: unknown): string | undefined =>
  typeof e === 'object' && e !== null && typeof (e as { reason?: unknown }).reason === 'string' ? (e as { reason: string }).reason : undefined;

interface Slot {
  engine: NativeOcrEngine;
  pages: number;
}

/**
 * A pool of native tesseract engines with the tesseract.js pool's contract (inference/ocr-pool.ts): at most `size`
 * engines, FIFO queueing, PAGE_TIMEOUT per page, close() refuses new work, stats(). A page that times out stops at
 * tesseract's next word (its ETEXT_DESC deadline, and a cancel from here at the same moment); the caller gets
 * PAGE_TIMEOUT at once, and the engine's permit comes back when tesseract has actually stopped, so never more than
 * `size` pages run. Engines are reused across pages (loading the model costs ~0.3 s) and replaced after
 * `recycleAfterPages` pages or a failure of tesseract itself; an undecodable image or a timeout keeps the engine.
 */
export function createNativeOcrPool(binding: NativeOcrBinding, options: NativeOcrPoolOptions): EngineOcrPool {
  return new NativeOcrPool(binding, options);
}

class NativeOcrPool implements EngineOcrPool {
  readonly engine: OcrEngineInfo;
  private readonly idle: Slot[] = [];
  private readonly permits: FifoPermits;
  private readonly running = new Set<Promise<unknown>>();
  /** Pages whose caller has its answer but whose engine has not come back yet (a timeout waits for the next word). */
  private readonly settling = new Set<Promise<void>>();
  private readonly closing = new Set<Promise<void>>();
  private modelData?: Promise<Pick<NativeOcrEngineOptions, 'data' | 'dataPath'>>;
  private closed = false;
  private pagesRecognized = 0;
  private workersCreated = 0;

  constructor(
    private readonly binding: NativeOcrBinding,
    private readonly options: NativeOcrPoolOptions,
  ) {
    this.permits = new FifoPermits(options.size);
    this.engine = {
      engine: 'native',
      library: binding.versions(),
      model: 'gzFile' in options.model ? options.model.gzFile : path.join(options.model.tessdataDir, `${options.language ?? 'eng'}.traineddata`),
    };
  }

  stats(): OcrPoolStats {
    return { pagesRecognized: this.pagesRecognized, workersCreated: this.workersCreated };
  }

  async recognize(png: Buffer, pageNumber: number, options: OcrOptions = {}): Promise<PageText> {
    const { width, height } = pngSize(png);
    await this.permits.acquire();
    const job = this.run(png, pageNumber, width, height, options.timeoutMs, options.mode);
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
    await Promise.allSettled([...this.settling]);
    for (const slot of this.idle.splice(0)) void this.retire(slot);
    await Promise.allSettled([...this.closing]);
  }

  private async run(png: Buffer, pageNumber: number, width: number, height: number, timeoutMs?: number, mode?: OcrReadMode): Promise<PageText> {
    let slot: Slot | undefined;
    let work: Promise<NativeOcrPage> | undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      // close() may have run between this call's permit being granted and now.
      if (this.closed) throw closedOcrPoolError();
      slot = this.idle.pop() ?? (await this.spawn());
      const engine = slot.engine;
      work = engine.recognize(png, timeoutMs ?? 0, mode ? tesseractSettings(mode) : undefined);
      const racers: Promise<NativeOcrPage>[] = [work];
      if (timeoutMs) {
        // tesseract's own deadline stops the page at its next word; this answers the caller on time regardless
        // (layout analysis, before the first word, does not look at the deadline).
        racers.push(new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            engine.cancel();
            reject(pageTimeoutError(pageNumber, timeoutMs));
          }, timeoutMs);
        }));
      }
      const raw = await Promise.race(racers);
      slot.pages++;
      this.pagesRecognized++;
      return toPageText(raw.lines, pageNumber, width, height);
    } catch (cause) {
      if (cause instanceof DocumentError) throw cause;
      const reason = reasonOf(cause);
      if ((reason === 'TIMEOUT' || reason === 'CANCELLED') && timeoutMs) throw pageTimeoutError(pageNumber, timeoutMs);
      throw new DocumentError(ErrorCodes.OCR_FAILED, `OCR failed on page ${pageNumber}`, undefined, { retryable: false, cause: asError(cause) });
    } finally {
      clearTimeout(timer);
      this.giveBack(slot, work);
    }
  }

  /** Once the engine is done with the page: back to idle (or replaced), then the permit to the next page. */
  private giveBack(slot: Slot | undefined, work: Promise<NativeOcrPage> | undefined): void {
    if (!slot || !work) {
      if (slot) void this.retire(slot);
      this.permits.release();
      return;
    }
    const done: Promise<void> = work
      .then(
        () => true,
        (e: unknown) => ENGINE_STILL_SOUND.has(reasonOf(e) ?? ''),
      )
      .then(async (sound) => {
        if (sound && slot.pages < this.options.recycleAfterPages && !this.closed) this.idle.push(slot);
        else await this.retire(slot);
      })
      .finally(() => {
        this.settling.delete(done);
        this.permits.release();
      });
    this.settling.add(done);
  }

  private async spawn(): Promise<Slot> {
    let model: Pick<NativeOcrEngineOptions, 'data' | 'dataPath'>;
    try {
      model = await this.model();
    } catch (cause) {
      throw new DocumentError(ErrorCodes.OCR_FAILED, `OCR language data not readable at ${this.engine.model}`, undefined, { retryable: false, cause });
    }
    const engine = new this.binding.OcrEngine({ language: this.options.language ?? 'eng', psm: this.options.psm ?? 6, ...model });
    try {
      await engine.ready;
    } catch (cause) {
      await engine.close().catch(() => undefined);
      throw new DocumentError(ErrorCodes.OCR_FAILED, `OCR engine could not load ${this.engine.model}`, undefined, { retryable: false, cause: asError(cause) });
    }
    this.workersCreated++;
    return { engine, pages: 0 };
  }

  /** The traineddata, gunzipped once per pool and kept for the engines that replace recycled ones. */
  private model(): Promise<Pick<NativeOcrEngineOptions, 'data' | 'dataPath'>> {
    const model = this.options.model;
    if ('tessdataDir' in model) return Promise.resolve({ dataPath: model.tessdataDir });
    if (!this.modelData) {
      const loading = readFile(model.gzFile)
        .then((gz) => gunzip(gz))
        .then((data) => ({ data }));
      // A missing file fails this page and is read again for the next one (like the tesseract.js pool).
      loading.catch(() => {
        if (this.modelData === loading) this.modelData = undefined;
      });
      this.modelData = loading;
    }
    return this.modelData;
  }

  /** Frees the engine's model and thread; resolves (never rejects) once it is gone. close() waits for these. */
  private retire(slot: Slot): Promise<void> {
    const done: Promise<void> = slot.engine
      .close()
      .catch(() => undefined)
      .finally(() => this.closing.delete(done));
    this.closing.add(done);
    return done;
  }
}
