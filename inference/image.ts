import sharp, { type Metadata } from 'sharp';
import { ErrorCodes } from '../core/error-codes.js';
import { DocumentError } from '../platform/errors.js';

/**
 * Scanned images (PNG, JPEG, TIFF including multi-page) decoded with sharp (libvips, prebuilt binaries) into the
 * PNG the OCR pool reads: EXIF orientation applied, transparency flattened onto white, 8-bit grey or sRGB.
 * The pixel count is read from the header before anything is decoded, so a decompression bomb costs nothing.
 */

export interface DecodedImage {
  png: Buffer;
  width: number;
  height: number;
  /** Pages in the file (multi-page TIFF); `png` is the first. */
  pages: number;
}

export interface DecodedPage {
  /** 1-based. */
  pageNumber: number;
  png: Buffer;
  width: number;
  height: number;
}

type Format = 'png' | 'jpeg' | 'tiff';

const FORMATS: Readonly<Record<string, Format>> = { 'image/png': 'png', 'image/jpeg': 'jpeg', 'image/tiff': 'tiff' };

/** Decodes the first page (the only one for PNG and JPEG). */
export async function decodeImage(bytes: Uint8Array, mediaType: string, maxPixels: number): Promise<DecodedImage> {
  const { pages } = await inspect(bytes, mediaType);
  const first = await decodePage(bytes, 0, maxPixels);
  return { png: first.png, width: first.width, height: first.height, pages };
}

/** Decodes each page in turn (one page in memory at a time); refuses files with more than `maxPages` pages. */
export async function* decodeImagePages(
  bytes: Uint8Array,
  mediaType: string,
  maxPixels: number,
  maxPages = Number.POSITIVE_INFINITY,
): AsyncGenerator<DecodedPage> {
  const { pages } = await inspect(bytes, mediaType);
  if (pages > maxPages) {
    throw new DocumentError(ErrorCodes.TOO_MANY_PAGES, `the image has ${pages} pages; the limit is ${maxPages}`);
  }
  for (let index = 0; index < pages; index++) {
    yield { pageNumber: index + 1, ...(await decodePage(bytes, index, maxPixels)) };
  }
}

/** Header only: checks the declared type against the content and counts the pages. */
async function inspect(bytes: Uint8Array, mediaType: string): Promise<{ pages: number }> {
  const declared = FORMATS[mediaType.split(';')[0]!.trim().toLowerCase()];
  if (!declared) throw new DocumentError(ErrorCodes.UNSUPPORTED_MEDIA_TYPE, `${mediaType} is not an image type Docket reads`);
  const meta = await metadata(bytes, 0);
  if (meta.format !== declared) {
    // sharp also reads GIF, WebP, SVG, HEIF...: only the three declared types get through.
    throw new DocumentError(ErrorCodes.UNSUPPORTED_MEDIA_TYPE, `declared ${mediaType} but the content is ${meta.format}`);
  }
  return { pages: declared === 'tiff' ? Math.max(1, meta.pages ?? 1) : 1 };
}

async function decodePage(bytes: Uint8Array, index: number, maxPixels: number): Promise<Omit<DecodedPage, 'pageNumber'>> {
  const meta = await metadata(bytes, index);
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width < 1 || height < 1) throw new DocumentError(ErrorCodes.CORRUPT_DOCUMENT, 'the image has no size');
  if (width * height > maxPixels) {
    throw new DocumentError(ErrorCodes.IMAGE_TOO_LARGE, `the image is ${width}x${height} pixels; the limit is ${maxPixels}`);
  }
  const grey = (meta.channels ?? 3) <= 2;
  try {
    const { data, info } = await sharp(bytes, {
      page: index,
      pages: 1,
      limitInputPixels: Number.isFinite(maxPixels) ? Math.max(1, Math.floor(maxPixels)) : false,
      // Truncated files are corrupt; libjpeg's other warnings (stray bytes before a marker) are common in scanner
      // output and harmless. libtiff reports a strip it cannot read as an error, not as truncation.
      failOn: meta.format === 'tiff' ? 'error' : 'truncated',
    })
      .rotate()
      .flatten({ background: '#ffffff' })
      .toColourspace(grey ? 'b-w' : 'srgb')
      .png()
      .toBuffer({ resolveWithObject: true });
    return { png: data, width: info.width, height: info.height };
  } catch (cause) {
    throw new DocumentError(ErrorCodes.CORRUPT_DOCUMENT, 'the image cannot be decoded', undefined, { cause });
  }
}

async function metadata(bytes: Uint8Array, index: number): Promise<Metadata> {
  try {
    // Header only; sharp's default pixel limit would otherwise refuse a huge image here as if it were corrupt.
    return await sharp(bytes, { page: index, pages: 1, limitInputPixels: false }).metadata();
  } catch (cause) {
    throw new DocumentError(ErrorCodes.CORRUPT_DOCUMENT, 'the image header cannot be read', undefined, { cause });
  }
}

/** 8-bit pixels, interleaved, row-major: what the native kernels take (`NativeBackend.toGray`, then a GrayImage). */
export interface RawPixels {
  data: Uint8Array;
  width: number;
  height: number;
  /** 1 = grey, 3 = sRGB (transparency is flattened onto white first). */
  channels: 1 | 3;
}

/** The pixels of a page PNG (a decoded scan, a rendered PDF page) for the native kernels. */
export async function decodePixels(png: Buffer): Promise<RawPixels> {
  try {
    const image = sharp(png);
    const meta = await image.metadata();
    const flat = meta.hasAlpha ? image.flatten({ background: '#ffffff' }) : image;
    // A grey page stays one channel (sharp's raw output is sRGB unless told otherwise).
    const { data, info } = await ((meta.channels ?? 3) <= 2 ? flat.toColourspace('b-w') : flat).raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 1 && info.channels !== 3) throw new Error(`unexpected ${info.channels} channels after flattening`);
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels: info.channels };
  } catch (cause) {
    throw new DocumentError(ErrorCodes.CORRUPT_DOCUMENT, 'the page image cannot be decoded', undefined, { cause });
  }
}

/**
 * A grey (or binarized) page as the PNG the OCR pool reads. Fast deflate: the PNG is read once, by tesseract, on
 * this machine; a binary page compresses well at any level. `density` is the resolution the PNG declares (pHYs), in
 * DPI: tesseract reads it and replaces values under 70 by 70. Default 72, what decodeImage's PNGs declare (sharp's
 * own default for raw input is 25.4 DPI).
 */
export async function encodeGrayPng(image: { data: Uint8Array; width: number; height: number }, density = 72): Promise<Buffer> {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } })
    .toColourspace('b-w')
    .withMetadata({ density })
    .png({ compressionLevel: 1 })
    .toBuffer();
}
