import { createHash } from 'node:crypto';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
