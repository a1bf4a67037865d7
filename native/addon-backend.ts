import { NATIVE_INPUT_REASONS, NativeInputError, type NativeInputReason } from './errors.js';
import { KERNELS, NATIVE_ABI } from './fallback.js';
import { cosineTopK as cosineTopKTs, dense as denseTs, quantizeInt8Rows as quantizeRowsTs } from './fallback/vectors.js';
import { qualityFromRaw } from './quality-verdict.js';
import type { Activation, Box, GrayImage, NativeBackend, NativeInfo, PreprocessResult, TopKHit } from './types.js';
import {
  checkDense,
  checkDegrees,
  checkImage,
  checkImages,
  checkMargin,
  checkMatrix,
  checkMaxArea,
  checkPixels,
  checkRuleLength,
  checkSkewRange,
  checkTopK,
  checkVector,
  resizedSize,
  resolvePreprocess,
  resolveSauvola,
  type PreprocessPlan,
} from './validate.js';

/** What the compiled addon exports (src/bindings/). Every heavy call returns a Promise settled by an AsyncWorker. */
export interface RawMetrics {
  blurVariance: number;
  contrast: number;
  skewDegrees: number;
  inkCoverage: number;
  medianCharHeight: number;
}

export interface RawPreprocess {
  image: GrayImage;
  metrics: RawMetrics;
  rotatedDegrees: number;
  scale: number;
  dpi: number;
}

export interface RawAddonInfo {
  backend: 'cpu' | 'cuda';
  device: string;
  simd: string;
  version: number;
  compiler: string;
  flags: string;
  cudaCompiled: boolean;
  nvccFlags?: string;
  cudaRuntime?: string;
  napiVersion: number;
  threads: number;
}

export interface RawAddon {
  info(): RawAddonInfo;
  toGray(pixels: Uint8Array, width: number, height: number, channels: number): Promise<GrayImage>;
  estimateSkew(img: GrayImage, maxDegrees: number): Promise<number>;
  rotate(img: GrayImage, degrees: number): Promise<GrayImage>;
  resize(img: GrayImage, scale: number): Promise<GrayImage>;
  binarizeSauvola(img: GrayImage, window: number, k: number): Promise<GrayImage>;
  despeckle(img: GrayImage, maxArea: number): Promise<GrayImage>;
  removeRules(img: GrayImage, minLength: number): Promise<GrayImage>;
  cropToContent(img: GrayImage, margin: number): Promise<{ image: GrayImage; box: Box }>;
  pageMetrics(img: GrayImage, maxSkewDegrees: number): Promise<RawMetrics>;
  pageMetricsBatch(imgs: GrayImage[], maxSkewDegrees: number): Promise<RawMetrics[]>;
  preprocess(img: GrayImage, plan: PreprocessPlan): Promise<RawPreprocess>;
  preprocessBatch(imgs: GrayImage[], plan: PreprocessPlan): Promise<RawPreprocess[]>;
  dense(input: Float32Array, rows: number, inDim: number, weights: Float32Array, bias: Float32Array, outDim: number, activation: Activation): Promise<Float32Array>;
  cosineTopK(query: Float32Array, matrix: Float32Array, dim: number, k: number): Promise<TopKHit[]>;
  quantizeInt8Rows(matrix: Float32Array, dim: number): Promise<{ data: Int8Array; scales: Float64Array }>;
}

/**
 * Below these sizes (multiply-adds for dense, values for the others) the vector kernels run in TypeScript: handing
 * work to the thread pool and back costs ~20-40 us, more than the work. Measured with bench/native/kernels.bench.ts
 * (AMD EPYC, 2 cores; TS vs addon, one call): dense 16k MACs 46 vs 57 us, 65k 181 vs 51; cosine 16k values 54 vs 73,
 * 65k 205 vs 108; quantize 4k values 24 vs 27, 16k 211 vs 52.
 */
export const NATIVE_MIN_WORK = {
  dense: 32_768,
  cosineTopK: 32_768,
  quantize: 8_192,
} as const;

/** Turns the addon's input errors (code DOCKET_NATIVE_INPUT) into NativeInputError; anything else goes on as is. */
export function mapAddonError(err: unknown): unknown {
  if (err instanceof Error && (err as { code?: unknown }).code === 'DOCKET_NATIVE_INPUT') {
    const reason = (err as { reason?: unknown }).reason;
    return new NativeInputError(NATIVE_INPUT_REASONS.includes(reason as NativeInputReason) ? (reason as NativeInputReason) : 'ARGUMENT', err.message);
  }
  return err;
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw mapAddonError(err);
  }
}

function toResult(raw: RawPreprocess): PreprocessResult {
  return {
    image: raw.image,
    skewDegrees: raw.metrics.skewDegrees,
    rotatedDegrees: raw.rotatedDegrees,
    scale: raw.scale,
    dpi: raw.dpi > 0 ? raw.dpi : null,
    quality: qualityFromRaw(raw.metrics),
  };
}

