import { createHash } from 'node:crypto';
import { constants as fsc } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { ErrorCodes } from '../../core/error-codes.js';
import type { Config } from '../../platform/config.js';
import { isSealed, SEALED_OVERHEAD_MAX, unseal, type Keyring } from '../../platform/encryption.js';
import { DecryptError, DocumentError } from '../../platform/errors.js';

/**
 * Reads documents by URI. sha256 is checked on every read; size is capped before the bytes are all in memory. A file
 * Docket sealed (encryption at rest, platform/encryption.ts) is decrypted first: sha256 and size are the plaintext's.
 */
export interface DocumentStore {
  read(uri: string, expect: { sha256?: string; maxBytes: number }): Promise<Uint8Array>;
}

export interface DocumentStoreOptions {
  /** file:// URIs must resolve (after symlinks) inside this folder. */
  fileRoot: string;
  s3?: S3ClientConfig;
  /**
   * Opens sealed files (those starting with "DKTENC1", e.g. a reviewed eval set's documents). Without it a sealed file
   * is refused with DOCKET_ERR_DECRYPT; plain files are read as they are either way.
   */
  keyring?: Keyring;
}

export function createDocumentStore(options: DocumentStoreOptions): DocumentStore {
  let s3: S3Client | undefined;
  return {
    async read(uri, expect) {
      const scheme = /^([a-z0-9+.-]+):\/\//i.exec(uri)?.[1]?.toLowerCase();
      // A sealed file is its plaintext plus a header: allow the header on top of the limit, then check the plaintext.
      const storedLimit = options.keyring ? expect.maxBytes + SEALED_OVERHEAD_MAX : expect.maxBytes;
      let bytes: Uint8Array;
      if (scheme === 'file') bytes = await readFileUri(uri, options.fileRoot, storedLimit);
      else if (scheme === 's3') {
        s3 ??= new S3Client(options.s3 ?? {});
        bytes = await readS3Uri(s3, uri, storedLimit);
      } else throw new DocumentError(ErrorCodes.UNSUPPORTED_URI, `unsupported URI scheme: ${scheme ?? 'none'}`);
      if (isSealed(bytes)) bytes = await openSealed(bytes, options.keyring);
      if (bytes.byteLength > expect.maxBytes) {
        throw new DocumentError(ErrorCodes.DOCUMENT_TOO_LARGE, `document is ${bytes.byteLength} bytes, limit ${expect.maxBytes}`);
      }
      if (expect.sha256) {
        const actual = createHash('sha256').update(bytes).digest('hex');
        if (actual !== expect.sha256) {
          throw new DocumentError(ErrorCodes.CHECKSUM_MISMATCH, 'document bytes do not match the sha256 in the event');
        }
      }
      return bytes;
    },
  };
}

/** Decrypts a sealed document; one that will not open is a bad document (DOCKET_ERR_DECRYPT), not a crash. */
async function openSealed(bytes: Uint8Array, keyring: Keyring | undefined): Promise<Uint8Array> {
  try {
    return new Uint8Array(await unseal(bytes, keyring));
  } catch (err) {
    if (!(err instanceof DecryptError)) throw err;
    throw new DocumentError(ErrorCodes.DECRYPT, `sealed document: ${err.message}`, undefined, { cause: err, retryable: err.retryable });
  }
}

async function readFileUri(uri: string, root: string, maxBytes: number): Promise<Uint8Array> {
  let file: string;
  try {
    file = fileURLToPath(uri);
  } catch (err) {
    throw new DocumentError(ErrorCodes.FORBIDDEN_URI, 'malformed file:// URI', undefined, { cause: err });
  }
  let real: string;
  try {
    real = await realpath(file);
  } catch (err) {
    throw new DocumentError(ErrorCodes.DOCUMENT_NOT_FOUND, 'document not found in the file store', undefined, { cause: err });
  }
  const realRoot = await realpath(root);
  if (real !== realRoot && !real.startsWith(realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep)) {
    throw new DocumentError(ErrorCodes.FORBIDDEN_URI, 'document URI resolves outside DOCKET_FILE_ROOT');
  }
  // Non-blocking: opening a named pipe would otherwise wait for a writer forever; the check below refuses it.
  const handle = await open(real, fsc.O_RDONLY | fsc.O_NONBLOCK);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new DocumentError(ErrorCodes.DOCUMENT_NOT_FOUND, 'document URI is not a regular file');
    if (stat.size > maxBytes) {
      throw new DocumentError(ErrorCodes.DOCUMENT_TOO_LARGE, `document is ${stat.size} bytes, limit ${maxBytes}`);
    }
    return new Uint8Array(await handle.readFile());
  } finally {
    await handle.close();
  }
}

async function readS3Uri(client: S3Client, uri: string, maxBytes: number): Promise<Uint8Array> {
  const m = /^s3:\/\/([^/]+)\/(.+)$/i.exec(uri);
  if (!m) throw new DocumentError(ErrorCodes.UNSUPPORTED_URI, 's3 URI must be s3://bucket/key');
  let response;
  try {
    response = await client.send(new GetObjectCommand({ Bucket: m[1], Key: decodeURIComponent(m[2]!) }));
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name === 'NoSuchKey' || name === 'NotFound' || name === 'NoSuchBucket') {
      throw new DocumentError(ErrorCodes.DOCUMENT_NOT_FOUND, 'document not found in the object store', undefined, { cause: err });
    }
    throw new DocumentError(ErrorCodes.STORE_UNAVAILABLE, 'object store request failed', undefined, { cause: err, retryable: true });
  }
  if ((response.ContentLength ?? 0) > maxBytes) {
    throw new DocumentError(ErrorCodes.DOCUMENT_TOO_LARGE, `document is ${response.ContentLength} bytes, limit ${maxBytes}`);
  }
  const bytes = await response.Body!.transformToByteArray();
  if (bytes.byteLength > maxBytes) {
    throw new DocumentError(ErrorCodes.DOCUMENT_TOO_LARGE, `document is over the limit of ${maxBytes} bytes`);
  }
  return bytes;
}

/**
 * The store the configuration describes (file root, S3 endpoint and credentials): one place builds it for every
 * command. `keyring` (platform/encryption.ts `keyringFromConfig`) opens files Docket sealed.
 */
export function documentStoreFromConfig(store: Config['store'], keyring?: Keyring): DocumentStore {
  const { s3 } = store;
  return createDocumentStore({
    fileRoot: store.fileRoot,
    ...(keyring ? { keyring } : {}),
    s3: {
      region: s3.region,
      forcePathStyle: s3.forcePathStyle,
      ...(s3.endpoint ? { endpoint: s3.endpoint } : {}),
      ...(s3.accessKeyId ? { credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey! } } : {}),
    },
  });
}
