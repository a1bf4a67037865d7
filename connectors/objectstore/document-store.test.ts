import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyring, createLocalKeyProvider, seal } from '../../platform/encryption.js';
import { DocumentError } from '../../platform/errors.js';
import { createDocumentStore } from './document-store.js';

describe('document store (file://)', () => {
  let root: string;
  let outside: string;
  const bytes = Buffer.from('%PDF-1.7 hello');
  const sha256 = createHash('sha256').update(bytes).digest('hex');

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'docket-store-'));
    outside = await mkdtemp(path.join(os.tmpdir(), 'docket-outside-'));
    await writeFile(path.join(root, 'a.pdf'), bytes);
    await writeFile(path.join(outside, 'secret.pdf'), bytes);
    await symlink(path.join(outside, 'secret.pdf'), path.join(root, 'link.pdf'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  const store = () => createDocumentStore({ fileRoot: root });
  const uri = (name: string) => pathToFileURL(path.join(root, name)).href;

  it('reads a file under the root and checks its sha256', async () => {
    expect(Buffer.from(await store().read(uri('a.pdf'), { sha256, maxBytes: 1000 }))).toEqual(bytes);
  });

  it.each([
    ['a sha256 mismatch', () => store().read(uri('a.pdf'), { sha256: '0'.repeat(64), maxBytes: 1000 }), 'DOCKET_ERR_CHECKSUM_MISMATCH'],
    ['a file over the size limit', () => store().read(uri('a.pdf'), { maxBytes: 4 }), 'DOCKET_ERR_DOCUMENT_TOO_LARGE'],
    ['a missing file', () => store().read(uri('nope.pdf'), { maxBytes: 1000 }), 'DOCKET_ERR_DOCUMENT_NOT_FOUND'],
    ['path traversal', () => store().read(`${pathToFileURL(root).href}/../${path.basename(outside)}/secret.pdf`, { maxBytes: 1000 }), 'DOCKET_ERR_FORBIDDEN_URI'],
    ['a symlink leaving the root', () => store().read(uri('link.pdf'), { maxBytes: 1000 }), 'DOCKET_ERR_FORBIDDEN_URI'],
    ['another scheme', () => store().read('https://example.invalid/a.pdf', { maxBytes: 1000 }), 'DOCKET_ERR_UNSUPPORTED_URI'],
    ['a malformed s3 URI', () => store().read('s3://bucket-only', { maxBytes: 1000 }), 'DOCKET_ERR_UNSUPPORTED_URI'],
  ])('refuses %s with a typed, non-retryable error', async (_name, read, code) => {
    await expect(read()).rejects.toMatchObject({ code, retryable: false });
  });
});

describe('document store: sealed files (encryption at rest)', () => {
  let root: string;
  const keyring = createKeyring(createLocalKeyProvider('k1', randomBytes(32)));
  const plain = Buffer.from('%PDF-1.7 borrower SSN 123-45-6789 %%EOF');
  const sha256 = createHash('sha256').update(plain).digest('hex');
  const uri = (name: string) => pathToFileURL(path.join(root, name)).href;
  let sealed: Buffer;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'docket-store-sealed-'));
    sealed = await seal(plain, keyring);
    await writeFile(path.join(root, 'sealed.pdf'), sealed);
    await writeFile(path.join(root, 'plain.pdf'), plain);
    const altered = Buffer.from(sealed);
    altered[altered.length - 2] = altered[altered.length - 2]! ^ 0x10;
    await writeFile(path.join(root, 'altered.pdf'), altered);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('opens a sealed file:// document and checks sha256 and size on the plaintext', async () => {
    const store = createDocumentStore({ fileRoot: root, keyring });
    expect((await readFile(path.join(root, 'sealed.pdf'))).includes('123-45-6789')).toBe(false);
    expect(Buffer.from(await store.read(uri('sealed.pdf'), { sha256, maxBytes: plain.length })).equals(plain)).toBe(true);
    // The sealed file is bigger than the limit; its plaintext is not: the limit is the plaintext's.
    expect(sealed.length).toBeGreaterThan(plain.length);
    const sealedSha = createHash('sha256').update(sealed).digest('hex');
    await expect(store.read(uri('sealed.pdf'), { sha256: sealedSha, maxBytes: 1000 })).rejects.toMatchObject({ code: 'DOCKET_ERR_CHECKSUM_MISMATCH' });
    await expect(store.read(uri('sealed.pdf'), { maxBytes: plain.length - 1 })).rejects.toMatchObject({ code: 'DOCKET_ERR_DOCUMENT_TOO_LARGE' });
    // Plain documents read as before.
    expect(Buffer.from(await store.read(uri('plain.pdf'), { sha256, maxBytes: 1000 })).equals(plain)).toBe(true);
  });

  it.each([
    ['without a key', () => createDocumentStore({ fileRoot: root }).read(uri('sealed.pdf'), { sha256, maxBytes: 1000 }), /no encryption key is configured/],
    [
      'with another key',
      () => createDocumentStore({ fileRoot: root, keyring: createKeyring(createLocalKeyProvider('k2', randomBytes(32))) }).read(uri('sealed.pdf'), { maxBytes: 1000 }),
      /key id "k1".*not configured/,
    ],
    ['altered', () => createDocumentStore({ fileRoot: root, keyring }).read(uri('altered.pdf'), { maxBytes: 1000 }), /altered/],
  ])('refuses a sealed document %s: a DocumentError DOCKET_ERR_DECRYPT, not garbage', async (_name, read, message) => {
    const err = await read().then(
      () => expect.unreachable(),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DocumentError);
    expect(err).toMatchObject({ code: 'DOCKET_ERR_DECRYPT', retryable: false, message: expect.stringMatching(message) });
  });
});
