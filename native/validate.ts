import { NativeInputError } from './errors.js';
import type { Activation, GrayImage, PreprocessOptions, SauvolaOptions } from './types.js';

/**
 * Input checks shared by every backend, so the addon and the fallback refuse the same input with the same
 * NativeInputError. The addon checks again on its side of the boundary (it never trusts its caller).
 */

/** Largest image side: 600 DPI legal paper is 5100 x 8400; fixed-point kernels stay inside 32-bit math below it. */
export const MAX_SIDE = 16_384;
export const MAX_SKEW_DEGREES = 45;
export const MAX_SCALE = 8;
export const ACTIVATIONS: readonly Activation[] = ['none', 'relu', 'softmax'];

export function checkImage(img: GrayImage, name = 'image'): void {
  if (img === null || typeof img !== 'object') throw new NativeInputError('ARGUMENT', `${name} must be { width, height, data }`);
  checkSide(img.width, `${name}.width`);
  checkSide(img.height, `${name}.height`);
  if (!(img.data instanceof Uint8Array)) throw new NativeInputError('ARGUMENT', `${name}.data must be a Uint8Array`);
  if (img.data.length !== img.width * img.height) {
    throw new NativeInputError('LENGTH', `${name}.data has ${img.data.length} bytes; ${img.width} x ${img.height} needs ${img.width * img.height}`);
  }
}

export function checkImages(imgs: GrayImage[]): void {
  if (!Array.isArray(imgs)) throw new NativeInputError('ARGUMENT', 'images must be an array');
  imgs.forEach((img, i) => checkImage(img, `images[${i}]`));
}

function checkSide(v: number, name: string): void {
  if (!Number.isInteger(v) || v < 1 || v > MAX_SIDE) throw new NativeInputError('DIMENSIONS', `${name} must be an integer in 1..${MAX_SIDE}, got ${v}`);
}

export function checkPixels(pixels: Uint8Array, width: number, height: number, channels: number): void {
  checkSide(width, 'width');
  checkSide(height, 'height');
  if (channels !== 1 && channels !== 3 && channels !== 4) throw new NativeInputError('CHANNELS', `channels must be 1, 3 or 4, got ${channels}`);
  if (!(pixels instanceof Uint8Array)) throw new NativeInputError('ARGUMENT', 'pixels must be a Uint8Array');
  if (pixels.length !== width * height * channels) {
    throw new NativeInputError('LENGTH', `pixels has ${pixels.length} bytes; ${width} x ${height} x ${channels} needs ${width * height * channels}`);
  }
}

export function checkInt(v: number, min: number, max: number, name: string): number {
  if (!Number.isInteger(v) || v < min || v > max) throw new NativeInputError('ARGUMENT', `${name} must be an integer in ${min}..${max}, got ${v}`);
  return v;
}

export function checkNumber(v: number, min: number, max: number, name: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    throw new NativeInputError('ARGUMENT', `${name} must be a number in ${min}..${max}, got ${v}`);
  }
  return v;
}

export function checkSkewRange(maxDegrees: number): number {
  return checkNumber(maxDegrees, 0.05, MAX_SKEW_DEGREES, 'maxDegrees');
}

export function checkDegrees(degrees: number): number {
  return checkNumber(degrees, -360, 360, 'degrees');
}

export function resizedSize(width: number, height: number, scale: number): { width: number; height: number } {
  checkNumber(scale, 1e-4, MAX_SCALE, 'scale');
  const out = { width: Math.max(1, Math.floor(width * scale + 0.5)), height: Math.max(1, Math.floor(height * scale + 0.5)) };
  if (out.width > MAX_SIDE || out.height > MAX_SIDE) throw new NativeInputError('DIMENSIONS', `resized image ${out.width} x ${out.height} is over ${MAX_SIDE}`);
  return out;
}

export interface ResolvedSauvola {
  window: number;
  k: number;
}

export const DEFAULT_SAUVOLA: ResolvedSauvola = { window: 31, k: 0.2 };

export function resolveSauvola(options: SauvolaOptions = {}): ResolvedSauvola {
  const window = checkInt(options.window ?? DEFAULT_SAUVOLA.window, 3, 255, 'window');
  if (window % 2 === 0) throw new NativeInputError('ARGUMENT', `window must be odd, got ${window}`);
  return { window, k: checkNumber(options.k ?? DEFAULT_SAUVOLA.k, 0, 1, 'k') };
}

export function checkMaxArea(maxArea: number): number {
  return checkInt(maxArea, 0, 1_000_000, 'maxArea');
}

export function checkRuleLength(minLength: number): number {
  return checkInt(minLength, 0, MAX_SIDE, 'minLength');
}

export function checkMargin(margin: number): number {
  return checkInt(margin, 0, MAX_SIDE, 'margin');
}

