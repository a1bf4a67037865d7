import os from 'node:os';
import { despeckle, removeRules } from './fallback/components.js';
import { cropToContent, resize, rotate } from './fallback/geometry.js';
import { toGray } from './fallback/pixels.js';
import { preprocess } from './fallback/preprocess.js';
import { pageMetrics } from './fallback/quality.js';
import { binarizeSauvola } from './fallback/sauvola.js';
import { estimateSkew } from './fallback/skew.js';
import { cosineTopK, dense, quantizeInt8, quantizeInt8Rows } from './fallback/vectors.js';
import { qualityFromRaw } from './quality-verdict.js';
import type { GrayImage, NativeBackend, NativeInfo, PreprocessOptions, PreprocessResult } from './types.js';
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

/** Interface version shared with the addon (src/addon.cc DOCKET_NATIVE_ABI); bump both when the interface changes. */
export const NATIVE_ABI = 1;

export const KERNELS = [
  'toGray',
  'estimateSkew',
  'rotate',
  'resize',
  'binarizeSauvola',
  'despeckle',
  'removeRules',
  'cropToContent',
  'pageQuality',
  'pageQualityBatch',
  'preprocessForOcr',
  'preprocessBatch',
  'dense',
  'cosineTopK',
  'quantizeInt8',
  'quantizeInt8Rows',
] as const;

/** Lets timers and heartbeats run between pages of a batch: the fallback computes on the calling thread. */
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export function runPreprocess(img: GrayImage, plan: PreprocessPlan): PreprocessResult {
  const raw = preprocess(img, plan);
  return {
    image: raw.image,
    skewDegrees: raw.metrics.skewDegrees,
    rotatedDegrees: raw.rotatedDegrees,
    scale: raw.scale,
    dpi: raw.dpi > 0 ? raw.dpi : null,
    quality: qualityFromRaw(raw.metrics),
  };
}

/**
 * The TypeScript implementation of every kernel: what runs with DOCKET_NATIVE=off, or under `auto` when the addon is
 * not built. Same results as the addon (exact for the image kernels, ~1e-5 for float math); 10-50x slower.
 */
export function createFallbackBackend(fallbackReason?: string): NativeBackend {
  const info = (): NativeInfo => ({
    backend: 'fallback',
    device: os.cpus()[0]?.model?.trim(),
    simd: 'none',
    version: NATIVE_ABI,
    kernels: [...KERNELS],
    threads: 1,
    ...(fallbackReason ? { fallbackReason } : {}),
  });
  return {
    backend: 'fallback',
    ...(fallbackReason ? { fallbackReason } : {}),
    info,
    async toGray(pixels, width, height, channels) {
      checkPixels(pixels, width, height, channels);
      return toGray(pixels, width, height, channels);
    },
    async estimateSkew(img, maxDegrees = 5) {
      checkImage(img);
      return estimateSkew(img, checkSkewRange(maxDegrees));
    },
    async rotate(img, degrees) {
      checkImage(img);
      return rotate(img, checkDegrees(degrees));
    },
    async resize(img, scale) {
      checkImage(img);
      const size = resizedSize(img.width, img.height, scale);
      return resize(img, size.width, size.height);
    },
    async binarizeSauvola(img, options) {
      checkImage(img);
      return binarizeSauvola(img, resolveSauvola(options));
    },
    async despeckle(img, maxArea) {
      checkImage(img);
      return despeckle(img, checkMaxArea(maxArea));
    },
    async removeRules(img, minLength) {
      checkImage(img);
      return removeRules(img, checkRuleLength(minLength));
    },
    async cropToContent(img, margin) {
      checkImage(img);
      return cropToContent(img, checkMargin(margin));
    },
    async pageQuality(img) {
      checkImage(img);
      return qualityFromRaw(pageMetrics(img));
    },
    async pageQualityBatch(imgs) {
      checkImages(imgs);
      const out = [];
      for (const img of imgs) {
        out.push(qualityFromRaw(pageMetrics(img)));
        await yieldToLoop();
      }
      return out;
    },
    async preprocessForOcr(img, options?: PreprocessOptions) {
      checkImage(img);
      return runPreprocess(img, resolvePreprocess(options));
    },
    async preprocessBatch(imgs, options?: PreprocessOptions) {
      checkImages(imgs);
      const plan = resolvePreprocess(options);
      const out = [];
      for (const img of imgs) {
        out.push(runPreprocess(img, plan));
        await yieldToLoop();
      }
      return out;
    },
    async dense(input, rows, inDim, weights, bias, outDim, activation) {
      checkDense(input, rows, inDim, weights, bias, outDim, activation);
      return dense(input, rows, inDim, weights, bias, outDim, activation);
    },
    async cosineTopK(query, matrix, dim, k) {
      checkTopK(query, matrix, dim, k);
      return cosineTopK(query, matrix, dim, k);
    },
    async quantizeInt8(v) {
      checkVector(v);
      return quantizeInt8(v);
    },
    async quantizeInt8Rows(matrix, dim) {
      checkMatrix(matrix, dim);
      return quantizeInt8Rows(matrix, dim);
    },
  };
}
