import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../core/error-codes.js';
import { DocumentError } from '../platform/errors.js';
import { decodeImage, decodeImagePages } from './image.js';

const solid = (width: number, height: number, background: string, channels: 3 | 4 = 3) =>
  sharp({ create: { width, height, channels, background } });

async function expectDocumentError(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DocumentError);
  expect((error as DocumentError).code).toBe(code);
}

async function collect<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

/** A PNG whose header claims `width` x `height` but holds one row of data: decoding it fully would fail or explode. */
function pngHeaderOnly(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(width + 1))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(bytes: Buffer): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

describe('decodeImage', () => {
  it('decodes PNG and JPEG into a PNG of the same size', async () => {
    for (const [bytes, type] of [
      [await solid(320, 200, '#336699').png().toBuffer(), 'image/png'],
      [await solid(320, 200, '#336699').jpeg().toBuffer(), 'image/jpeg'],
    ] as const) {
      const out = await decodeImage(bytes, type, 1_000_000);
      expect([out.width, out.height, out.pages]).toEqual([320, 200, 1]);
      const meta = await sharp(out.png).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['png', 320, 200]);
    }
  });

  it('applies the EXIF orientation of a phone photo', async () => {
    const jpeg = await solid(300, 100, '#ffffff').jpeg().withMetadata({ orientation: 6 }).toBuffer();
    expect((await sharp(jpeg).metadata()).orientation).toBe(6);
    const out = await decodeImage(jpeg, 'image/jpeg', 1_000_000);
    expect([out.width, out.height]).toEqual([100, 300]);
  });

  it('flattens transparency onto white', async () => {
    const png = await solid(50, 50, 'rgba(0,0,0,0)', 4).png().toBuffer();
    const out = await decodeImage(png, 'image/png', 1_000_000);
    const stats = await sharp(out.png).stats();
    expect(stats.isOpaque).toBe(true);
    expect(stats.channels[0]!.min).toBe(255);
  });

  it('reads every page of a multi-page TIFF, one at a time', async () => {
    const pages = await Promise.all(['#000000', '#808080', '#ffffff'].map((c) => solid(64, 48, c).png().toBuffer()));
    const tiff = await sharp(pages, { join: { animated: true } }).tiff().toBuffer();
    const first = await decodeImage(tiff, 'image/tiff', 1_000_000);
    expect([first.width, first.height, first.pages]).toEqual([64, 48, 3]);
    const all = await collect(decodeImagePages(tiff, 'image/tiff', 1_000_000));
    expect(all.map((p) => p.pageNumber)).toEqual([1, 2, 3]);
    const means = await Promise.all(all.map(async (p) => Math.round((await sharp(p.png).stats()).channels[0]!.mean)));
    expect(means).toEqual([0, 128, 255]);
    await expectDocumentError(collect(decodeImagePages(tiff, 'image/tiff', 1_000_000, 2)), ErrorCodes.TOO_MANY_PAGES);
  });

  it('refuses an image over maxPixels from its header alone (IMAGE_TOO_LARGE)', async () => {
    await expectDocumentError(decodeImage(pngHeaderOnly(100_000, 100_000), 'image/png', 50_000_000), ErrorCodes.IMAGE_TOO_LARGE);
    await expectDocumentError(decodeImage(await solid(2000, 1000, '#fff').png().toBuffer(), 'image/png', 1_999_999), ErrorCodes.IMAGE_TOO_LARGE);
    const ok = await decodeImage(await solid(2000, 1000, '#fff').png().toBuffer(), 'image/png', 2_000_000);
    expect(ok.width * ok.height).toBe(2_000_000);
  });

  it('undecodable or truncated bytes are CORRUPT_DOCUMENT', async () => {
    await expectDocumentError(decodeImage(Buffer.from('definitely not an image'), 'image/png', 1_000_000), ErrorCodes.CORRUPT_DOCUMENT);
    const jpeg = await solid(800, 600, '#123456').jpeg().toBuffer();
    await expectDocumentError(decodeImage(jpeg.subarray(0, jpeg.length / 2), 'image/jpeg', 1_000_000), ErrorCodes.CORRUPT_DOCUMENT);
  });

  it('refuses a type it does not read, or content that is not the declared type', async () => {
    const png = await solid(10, 10, '#fff').png().toBuffer();
    await expectDocumentError(decodeImage(png, 'image/gif', 1_000_000), ErrorCodes.UNSUPPORTED_MEDIA_TYPE);
    await expectDocumentError(decodeImage(png, 'image/jpeg', 1_000_000), ErrorCodes.UNSUPPORTED_MEDIA_TYPE);
    const gif = await solid(10, 10, '#fff').gif().toBuffer();
    await expectDocumentError(decodeImage(gif, 'image/png', 1_000_000), ErrorCodes.UNSUPPORTED_MEDIA_TYPE);
  });
});
