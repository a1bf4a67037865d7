/**
 * The interface every native backend implements: the C++ addon (CPU or CUDA build) and the TypeScript fallback.
 * Images are 8-bit grayscale, row-major, one byte per pixel; 0 is black ink, 255 white paper.
 */

export type BackendKind = 'cpu' | 'cuda' | 'fallback';
export type NativeMode = 'auto' | 'off' | 'required';

export interface GrayImage {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface SauvolaOptions {
  /** Odd side of the square window in pixels (3..255). Default 31, about two text lines tall at 300 DPI. */
  window?: number;
  /** Sensitivity to local contrast (0..1). Default 0.2: higher thins strokes and drops faint ink. */
  k?: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface CropResult {
  image: GrayImage;
  /** Where the crop lies in the input. The full image when the page has no ink. */
  box: Box;
}

/**
 * What the kernels measure on a page; `pageQuality` adds the verdict (see quality-verdict.ts for the thresholds).
 * Measured on the page after a 3x3 median filter, so scanner dust and JPEG salt do not count as sharp detail or ink.
 */
export interface PageMetrics {
  /** Variance of the 4-neighbour Laplacian over the page. Low = blurred. Grows with ink density and sharpness. */
  blurVariance: number;
  /** (paper level - mean of the darkest 0.5% of pixels) / 255, in 0..1. Paper level = the median gray. */
  contrast: number;
  /** Counter-clockwise angle of the text lines in degrees (projection profile, +-5 degrees searched). */
  skewDegrees: number;
  /** Share of pixels that are ink (darker than min(Otsu, paper - 48)), in 0..1. */
  inkCoverage: number;
  /** Median height in pixels of the character-sized ink components; 0 when fewer than 20 were found. */
  medianCharHeight: number;
  /**
   * Resolution estimated from `medianCharHeight`, assuming body text of about 10 pt (see quality-verdict.ts);
   * null when there is too little text to tell. Good to about +-30%: it tells 100 from 300 DPI, not 280 from 300.
   */
  estimatedDpi: number | null;
}

export interface PageQuality extends PageMetrics {
  /** Almost no ink or almost no contrast: a blank (or blank-looking) page. A blank page is never `illegible`. */
  blank: boolean;
  /** The page cannot be trusted for OCR or extraction; `reasons` says why, with the measured values. */
  illegible: boolean;
  /** One entry per failed check, e.g. `blurred: variance of Laplacian 12.4 < 60`. Empty when legible. */
  reasons: string[];
}

export interface PreprocessOptions {
  /** Rotate the page level when its skew is at least `minSkewDegrees`. Default true. */
  deskew?: boolean;
  /** Skew search range in degrees. Default 5. */
  maxSkewDegrees?: number;
  /** Smaller skews are left alone (rotation resamples the page). Default 0.1. */
  minSkewDegrees?: number;
  /** Resolution of the input when known (a PDF rendered at a set DPI); otherwise it is estimated. */
  sourceDpi?: number;
  /** Resample to this resolution (e.g. 300 for tesseract) when the source differs by more than 15%. Default: keep. */
  targetDpi?: number;
  /** Adaptive binarization (Sauvola). Default true. */
  binarize?: boolean;
  /** Sauvola window and k; the window defaults to 31 px at 300 DPI, scaled with the resolution. */
  sauvola?: SauvolaOptions;
  /** Ink specks up to this many pixels are removed after binarization. Default 4 px at 300 DPI, scaled by area, at least 2. */
  despeckleMaxArea?: number;
  /** Remove form rules and boxes (straight ink runs), which make tesseract drop the text inside them. Default true. */
  removeRules?: boolean;
  /** Shortest run counted as a rule, in pixels. Default half an inch at the page's resolution. */
  ruleMinLength?: number;
  /** Crop to the ink plus this margin in pixels. Default: no crop. */
  cropMargin?: number;
}

export interface PreprocessResult {
  image: GrayImage;
  /** Skew measured on the input (counter-clockwise degrees). */
  skewDegrees: number;
  /** The rotation applied (the negated skew, or 0). */
  rotatedDegrees: number;
  /** The resize factor applied (1 = none). */
  scale: number;
  /** Resolution the output is assumed to have (source or estimated DPI times scale); null when unknown. */
  dpi: number | null;
  /** Quality of the input page. */
  quality: PageQuality;
}

export type Activation = 'none' | 'relu' | 'softmax';

export interface TopKHit {
  index: number;
  score: number;
}

export interface QuantizedVector {
  data: Int8Array;
  /** value ~= data[i] * scale; 0 for an all-zero vector. */
  scale: number;
}

export interface QuantizedRows {
  data: Int8Array;
  /** One scale per row. */
  scales: Float64Array;
}

export interface NativeInfo {
  backend: BackendKind;
  /** GPU name for cuda, CPU model for cpu and fallback (when known). */
  device?: string;
  /** Vector instructions the CPU kernels run with: 'avx2', 'sse4.2', 'neon' or 'none'. */
  simd?: string;
  /** Interface version of the addon (or of the fallback), bumped when the interface changes. */
  version: number;
  kernels: string[];
  /** Compiler and flags of the addon build; absent for the fallback. */
  build?: { compiler: string; flags: string; nvcc?: string; napiVersion: number };
  /** Why `auto` runs the fallback; absent otherwise. */
  fallbackReason?: string;
  threads?: number;
}

/** Every kernel, in the same shape in every backend. Heavy calls are asynchronous (an AsyncWorker in the addon). */
export interface NativeBackend {
  readonly backend: BackendKind;
  /** Why `auto` chose the fallback (addon not built, failed to load, stale); absent when the addon runs. */
  readonly fallbackReason?: string;
  info(): NativeInfo;

