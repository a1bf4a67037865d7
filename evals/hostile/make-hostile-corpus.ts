import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, open, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { constants as zc, crc32, deflateRawSync, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { ErrorCodes, type ErrorCode } from '../../core/error-codes.js';
import type { MediaType } from '../../core/events.js';
import { prng, type Rand } from '../generator/story.js';
import { lzwBomb } from '../../inference/test-support/lzw.js';

/**
 * The hostile and broken input corpus (issue 8, part 2): files a lender's upload may really hold, or an attacker may
 * send, each in its own packet with the outcome Docket must give. Made by a seeded script, never committed:
 *
 *   npx tsx evals/hostile/make-hostile-corpus.ts [out-dir]      (default .cache/hostile)
 *
 * `<out>/folder/<case>/` are drop-folder packets (manifest.json written last, as `buildEventFromFolder` reads them);
 * `<out>/event/<case>/event.json` are `docket.packets.v1` events for what a drop folder cannot express (a wrong
 * sha256, URIs outside the file root, a FIFO). `<out>/cases.json` lists every case. The expectations assume the
 * default limits (DOCKET_MAX_DOCUMENT_BYTES 100 MiB, DOCKET_MAX_PAGES 2000, DOCKET_MAX_PIXELS 50,000,000), a
 * DOCKET_FILE_ROOT of `<out>`, and DOCKET_MAX_SECONDS_PER_PAGE well under the slow page's cost.
 */

/** A document error code; `rejected_at_intake` = the manifest or event is refused before a workflow starts; `readable` = read normally. */
export type HostileOutcome = ErrorCode | 'rejected_at_intake' | 'readable';

export interface HostileCase {
  name: string;
  /** What the case is, one line. */
  what: string;
  via: 'folder' | 'event';
  /** The packet folder (folder) or the folder holding event.json (event), absolute. */
  dir: string;
  packetId: string;
  /** The document the outcome is about. */
  documentId: string;
  expect: HostileOutcome;
}

export interface HostileCorpusOptions {
  seed?: number;
}

const TENANT = 'hostile';
const SUBMITTED_AT = '2026-12-01T12:00:00.000Z';
const APPLICANTS = [{ firstName: 'Avery', lastName: 'Quinlan' }];
const MiB = 1024 * 1024;

/** Writes the corpus into `outDir` (emptied first) and returns its cases. Same seed, same bytes. */
export async function makeHostileCorpus(outDir: string, options: HostileCorpusOptions = {}): Promise<HostileCase[]> {
  const root = path.resolve(outDir);
  await rm(root, { recursive: true, force: true });
  await mkdir(root, { recursive: true });
  const rand = prng(options.seed ?? 8);
  const cases: HostileCase[] = [];

  /** A one-document drop-folder packet; `filename` is what the manifest says, `files` what lies in the folder. */
  const folder = async (
    name: string,
    what: string,
    expect: HostileOutcome,
    doc: { filename: string; mediaType: MediaType; bytes?: Uint8Array },
    extra: { files?: Record<string, Uint8Array>; manifest?: Record<string, unknown>; raw?: string } = {},
  ) => {
    const dir = path.join(root, 'folder', name);
    await mkdir(dir, { recursive: true });
    if (doc.bytes) await writeFile(path.join(dir, doc.filename), doc.bytes);
    for (const [file, bytes] of Object.entries(extra.files ?? {})) await writeFile(path.join(dir, file), bytes);
    const packetId = `h-${name}`;
    const manifest = {
      packetId,
      tenantId: TENANT,
      submittedAt: SUBMITTED_AT,
      applicants: APPLICANTS,
      documents: [{ documentId: 'doc-1', filename: doc.filename, mediaType: doc.mediaType }],
      ...extra.manifest,
    };
    await writeFile(path.join(dir, 'manifest.json'), extra.raw ?? JSON.stringify(manifest, null, 2));
    cases.push({ name, what, via: 'folder', dir, packetId, documentId: 'doc-1', expect });
  };

  /** A one-document event; `uri` defaults to the file written beside it, `sha256` to the bytes' own. */
  const event = async (
    name: string,
    what: string,
    expect: HostileOutcome,
    doc: { filename: string; mediaType: MediaType; bytes?: Uint8Array; uri?: string; sha256?: string },
  ) => {
    const dir = path.join(root, 'event', name);
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, doc.filename);
    if (doc.bytes) await writeFile(file, doc.bytes);
    const packetId = `h-${name}`;
    const body = {
      schema: 'docket.packets.v1',
      packetId,
      tenantId: TENANT,
      submittedAt: SUBMITTED_AT,
      applicants: APPLICANTS,
      documents: [
        {
          documentId: 'doc-1',
          uri: doc.uri ?? pathToFileURL(file).href,
          mediaType: doc.mediaType,
          sha256: doc.sha256 ?? sha256(doc.bytes ?? new Uint8Array()),
          filename: doc.filename,
        },
      ],
    };
    await writeFile(path.join(dir, 'event.json'), JSON.stringify(body, null, 2));
    cases.push({ name, what, via: 'event', dir, packetId, documentId: 'doc-1', expect });
  };

  const good = textPdf('Uniform Residential Loan Application for the borrower Avery Quinlan, page one.');
  const pdf = (name: string, what: string, expect: HostileOutcome, bytes: Uint8Array) => folder(name, what, expect, { filename: `${name}.pdf`, mediaType: 'application/pdf', bytes });
  const C = ErrorCodes;

  // Controls: hostile-looking but sound documents are read as usual.
  await pdf('control-text-pdf', 'a sound one-page PDF with a text layer', 'readable', good);
  await pdf('pdf-javascript-openaction', 'a PDF with a JavaScript /OpenAction (never run)', 'readable', textPdf('Verification of employment for Avery Quinlan, signed and dated.', '/OpenAction 6 0 R', ['<< /S /JavaScript /JS (app.alert\\(1\\)) >>']));

  // Truncated and corrupt PDFs.
  await pdf('pdf-truncated-10-bytes', 'the first 10 bytes of a PDF', C.CORRUPT_DOCUMENT, good.subarray(0, 10));
  await pdf('pdf-truncated-half', 'a PDF cut in half', C.CORRUPT_DOCUMENT, good.subarray(0, good.length >> 1));
  await pdf('pdf-truncated-tail', 'a PDF missing its last 20 bytes (startxref, %%EOF)', C.CORRUPT_DOCUMENT, good.subarray(0, good.length - 20));
  await pdf('pdf-header-then-garbage', '%PDF- then 64 KiB of random bytes', C.CORRUPT_DOCUMENT, concat('%PDF-1.7\n', randomBytes(rand, 64 * 1024), '\n%%EOF\n'));
  await pdf('pdf-no-pages', 'a catalog whose page tree has no pages', C.CORRUPT_DOCUMENT, buildPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>']));
  await pdf('pdf-page-tree-loop', 'a page tree whose node is its own kid', C.CORRUPT_DOCUMENT, buildPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [2 0 R] /Count 1 >>']));
  await pdf('pdf-no-catalog', 'a trailer /Root pointing at a missing object', C.CORRUPT_DOCUMENT, buildPdf(['<< /Type /Pages /Kids [] /Count 0 >>'], { root: '7 0 R' }));
  await pdf('pdf-random-bytes-flipped', 'a sound PDF with 200 random bytes overwritten in its objects', C.CORRUPT_DOCUMENT, flipBytes(rand, buildPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>']), 200, 16, 140));
  await pdf('pdf-deep-nesting', 'an object nested 100,000 arrays deep (parser stack)', C.CORRUPT_DOCUMENT, buildPdf(['<< /Type /Catalog /Pages 2 0 R >>', `<< /Type /Pages /Kids [3 0 R] /Count 1 /X ${'['.repeat(100_000)}${']'.repeat(100_000)} >>`, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources 2 0 R >>'], {}));

  // Encrypted PDFs: a user password is needed (RC4 and AES-256 handlers).
  await pdf('pdf-encrypted-rc4', 'standard security handler V1/R2, unknown user password', C.CORRUPT_DOCUMENT, encryptedPdf(rand, '/V 1 /R 2 /Length 40', 32));
  await pdf('pdf-encrypted-aes256', 'standard security handler V5/R6 (AES-256), unknown user password', C.CORRUPT_DOCUMENT, encryptedPdf(rand, '/V 5 /R 6 /Length 256 /CF << /StdCF << /CFM /AESV3 /AuthEvent /DocOpen /Length 32 >> >> /StmF /StdCF /StrF /StdCF /OE <' + hex(randomBytes(rand, 32)) + '> /UE <' + hex(randomBytes(rand, 32)) + '> /Perms <' + hex(randomBytes(rand, 16)) + '>', 48));

  // Page count and page size.
  await pdf('pdf-5000-pages', '5,000 tiny pages (over DOCKET_MAX_PAGES)', C.TOO_MANY_PAGES, manyPagesPdf(5000));
  await pdf('pdf-count-lies', 'one page, /Count 2,000,000,000 (pdfjs counts the kids)', 'readable', buildPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 2000000000 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>']));
  await pdf('pdf-mediabox-200000', 'a 200,000 x 200,000 pt page (MediaBox)', C.PAGE_TOO_LARGE, onePagePdf('[0 0 200000 200000]'));
  await pdf('pdf-mediabox-1e30', 'a page of 1e30 pt a side', C.PAGE_TOO_LARGE, onePagePdf('[0 0 1000000000000000000000000000000 1000000000000000000000000000000]'));

  // Decompression bombs inside PDFs.
  await pdf('pdf-flate-bomb-content', 'a page content stream that inflates to 2 GiB of zeros', C.DECOMPRESSION_BOMB, bombPdf(2048 * MiB, '/Filter /FlateDecode'));
  await pdf('pdf-flate-bomb-objstm', 'an unreferenced stream inflating to 1 GiB (a bomb needs no page)', C.DECOMPRESSION_BOMB, bombPdf(1024 * MiB, '/Filter [/FlateDecode]', true));
  // Bombs a check of /FlateDecode alone let through: behind another filter, under another spelling, by reference, LZW.
  await pdf('pdf-flate-bomb-behind-asciihex', 'a 1 GiB Flate bomb hex-encoded: /Filter [/ASCIIHexDecode /FlateDecode]', C.DECOMPRESSION_BOMB, onePagePdf('[0 0 612 792]', stream('/Filter [/ASCIIHexDecode /FlateDecode]', Buffer.from(zlibZeros(1024 * MiB).toString('hex')))));
  await pdf('pdf-flate-bomb-escaped-name', 'a 1 GiB Flate bomb under /Fl#61teDecode', C.DECOMPRESSION_BOMB, bombPdf(1024 * MiB, '/Filter /Fl#61teDecode'));
  await pdf('pdf-flate-bomb-indirect-filter', 'a 1 GiB Flate bomb whose /Filter is a reference to /FlateDecode', C.DECOMPRESSION_BOMB, buildPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>', stream('/Filter 5 0 R', zlibZeros(1024 * MiB)), '/FlateDecode']));
  await pdf('pdf-lzw-bomb', 'an LZW content stream of a few KiB that decodes to 37 MB, thirty times over', C.DECOMPRESSION_BOMB, onePagePdf('[0 0 612 792]', stream('/Filter /LZWDecode', lzwBomb(40))));
  await pdf('pdf-jpeg-frame-30000', 'a 64x64 image whose JPEG frame declares 30000x30000', C.IMAGE_TOO_LARGE, buildPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /XObject << /Im1 5 0 R >> >> >>',
    stream('', Buffer.from('q 612 0 0 792 0 0 cm /Im1 Do Q')),
    stream('/Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode', Buffer.from([0xff, 0xd8, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0x75, 0x30, 0x75, 0x30, 0x01, 1, 0x11, 0, 0xff, 0xd9])),
  ]));
  await pdf('pdf-image-30000', 'an image XObject of 30000 x 30000 pixels', C.IMAGE_TOO_LARGE, imagePdf(30000, 30000));
  await pdf('pdf-slow-page', 'a page of 400,000 path operators (seconds to render: over a 2 s page limit)', C.PAGE_TIMEOUT, slowPdf(400_000));

  // Images.
  const photo = await noiseJpeg(rand, 64, 64);
  const png = await noisePng(rand, 64, 64);
  const img = (name: string, what: string, expect: HostileOutcome, mediaType: MediaType, bytes: Uint8Array) =>
    folder(name, what, expect, { filename: `${name}.${mediaType.split('/')[1]}`, mediaType, bytes });
  await img('png-bomb-30000', 'a real 30000 x 30000 PNG (900 MB of pixels in 1 MB)', C.IMAGE_TOO_LARGE, 'image/png', pngBomb(30000, 30000));
  await img('png-header-65535x65535', 'a PNG header claiming 65535 x 65535', C.IMAGE_TOO_LARGE, 'image/png', patchPng(png, 65535, 65535));
  await img('png-header-2e9-wide', 'a PNG header claiming 2,000,000,000 x 1 (over the PNG limit of 2^31-1)', C.CORRUPT_DOCUMENT, 'image/png', patchPng(png, 2_000_000_000, 1));
  await img('jpeg-header-30000', 'a JPEG whose frame header claims 30000 x 30000', C.IMAGE_TOO_LARGE, 'image/jpeg', patchJpeg(photo, 30000, 30000));
  await img('tiff-header-30000', 'a TIFF whose IFD claims 30000 x 30000', C.IMAGE_TOO_LARGE, 'image/tiff', tiff(30000, 30000, 1024));
  await img('png-truncated', 'a PNG cut in half', C.CORRUPT_DOCUMENT, 'image/png', png.subarray(0, png.length >> 1));
  await img('png-idat-garbage', 'a PNG whose pixel data is random bytes', C.CORRUPT_DOCUMENT, 'image/png', Buffer.concat([PNG_SIGNATURE, ihdr(64, 64), pngChunk('IDAT', randomBytes(rand, 2048)), pngChunk('IEND', Buffer.alloc(0))]));
  await img('jpeg-truncated', 'a JPEG cut in half', C.CORRUPT_DOCUMENT, 'image/jpeg', photo.subarray(0, photo.length >> 1));
  await img('jpeg-soi-only', 'a JPEG start marker followed by random bytes', C.CORRUPT_DOCUMENT, 'image/jpeg', concat(Buffer.from([0xff, 0xd8, 0xff]), randomBytes(rand, 4096)));
  await img('jpeg-no-frame', 'SOI then EOI: a JPEG with no frame', C.CORRUPT_DOCUMENT, 'image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xd9]));
  await img('tiff-bad-ifd-offset', 'a TIFF whose first IFD lies past the end of the file', C.CORRUPT_DOCUMENT, 'image/tiff', Buffer.from([0x49, 0x49, 0x2a, 0x00, 0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0]));
  await img('tiff-strips-missing', 'a 100 x 100 TIFF whose strip lies past the end of the file', C.CORRUPT_DOCUMENT, 'image/tiff', tiff(100, 100, 1 << 30));
  await img('tiff-header-garbage', 'a TIFF byte-order mark then random bytes', C.CORRUPT_DOCUMENT, 'image/tiff', concat('MM\u0000*', randomBytes(rand, 2048)));

  // Not what they claim to be.
  await pdf('zero-bytes-pdf', 'an empty file named .pdf', C.UNSUPPORTED_MEDIA_TYPE, new Uint8Array());
  await img('zero-bytes-png', 'an empty file named .png', C.UNSUPPORTED_MEDIA_TYPE, 'image/png', new Uint8Array());
  await pdf('html-named-pdf', 'an HTML page named .pdf', C.UNSUPPORTED_MEDIA_TYPE, Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>'));
  await pdf('elf-named-pdf', 'an ELF executable named .pdf', C.UNSUPPORTED_MEDIA_TYPE, elf(rand));
  await pdf('pe-named-pdf', 'a Windows PE executable named .pdf', C.UNSUPPORTED_MEDIA_TYPE, pe(rand));
  await pdf('shell-script-named-pdf', 'a shell script named .pdf', C.UNSUPPORTED_MEDIA_TYPE, Buffer.from('#!/bin/sh\nrm -rf / --no-preserve-root\n'));
  await pdf('zip-named-pdf', 'a ZIP archive named .pdf', C.UNSUPPORTED_MEDIA_TYPE, zip('evil.sh', Buffer.from('#!/bin/sh\n')));
  await img('gif-named-png', 'a GIF named .png', C.UNSUPPORTED_MEDIA_TYPE, 'image/png', Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'));
  await img('svg-named-png', 'an SVG (XML, scripts) named .png', C.UNSUPPORTED_MEDIA_TYPE, 'image/png', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'));
  await img('pdf-declared-jpeg', 'a sound PDF declared image/jpeg', C.UNSUPPORTED_MEDIA_TYPE, 'image/jpeg', good);
  await pdf('png-declared-pdf', 'a sound PNG declared application/pdf', C.UNSUPPORTED_MEDIA_TYPE, png);
  await pdf('html-with-pdf-marker', 'HTML with "%PDF-" in a comment near the start', C.CORRUPT_DOCUMENT, Buffer.from('<html><!-- %PDF-1.7 --><body>hello</body></html>\n'));

  // Polyglots: one file, two formats.
  await pdf('polyglot-pdf-zip', 'a sound PDF with a ZIP archive appended', C.UNSUPPORTED_MEDIA_TYPE, concat(good, zip('payload.js', Buffer.from('alert(1)'))));
  await pdf('polyglot-zip-pdf', 'a ZIP archive whose first entry holds a PDF', C.UNSUPPORTED_MEDIA_TYPE, zip('a.pdf', good));
  await pdf('polyglot-jpeg-pdf', 'a JPEG carrying a PDF in a comment segment, declared PDF', C.UNSUPPORTED_MEDIA_TYPE, jpegWithComment(photo, good));
  await img('polyglot-jpeg-pdf-as-jpeg', 'the same JPEG+PDF, declared image/jpeg', C.UNSUPPORTED_MEDIA_TYPE, 'image/jpeg', jpegWithComment(photo, good));
  await img('polyglot-png-zip', 'a PNG with a ZIP archive appended after IEND', C.UNSUPPORTED_MEDIA_TYPE, 'image/png', concat(png, zip('x.sh', Buffer.from('id\n'))));

  // Size.
  // The drop folder refuses a file over the limit by its size, before reading or hashing a byte of it.
  await folder('sparse-over-byte-limit', 'a 101 MiB file (sparse on disk), over DOCKET_MAX_DOCUMENT_BYTES', 'rejected_at_intake', { filename: 'huge.pdf', mediaType: 'application/pdf' });
  await sparseFile(path.join(root, 'folder', 'sparse-over-byte-limit', 'huge.pdf'), good, 101 * MiB);
  await folder('sparse-256gib-folder', 'a 256 GiB file (sparse on disk): hashing it whole took 19 minutes', 'rejected_at_intake', { filename: 'huge.pdf', mediaType: 'application/pdf' });
  await sparseFile(path.join(root, 'folder', 'sparse-256gib-folder', 'huge.pdf'), good, 256 * 1024 * MiB);
  await event('sparse-4gib-event', 'a 4 GiB file by URI (sparse on disk)', C.DOCUMENT_TOO_LARGE, { filename: 'huge.pdf', mediaType: 'application/pdf', sha256: 'a'.repeat(64) });
  await sparseFile(path.join(root, 'event', 'sparse-4gib-event', 'huge.pdf'), good, 4096 * MiB);

  // References: checksums, missing files, traversal, odd files.
  await event('sha256-mismatch', 'the event sha256 is not the bytes\' sha256', C.CHECKSUM_MISMATCH, { filename: 'a.pdf', mediaType: 'application/pdf', bytes: good, sha256: sha256(Buffer.from('other')) });
  await event('file-not-found', 'a file:// URI to a file that does not exist', C.DOCUMENT_NOT_FOUND, { filename: 'gone.pdf', mediaType: 'application/pdf', sha256: sha256(good) });
  await event('uri-etc-passwd', 'file:///etc/passwd (outside DOCKET_FILE_ROOT)', C.FORBIDDEN_URI, { filename: 'passwd.pdf', mediaType: 'application/pdf', uri: 'file:///etc/passwd', sha256: sha256(good) });
  await event('uri-dot-dot', 'a file:// URI climbing out of the root with ../', C.FORBIDDEN_URI, { filename: 'x.pdf', mediaType: 'application/pdf', uri: `${pathToFileURL(root).href}/event/x/../../../../../../../../etc/passwd`, sha256: sha256(good) });
  await event('uri-encoded-dot-dot', 'a file:// URI climbing out with %2e%2e', C.FORBIDDEN_URI, { filename: 'x.pdf', mediaType: 'application/pdf', uri: `${pathToFileURL(root).href}/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd`, sha256: sha256(good) });
  await event('uri-encoded-slash', 'a file:// URI with an encoded "/" (%2F)', C.FORBIDDEN_URI, { filename: 'x.pdf', mediaType: 'application/pdf', uri: `${pathToFileURL(root).href}/event%2F..%2F..%2Fetc%2Fpasswd`, sha256: sha256(good) });
  await event('uri-remote-host', 'file://host/etc/passwd (a remote file host)', C.FORBIDDEN_URI, { filename: 'x.pdf', mediaType: 'application/pdf', uri: 'file://attacker.example/etc/passwd', sha256: sha256(good) });
  await event('uri-symlink-escape', 'a symlink inside the root pointing at /etc/passwd', C.FORBIDDEN_URI, { filename: 'link.pdf', mediaType: 'application/pdf', sha256: sha256(good) });
  await symlink('/etc/passwd', path.join(root, 'event', 'uri-symlink-escape', 'link.pdf'));
  await event('uri-fifo', 'a named pipe inside the root (a read would block forever)', C.DOCUMENT_NOT_FOUND, { filename: 'pipe.pdf', mediaType: 'application/pdf', sha256: sha256(good) });
  execFileSync('mkfifo', [path.join(root, 'event', 'uri-fifo', 'pipe.pdf')]);
  await event('uri-directory', 'a file:// URI naming a folder', C.DOCUMENT_NOT_FOUND, { filename: 'x.pdf', mediaType: 'application/pdf', uri: pathToFileURL(path.join(root, 'event')).href, sha256: sha256(good) });
  await event('uri-http', 'an http:// URI (events allow file:// and s3:// only)', 'rejected_at_intake', { filename: 'x.pdf', mediaType: 'application/pdf', uri: 'http://169.254.169.254/latest/meta-data/', sha256: sha256(good) });
  await event('uri-empty', 'a document with an empty URI', 'rejected_at_intake', { filename: 'x.pdf', mediaType: 'application/pdf', uri: '', sha256: sha256(good) });
  await folder('manifest-missing-file', 'a manifest naming a file that is not in the folder', 'rejected_at_intake', { filename: 'missing.pdf', mediaType: 'application/pdf' });
  await folder('manifest-traversal', 'a manifest filename ../../etc/passwd', 'rejected_at_intake', { filename: '../../../../../../etc/passwd', mediaType: 'application/pdf' });
  // The drop folder follows no link and waits on no pipe.
  await folder('manifest-symlink-dev-zero', 'a manifest.json that is a link to /dev/zero (grew the worker to 14 GB)', 'rejected_at_intake', { filename: 'a.pdf', mediaType: 'application/pdf', bytes: good });
  await rm(path.join(root, 'folder', 'manifest-symlink-dev-zero', 'manifest.json'));
  await symlink('/dev/zero', path.join(root, 'folder', 'manifest-symlink-dev-zero', 'manifest.json'));
  await folder('manifest-fifo', 'a manifest.json that is a named pipe nobody writes to', 'rejected_at_intake', { filename: 'a.pdf', mediaType: 'application/pdf', bytes: good });
  await rm(path.join(root, 'folder', 'manifest-fifo', 'manifest.json'));
  execFileSync('mkfifo', [path.join(root, 'folder', 'manifest-fifo', 'manifest.json')]);
  await folder('document-symlink-out', 'a document that is a link to /etc/passwd', 'rejected_at_intake', { filename: 'link.pdf', mediaType: 'application/pdf' });
  await symlink('/etc/passwd', path.join(root, 'folder', 'document-symlink-out', 'link.pdf'));
  await folder('manifest-absolute-path', 'a manifest filename /etc/passwd', 'rejected_at_intake', { filename: '/etc/passwd', mediaType: 'application/pdf' });
  await folder('manifest-nul-in-name', 'a manifest filename with a NUL byte', 'rejected_at_intake', { filename: 'a.pdf\u0000.png', mediaType: 'application/pdf' });
  await folder('manifest-packet-id-traversal', 'a packetId of ../../outbox (it names the outbox file)', 'rejected_at_intake', { filename: 'a.pdf', mediaType: 'application/pdf', bytes: good }, { manifest: { packetId: '../../../tmp/docket-pwned' } });
  await folder('manifest-not-json', 'a manifest.json that is not JSON', 'rejected_at_intake', { filename: 'a.pdf', mediaType: 'application/pdf', bytes: good }, { raw: '{"packetId": "h-x", ' });
  await folder('manifest-executable-type', 'a manifest declaring application/x-msdownload', 'rejected_at_intake', { filename: 'a.pdf', mediaType: 'application/pdf', bytes: good }, { manifest: { documents: [{ documentId: 'doc-1', filename: 'a.pdf', mediaType: 'application/x-msdownload' }] } });
  await folder('unicode-nfd-vs-nfc', 'the manifest names a file in NFC, the folder holds it in NFD', 'rejected_at_intake', { filename: 'Ünterlagen-é.pdf'.normalize('NFC'), mediaType: 'application/pdf' }, { files: { ['Ünterlagen-é.pdf'.normalize('NFD')]: good } });

  // Names: unicode, control characters, very long.
  await pdf('unicode-name-valid', 'a sound PDF named in several scripts, RTL override and emoji', 'readable', good);
  await renameCase(cases, 'unicode-name-valid', 'Ünïcödé 文件 ملف \u202Efdp.exe 📄.pdf');
  await pdf('unicode-name-html', 'an HTML page with a unicode name', C.UNSUPPORTED_MEDIA_TYPE, Buffer.from('<html>x</html>'));
  await renameCase(cases, 'unicode-name-html', 'Kontoauszug–März 🏦 \u0007\u001b[31m.pdf');
  await pdf('long-name-valid', 'a sound PDF with a 250-byte file name', 'readable', good);
  await renameCase(cases, 'long-name-valid', `${'a'.repeat(246)}.pdf`);
  await folder('long-name-over-fs-limit', 'a manifest filename of 5,000 characters', 'rejected_at_intake', { filename: `${'b'.repeat(5000)}.pdf`, mediaType: 'application/pdf' });

  await writeFile(path.join(root, 'cases.json'), JSON.stringify(cases.map((c) => ({ ...c, dir: path.relative(root, c.dir) })), null, 2));
  return cases;
}

/** Moves a folder case's one document to `filename` (a name the generic helpers do not make) and rewrites its manifest. */
async function renameCase(cases: HostileCase[], name: string, filename: string): Promise<void> {
  const c = cases.find((x) => x.name === name)!;
  const { readFile, rename } = await import('node:fs/promises');
  const manifest = JSON.parse(await readFile(path.join(c.dir, 'manifest.json'), 'utf8')) as { documents: { filename: string }[] };
  const doc = manifest.documents[0]!;
  await rename(path.join(c.dir, doc.filename), path.join(c.dir, filename));
  doc.filename = filename;
  await writeFile(path.join(c.dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
}

// ---- bytes -------------------------------------------------------------------------------------------------------

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function concat(...parts: (string | Uint8Array)[]): Buffer {
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
}

function randomBytes(rand: Rand, n: number): Buffer {
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(rand() * 256);
  return out;
}

/** Overwrites `count` bytes at random positions in [from, length - tailKeep). */
function flipBytes(rand: Rand, bytes: Buffer, count: number, from: number, to: number): Buffer {
  const out = Buffer.from(bytes);
  for (let i = 0; i < count; i++) out[from + Math.floor(rand() * (to - from))] = Math.floor(rand() * 256);
  return out;
}

/** A file of `size` bytes holding `head`, the rest a hole: no disk used, and a reader that reads it all pays in full. */
async function sparseFile(file: string, head: Uint8Array, size: number): Promise<void> {
  const handle = await open(file, 'w');
  try {
    await handle.write(head, 0, head.length, 0);
    await handle.truncate(size);
  } finally {
    await handle.close();
  }
}

// ---- PDFs, by hand (pdf-lib cannot encrypt, and would repair what these break) -------------------------------------

/** A PDF of the given objects (object i+1 = objects[i]) with a correct xref table and trailer. */
export function buildPdf(objects: (string | Buffer)[], options: { root?: string; trailer?: string } = {}): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    const chunk = concat(`${i + 1} 0 obj\n`, body, '\nendobj\n');
    offsets.push(offset);
    offset += chunk.length;
    parts.push(chunk);
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root ${options.root ?? '1 0 R'} ${options.trailer ?? ''} >>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

function stream(dict: string, data: Uint8Array): Buffer {
  return concat(`<< ${dict} /Length ${data.length} >>\nstream\n`, data, '\nendstream');
}

const pdfString = (text: string): string => text.replace(/[\\()]/g, (c) => `\\${c}`);

/** One letter page with `text` in Helvetica; `catalogExtra` and `extraObjects` (objects 6, 7, ...) for the odd ones. */
function textPdf(text: string, catalogExtra = '', extraObjects: string[] = []): Buffer {
  const content = Buffer.from(`BT /F1 12 Tf 72 720 Td (${pdfString(text)}) Tj ET`);
  return buildPdf([
    `<< /Type /Catalog /Pages 2 0 R ${catalogExtra} >>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    stream('', content),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ...extraObjects,
  ]);
}

function onePagePdf(mediaBox: string, contents?: Buffer, resources = ''): Buffer {
  return buildPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox ${mediaBox} ${contents ? '/Contents 4 0 R' : ''} /Resources << ${resources} >> >>`,
    ...(contents ? [contents] : []),
  ]);
}

function manyPagesPdf(pages: number): Buffer {
  const kids = Array.from({ length: pages }, (_, i) => `${i + 3} 0 R`).join(' ');
  return buildPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`,
    ...Array.from({ length: pages }, () => '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] >>'),
  ]);
}

/** A document that needs a user password: the /Encrypt dictionary's O and U are random, so "" opens nothing. */
function encryptedPdf(rand: Rand, handler: string, ouBytes: number): Buffer {
  const id = hex(randomBytes(rand, 16));
  return buildPdf(
    [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>',
      stream('', randomBytes(rand, 256)),
      `<< /Filter /Standard ${handler} /O <${hex(randomBytes(rand, ouBytes))}> /U <${hex(randomBytes(rand, ouBytes))}> /P -3904 >>`,
    ],
    { trailer: `/Encrypt 5 0 R /ID [<${id}> <${id}>]` },
  );
}

/** A page whose content stream (or, `unreferenced`, a stream nothing points at) inflates to `bytes` zeros. */
function bombPdf(bytes: number, filter: string, unreferenced = false): Buffer {
  const bomb = stream(filter, zlibZeros(bytes));
  if (!unreferenced) return onePagePdf('[0 0 612 792]', bomb);
  return buildPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>', bomb]);
}

/** A page drawing a `w` x `h` grey image whose Flate data is a few bytes (it would inflate to w x h). */
function imagePdf(w: number, h: number): Buffer {
  return buildPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /XObject << /Im1 5 0 R >> >> >>',
    stream('', Buffer.from('q 612 0 0 792 0 0 cm /Im1 Do Q')),
    stream(`/Type /XObject /Subtype /Image /Width ${w} /Height ${h} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode`, deflateSync(Buffer.alloc(1024))),
  ]);
}

/** A page of `ops` tiny filled rectangles: cheap to store, slow to interpret and render. */
function slowPdf(ops: number): Buffer {
  const unit = '1 1 1 1 re f\n';
  const content = Buffer.from(unit.repeat(ops));
  return onePagePdf('[0 0 612 792]', stream('/Filter /FlateDecode', deflateSync(content, { level: 9 })));
}

/**
 * zlib data that inflates to `bytes` zeros, built from one compressed MiB repeated (each block ends on a byte
 * boundary with a sync flush), so making a 2 GiB bomb costs milliseconds. Adler-32 of n zeros is (n mod 65521) << 16 | 1.
 */
export function zlibZeros(bytes: number): Buffer {
  const flush = { level: 9, finishFlush: zc.Z_SYNC_FLUSH };
  const block = deflateRawSync(Buffer.alloc(MiB), flush);
  const parts: Buffer[] = [Buffer.from([0x78, 0xda])];
  for (let i = 0; i < Math.floor(bytes / MiB); i++) parts.push(block);
  if (bytes % MiB) parts.push(deflateRawSync(Buffer.alloc(bytes % MiB), flush));
  parts.push(Buffer.from([0x03, 0x00]));
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((bytes % 65521) << 16) | 1) >>> 0);
  parts.push(adler);
  return Buffer.concat(parts);
}

// ---- images --------------------------------------------------------------------------------------------------------

async function noiseJpeg(rand: Rand, w: number, h: number): Promise<Buffer> {
  return sharp(randomBytes(rand, w * h), { raw: { width: w, height: h, channels: 1 } }).jpeg({ quality: 80 }).toBuffer();
}

async function noisePng(rand: Rand, w: number, h: number): Promise<Buffer> {
  return sharp(randomBytes(rand, w * h), { raw: { width: w, height: h, channels: 1 } }).png().toBuffer();
}

function pngChunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, crc]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function ihdr(w: number, h: number): Buffer {
  const data = Buffer.alloc(13);
  data.writeUInt32BE(w, 0);
  data.writeUInt32BE(h, 4);
  data[8] = 8; // bit depth
  data[9] = 0; // greyscale
  return pngChunk('IHDR', data);
}

/** A valid greyscale PNG of w x h zero pixels: every row is filter byte 0 and w zeros. */
function pngBomb(w: number, h: number): Buffer {
  return Buffer.concat([PNG_SIGNATURE, ihdr(w, h), pngChunk('IDAT', zlibZeros(h * (w + 1))), pngChunk('IEND', Buffer.alloc(0))]);
}

/** The PNG with its IHDR size replaced (CRC fixed), the pixel data left as it was. */
function patchPng(png: Buffer, w: number, h: number): Buffer {
  const out = Buffer.from(png);
  ihdr(w, h).copy(out, 8);
  return out;
}

/** The JPEG with its SOFn frame header claiming another size. */
function patchJpeg(jpeg: Buffer, w: number, h: number): Buffer {
  const out = Buffer.from(jpeg);
  for (let i = 2; i < out.length - 9; ) {
    if (out[i] !== 0xff) throw new Error('not a marker');
    const marker = out[i + 1]!;
    const length = out.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      out.writeUInt16BE(h, i + 5);
      out.writeUInt16BE(w, i + 7);
      return out;
    }
    i += 2 + length;
  }
  throw new Error('no frame header');
}

/** The JPEG with a COM segment right after SOI holding `payload` (a PDF: its header lands within the first bytes). */
function jpegWithComment(jpeg: Buffer, payload: Buffer): Buffer {
  if (payload.length > 65533) throw new Error('payload too large for one COM segment');
  const head = Buffer.from([0xff, 0xfe, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), head, payload, jpeg.subarray(2)]);
}

/** A little-endian one-strip greyscale TIFF header of w x h whose strip starts at `stripOffset` (no pixel data). */
function tiff(w: number, h: number, stripOffset: number): Buffer {
  const entries: [number, number, number][] = [
    [256, 4, w],
    [257, 4, h],
    [258, 3, 8],
    [259, 3, 1],
    [262, 3, 1],
    [273, 4, stripOffset],
    [277, 3, 1],
    [278, 4, h],
    [279, 4, w * h],
  ];
  const out = Buffer.alloc(8 + 2 + entries.length * 12 + 4);
  out.write('II*\u0000', 0, 'latin1');
  out.writeUInt32LE(8, 4);
  out.writeUInt16LE(entries.length, 8);
  entries.forEach(([tag, type, value], i) => {
    const at = 10 + i * 12;
    out.writeUInt16LE(tag, at);
    out.writeUInt16LE(type, at + 2);
    out.writeUInt32LE(1, at + 4);
    if (type === 3) out.writeUInt16LE(value, at + 8);
    else out.writeUInt32LE(value >>> 0, at + 8);
  });
  return out;
}

// ---- executables and archives ---------------------------------------------------------------------------------------

function elf(rand: Rand): Buffer {
  const head = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0, 1, 0, 0, 0]);
  return Buffer.concat([head, randomBytes(rand, 4096)]);
}

function pe(rand: Rand): Buffer {
  const dos = Buffer.alloc(128);
  dos.write('MZ', 0, 'latin1');
  dos.writeUInt32LE(0x80, 0x3c);
  dos.write('This program cannot be run in DOS mode.', 0x4e, 'latin1');
  return Buffer.concat([dos, Buffer.from('PE\u0000\u0000', 'latin1'), randomBytes(rand, 4096)]);
}

/** A one-entry stored ZIP archive (local header, data, central directory, end record). */
function zip(name: string, data: Buffer): Buffer {
  const crc = crc32(data);
  const fname = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(fname.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(fname.length, 28);
  const cdOffset = local.length + fname.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fname.length, 12);
  end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, fname, data, central, fname, end]);
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (invokedDirectly) {
  const out = process.argv[2] ?? '.cache/hostile';
  const cases = await makeHostileCorpus(out);
  console.log(`${cases.length} hostile cases written to ${path.resolve(out)}`);
}