export interface AddonBackendOptions {
  /** Run inputs below NATIVE_MIN_WORK in TypeScript (default true); tests turn it off to reach the kernels. */
  smallInputsInTs?: boolean;
}

/** The addon behind the NativeBackend interface: the same checks as the fallback, then the compiled kernels. */
export function createAddonBackend(raw: RawAddon, options: AddonBackendOptions = {}): NativeBackend {
  const rawInfo = raw.info();
  const min = options.smallInputsInTs === false ? { dense: 0, cosineTopK: 0, quantize: 0 } : NATIVE_MIN_WORK;
  const info = (): NativeInfo => ({
    backend: rawInfo.backend,
    device: rawInfo.device,
    simd: rawInfo.simd,
    version: rawInfo.version,
    kernels: [...KERNELS],
    build: {
      compiler: rawInfo.compiler,
      flags: rawInfo.flags,
      napiVersion: rawInfo.napiVersion,
      ...(rawInfo.cudaCompiled ? { nvcc: `${rawInfo.nvccFlags ?? ''} (CUDA runtime ${rawInfo.cudaRuntime ?? 'unknown'})` } : {}),
    },
    threads: rawInfo.threads,
  });
  if (rawInfo.version !== NATIVE_ABI) throw new Error(`stale addon build: interface v${rawInfo.version}, expected v${NATIVE_ABI}`);
  return {
    backend: rawInfo.backend,
    info,
    toGray: (pixels, width, height, channels) =>
      call(async () => {
        checkPixels(pixels, width, height, channels);
        return raw.toGray(pixels, width, height, channels);
      }),
    estimateSkew: (img, maxDegrees = 5) =>
      call(async () => {
        checkImage(img);
        return raw.estimateSkew(img, checkSkewRange(maxDegrees));
      }),
    rotate: (img, degrees) =>
      call(async () => {
        checkImage(img);
        return raw.rotate(img, checkDegrees(degrees));
      }),
    resize: (img, scale) =>
      call(async () => {
        checkImage(img);
        resizedSize(img.width, img.height, scale);
        return raw.resize(img, scale);
      }),
    binarizeSauvola: (img, options) =>
      call(async () => {
        checkImage(img);
        const { window, k } = resolveSauvola(options);
        return raw.binarizeSauvola(img, window, k);
      }),
    despeckle: (img, maxArea) =>
      call(async () => {
        checkImage(img);
        return raw.despeckle(img, checkMaxArea(maxArea));
      }),
    removeRules: (img, minLength) =>
      call(async () => {
        checkImage(img);
        return raw.removeRules(img, checkRuleLength(minLength));
      }),
    cropToContent: (img, margin) =>
      call(async () => {
        checkImage(img);
        return raw.cropToContent(img, checkMargin(margin));
      }),
    pageQuality: (img) =>
      call(async () => {
        checkImage(img);
        return qualityFromRaw(await raw.pageMetrics(img, 5));
      }),
    pageQualityBatch: (imgs) =>
      call(async () => {
        checkImages(imgs);
        if (imgs.length === 0) return [];
        return (await raw.pageMetricsBatch(imgs, 5)).map(qualityFromRaw);
      }),
    preprocessForOcr: (img, options) =>
      call(async () => {
        checkImage(img);
        return toResult(await raw.preprocess(img, resolvePreprocess(options)));
      }),
    preprocessBatch: (imgs, options) =>
      call(async () => {
        checkImages(imgs);
        const plan = resolvePreprocess(options);
        if (imgs.length === 0) return [];
        return (await raw.preprocessBatch(imgs, plan)).map(toResult);
      }),
    dense: (input, rows, inDim, weights, bias, outDim, activation) =>
      call(async () => {
        checkDense(input, rows, inDim, weights, bias, outDim, activation);
        if (rows * inDim * outDim < min.dense) return denseTs(input, rows, inDim, weights, bias, outDim, activation);
        return raw.dense(input, rows, inDim, weights, bias, outDim, activation);
      }),
    cosineTopK: (query, matrix, dim, k) =>
      call(async () => {
        checkTopK(query, matrix, dim, k);
        if (matrix.length === 0) return [];
        if (matrix.length < min.cosineTopK) return cosineTopKTs(query, matrix, dim, k);
        return raw.cosineTopK(query, matrix, dim, k);
      }),
    quantizeInt8: (v) =>
      call(async () => {
        checkVector(v);
        if (v.length === 0 || v.length < min.quantize) {
          const q = quantizeRowsTs(v, Math.max(1, v.length));
          return { data: q.data, scale: q.scales[0] ?? 0 };
        }
        const q = await raw.quantizeInt8Rows(v, v.length);
        return { data: q.data, scale: q.scales[0]! };
      }),
    quantizeInt8Rows: (matrix, dim) =>
      call(async () => {
        checkMatrix(matrix, dim);
        if (matrix.length === 0 || matrix.length < min.quantize) return quantizeRowsTs(matrix, dim);
        return raw.quantizeInt8Rows(matrix, dim);
      }),
  };
}