  /** RGB/RGBA/gray interleaved pixels to gray (BT.601 integer weights); alpha is composited over white paper. */
  toGray(pixels: Uint8Array, width: number, height: number, channels: 1 | 3 | 4): Promise<GrayImage>;
  /** Counter-clockwise skew of the text lines in degrees, searched within +-maxDegrees (default 5). */
  estimateSkew(img: GrayImage, maxDegrees?: number): Promise<number>;
  /** Rotates the content counter-clockwise by `degrees` about the centre; same size, white fill, bilinear. */
  rotate(img: GrayImage, degrees: number): Promise<GrayImage>;
  /** Scales by `scale` (area average when shrinking, bilinear when growing); sides are rounded, at least 1. */
  resize(img: GrayImage, scale: number): Promise<GrayImage>;
  /** Sauvola adaptive threshold: 0 (ink) or 255 per pixel. */
  binarizeSauvola(img: GrayImage, options?: SauvolaOptions): Promise<GrayImage>;
  /** Whitens 8-connected ink components (pixels < 128) of at most `maxArea` pixels. */
  despeckle(img: GrayImage, maxArea: number): Promise<GrayImage>;
  /** Crops to the bounding box of ink (pixels < 128) plus `margin`. */
  cropToContent(img: GrayImage, margin: number): Promise<CropResult>;
  pageQuality(img: GrayImage): Promise<PageQuality>;
  pageQualityBatch(imgs: GrayImage[]): Promise<PageQuality[]>;
  /** Straight ink runs (pixels < 128) of at least `minLength`, horizontal or vertical, become white: form rules. */
  removeRules(img: GrayImage, minLength: number): Promise<GrayImage>;
  /** Gray -> deskew -> (resize) -> Sauvola -> despeckle -> remove rules -> (crop), with the input's quality. */
  preprocessForOcr(img: GrayImage, options?: PreprocessOptions): Promise<PreprocessResult>;
  preprocessBatch(imgs: GrayImage[], options?: PreprocessOptions): Promise<PreprocessResult[]>;

  /**
   * One dense layer over a batch: out[r] = act(input[r] x weights + bias). `weights` is inDim x outDim row-major
   * (the layout the page classifier stores). Float32 accumulation in the addon, float64 in the fallback.
   */
  dense(
    input: Float32Array,
    rows: number,
    inDim: number,
    weights: Float32Array,
    bias: Float32Array,
    outDim: number,
    activation: Activation,
  ): Promise<Float32Array>;
  /** The k rows of `matrix` (n x dim, row-major) most cosine-similar to `query`, best first, ties by lower index. */
  cosineTopK(query: Float32Array, matrix: Float32Array, dim: number, k: number): Promise<TopKHit[]>;
  /** Symmetric int8 quantization: scale = max|v| / 127, data = round(v / scale). */
  quantizeInt8(v: Float32Array): Promise<QuantizedVector>;
  /** quantizeInt8 per row of an n x dim matrix. */
  quantizeInt8Rows(matrix: Float32Array, dim: number): Promise<QuantizedRows>;
}