/**
 * Preprocessing options with defaults applied; 0 / -1 mean "decide from the page's resolution" (see
 * fallback/preprocess.ts and src/kernels/preprocess.cc, which share the formulas). Plain numbers so the addon
 * takes the same object.
 */
export interface PreprocessPlan {
  deskew: boolean;
  maxSkewDegrees: number;
  minSkewDegrees: number;
  /** 0 = estimate from the page. */
  sourceDpi: number;
  /** 0 = keep the resolution. */
  targetDpi: number;
  binarize: boolean;
  /** 0 = from the resolution. */
  window: number;
  k: number;
  /** -1 = from the resolution. */
  despeckleMaxArea: number;
  /** -1 = from the resolution (half an inch), 0 = keep rules and boxes. */
  ruleMinLength: number;
  /** -1 = no crop. */
  cropMargin: number;
}

export function resolvePreprocess(options: PreprocessOptions = {}): PreprocessPlan {
  if (options === null || typeof options !== 'object') throw new NativeInputError('ARGUMENT', 'options must be an object');
  let window = 0;
  if (options.sauvola?.window !== undefined) window = resolveSauvola({ window: options.sauvola.window }).window;
  return {
    deskew: options.deskew ?? true,
    maxSkewDegrees: checkSkewRange(options.maxSkewDegrees ?? 5),
    minSkewDegrees: checkNumber(options.minSkewDegrees ?? 0.1, 0, MAX_SKEW_DEGREES, 'minSkewDegrees'),
    sourceDpi: options.sourceDpi === undefined ? 0 : checkNumber(options.sourceDpi, 10, 2400, 'sourceDpi'),
    targetDpi: options.targetDpi === undefined ? 0 : checkNumber(options.targetDpi, 10, 2400, 'targetDpi'),
    binarize: options.binarize ?? true,
    window,
    k: checkNumber(options.sauvola?.k ?? DEFAULT_SAUVOLA.k, 0, 1, 'sauvola.k'),
    despeckleMaxArea: options.despeckleMaxArea === undefined ? -1 : checkMaxArea(options.despeckleMaxArea),
    ruleMinLength: options.removeRules === false ? 0 : options.ruleMinLength === undefined ? -1 : checkInt(options.ruleMinLength, 1, MAX_SIDE, 'ruleMinLength'),
    cropMargin: options.cropMargin === undefined ? -1 : checkMargin(options.cropMargin),
  };
}

export function checkDense(input: Float32Array, rows: number, inDim: number, weights: Float32Array, bias: Float32Array, outDim: number, activation: Activation): void {
  checkInt(rows, 1, 1 << 24, 'rows');
  checkInt(inDim, 1, 1 << 24, 'inDim');
  checkInt(outDim, 1, 1 << 24, 'outDim');
  for (const [v, name] of [[input, 'input'], [weights, 'weights'], [bias, 'bias']] as const) {
    if (!(v instanceof Float32Array)) throw new NativeInputError('ARGUMENT', `${name} must be a Float32Array`);
  }
  if (input.length !== rows * inDim) throw new NativeInputError('LENGTH', `input has ${input.length} values; ${rows} x ${inDim} needs ${rows * inDim}`);
  if (weights.length !== inDim * outDim) throw new NativeInputError('LENGTH', `weights has ${weights.length} values; ${inDim} x ${outDim} needs ${inDim * outDim}`);
  if (bias.length !== outDim) throw new NativeInputError('LENGTH', `bias has ${bias.length} values; outDim is ${outDim}`);
  if (!ACTIVATIONS.includes(activation)) throw new NativeInputError('ARGUMENT', `activation must be one of ${ACTIVATIONS.join(', ')}, got ${String(activation)}`);
}

export function checkMatrix(matrix: Float32Array, dim: number, name = 'matrix'): number {
  checkInt(dim, 1, 1 << 20, 'dim');
  if (!(matrix instanceof Float32Array)) throw new NativeInputError('ARGUMENT', `${name} must be a Float32Array`);
  if (matrix.length % dim !== 0) throw new NativeInputError('LENGTH', `${name} has ${matrix.length} values, not a multiple of dim ${dim}`);
  return matrix.length / dim;
}

export function checkTopK(query: Float32Array, matrix: Float32Array, dim: number, k: number): void {
  checkMatrix(matrix, dim);
  if (!(query instanceof Float32Array)) throw new NativeInputError('ARGUMENT', 'query must be a Float32Array');
  if (query.length !== dim) throw new NativeInputError('LENGTH', `query has ${query.length} values; dim is ${dim}`);
  checkInt(k, 1, 1 << 24, 'k');
}

export function checkVector(v: Float32Array): void {
  if (!(v instanceof Float32Array)) throw new NativeInputError('ARGUMENT', 'vector must be a Float32Array');
}
