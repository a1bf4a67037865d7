import type { PageMetrics, PageQuality } from './types.js';

/**
 * From measures to a verdict: blank, illegible, and the reasons with the measured values (they go into the
 * `illegible_page` finding as they are). One place for the thresholds; both backends only measure.
 *
 * Calibrated on the generated corpus (.cache/evals, generator full-1: 549 JPEG pages, scans at 150-300 DPI with
 * speckle, JPEG and 0-0.5 px blur, phone photos, and the 9 pages injected as illegible: 2.2 pt blur, ink faded to
 * 30%, heavy dust, JPEG quality 30). Measured there (native/README.md has the table):
 *   contrast      legible 0.50-0.91, illegible 0.13-0.15  -> the separating measure;
 *   blurVariance  legible 69-854,    illegible 57-70      -> JPEG noise keeps blurred pages above a pure-blur floor,
 *                                                           so blur alone catches blur without noise (synthetic: ~2);
 *   inkCoverage   legible 0.007-0.29, illegible 0.0001-0.0005 (faded ink is lighter than min(Otsu, paper - 48)).
 * Recall on the injected illegible pages: 9/9 (low_contrast); false positives on the legible pages: 0/540.
 */
export const QUALITY_THRESHOLDS = {
  /** Below this contrast the page holds nothing but paper (noise, dust and JPEG reach ~0.06): blank. */
  blankMaxContrast: 0.08,
  /**
   * Clear ink (contrast >= minContrast) on under this share of pixels is a blank page too: 0.05% of a 300-DPI
   * letter page is ~4,200 px, a page number or a stamp. Faint content is never blank: it is illegible.
   */
  blankMaxInk: 0.0005,
  /** Variance of the Laplacian below this: the strokes have no edges left (sharp text pages measure 69 and up). */
  minBlurVariance: 30,
  /** Ink this close to the paper cannot be told from stains and shadow (legible pages measure 0.50 and up). */
  minContrast: 0.3,
  /** Characters this small (about 6 px tall) are below what OCR reads, whatever the file says its DPI is. */
  minDpi: 75,
} as const;

/**
 * Pixels per median character height -> DPI. The median ink component of a page is a letter or digit of the body
 * text, so DPI ~= 11.8 x its height in px for 9-11 pt type. Fitted on the scanned corpus pages of known resolution
 * (150, 200, 300 DPI: median height 13, 16, 24 px): median error 10%, 90th percentile 29%, worst 35% (W-2 forms set
 * in small type read low, ID cards high). Good for fax vs scan resolution and for filter sizes, not for 280 vs 300.
 */
export const DPI_PER_CHAR_PX = 11.8;

export function estimateDpi(medianCharHeight: number): number | null {
  return medianCharHeight > 0 ? Math.round(medianCharHeight * DPI_PER_CHAR_PX) : null;
}

const fmt = (v: number, digits: number) => v.toFixed(digits);

export function judgeQuality(m: PageMetrics, t: typeof QUALITY_THRESHOLDS = QUALITY_THRESHOLDS): PageQuality {
  const blank = m.contrast < t.blankMaxContrast || (m.contrast >= t.minContrast && m.inkCoverage < t.blankMaxInk);
  const reasons: string[] = [];
  if (!blank) {
    if (m.blurVariance < t.minBlurVariance) reasons.push(`blurred: variance of Laplacian ${fmt(m.blurVariance, 1)} < ${t.minBlurVariance}`);
    if (m.contrast < t.minContrast) reasons.push(`low_contrast: ${fmt(m.contrast, 2)} < ${t.minContrast}`);
    if (m.estimatedDpi !== null && m.estimatedDpi < t.minDpi) reasons.push(`low_resolution: about ${m.estimatedDpi} DPI < ${t.minDpi}`);
  }
  return { ...m, blank, illegible: reasons.length > 0, reasons };
}

/** The measures a backend returns (character height rather than DPI), turned into the verdict. */
export function qualityFromRaw(raw: { blurVariance: number; contrast: number; skewDegrees: number; inkCoverage: number; medianCharHeight: number }): PageQuality {
  return judgeQuality({
    blurVariance: raw.blurVariance,
    contrast: raw.contrast,
    skewDegrees: raw.skewDegrees,
    inkCoverage: raw.inkCoverage,
    medianCharHeight: raw.medianCharHeight,
    estimatedDpi: estimateDpi(raw.medianCharHeight),
  });
}
