import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ListObjectsV2Command, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { ErrorCodes } from '../../core/error-codes.js';
import { DocumentError } from '../../platform/errors.js';

/** The guideline formats ingestion reads. */
export type GuidelineMediaType = 'application/pdf' | 'text/markdown' | 'text/html';

export interface GuidelineFile {
  /** file:// or s3:// URI, as the object store reads it (s3 keys URL-encoded segment by segment). */
  uri: string;
  mediaType: GuidelineMediaType;
}

export interface GuidelineListing {
  /** URI prefix of everything listed: a source under it that was not listed is gone (see `prune`). */
  root: string;
  /** For file:// URIs: the folder reads must stay inside (DocumentStore's fileRoot). */
  fileRoot: string;
  files: GuidelineFile[];
}

const EXTENSIONS: Record<string, GuidelineMediaType> = {
  '.pdf': 'application/pdf',
  '.md': 'text/markdown',
  '.markdown': 'text/markdown',
  '.html': 'text/html',
  '.htm': 'text/html',
};

export function guidelineMediaType(name: string): GuidelineMediaType | undefined {
  return EXTENSIONS[path.extname(name).toLowerCase()];
}

/**
 * Lists the guideline documents of a source: a folder (recursively; hidden entries and symlinks skipped), a single
 * file, a file:// URI, or s3://bucket/prefix. Files of other types are ignored. Sorted, so runs are reproducible.
 */
export async function listGuidelineFiles(source: string, s3?: S3ClientConfig): Promise<GuidelineListing> {
  if (/^s3:\/\//i.test(source)) return listS3(source, s3);
  const local = /^file:\/\//i.test(source) ? new URL(source).pathname : path.resolve(source);
  let real: string;
  try {
    real = await realpath(local);
  } catch (cause) {
    throw new DocumentError(ErrorCodes.DOCUMENT_NOT_FOUND, `guideline source not found: ${local}`, undefined, { cause });
  }
  const info = await stat(real);
  if (info.isFile()) {
    const mediaType = guidelineMediaType(real);
    const uri = pathToFileURL(real).href;
    return { root: uri, fileRoot: path.dirname(real), files: mediaType ? [{ uri, mediaType }] : [] };
  }
  const files: GuidelineFile[] = [];
  for (const entry of await readdir(real, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    if (path.relative(real, full).split(path.sep).some((part) => part.startsWith('.'))) continue;
    const mediaType = guidelineMediaType(entry.name);
    if (mediaType) files.push({ uri: pathToFileURL(full).href, mediaType });
  }
  files.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  return { root: pathToFileURL(real).href.replace(/\/?$/, '/'), fileRoot: real, files };
}

async function listS3(source: string, config: S3ClientConfig | undefined): Promise<GuidelineListing> {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/i.exec(source);
  if (!m) throw new DocumentError(ErrorCodes.UNSUPPORTED_URI, 's3 source must be s3://bucket/prefix');
  const bucket = m[1]!;
  const prefix = decodeURIComponent(m[2]!);
  const client = new S3Client(config ?? {});
  const files: GuidelineFile[] = [];
  try {
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, ContinuationToken: token }));
      for (const object of page.Contents ?? []) {
        const key = object.Key;
        if (!key || key.endsWith('/')) continue;
        const mediaType = guidelineMediaType(key);
        if (mediaType) files.push({ uri: s3Uri(bucket, key), mediaType });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  } catch (cause) {
    const name = (cause as { name?: string }).name;
    if (name === 'NoSuchBucket' || name === 'NotFound') {
      throw new DocumentError(ErrorCodes.DOCUMENT_NOT_FOUND, `bucket ${bucket} not found`, undefined, { cause });
    }
    throw new DocumentError(ErrorCodes.STORE_UNAVAILABLE, 'object store listing failed', undefined, { cause, retryable: true });
  } finally {
    client.destroy();
  }
  files.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  return { root: s3Uri(bucket, prefix), fileRoot: '/', files };
}

/** s3://bucket/key with each key segment URL-encoded, the form DocumentStore decodes. */
function s3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}
