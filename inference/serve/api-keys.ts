import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../../platform/errors.js';

/**
 * API keys of `docket inference serve`. A key is 32 random bytes (`dk-` + base64url), shown once when created; only
 * its sha256 is stored (a 256-bit random key needs no slow hash: there is nothing to guess). The keys file is JSON,
 * written with mode 0600; hashes can also be passed in directly (DOCKET_INFERENCE_KEY_HASHES).
 */

export interface ApiKeyRecord {
  /** Public id, used in usage accounting and logs: `key_` + the first 12 hex digits of the hash. */
  id: string;
  name: string;
  sha256: string;
  createdAt: string;
}

const KeysFile = z.object({
  version: z.literal(1),
  keys: z.array(
    z.object({
      id: z.string().min(1),
      name: z.string(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      createdAt: z.string(),
    }),
  ),
});

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function keyIdOf(sha256: string): string {
  return `key_${sha256.slice(0, 12)}`;
}

/** A new random key and its record (the key itself is not in the record: print it once, store the record). */
export function generateApiKey(name: string, now = new Date()): { key: string; record: ApiKeyRecord } {
  const key = `dk-${randomBytes(32).toString('base64url')}`;
  const sha256 = hashApiKey(key);
  return { key, record: { id: keyIdOf(sha256), name, sha256, createdAt: now.toISOString() } };
}

/** The key records a server accepts. */
export class ApiKeyStore {
  private readonly records: { record: ApiKeyRecord; digest: Buffer }[];

  constructor(records: readonly ApiKeyRecord[]) {
    this.records = records.map((record) => ({ record, digest: Buffer.from(record.sha256, 'hex') }));
  }

  /** Records from sha256 hex strings (DOCKET_INFERENCE_KEY_HASHES). */
  static fromHashes(hashes: readonly string[]): ApiKeyRecord[] {
    return hashes.map((h) => {
      const sha256 = h.trim().toLowerCase();
      if (!/^[0-9a-f]{64}$/.test(sha256)) throw new ConfigError(['an API key hash must be 64 hex digits (sha256)']);
      return { id: keyIdOf(sha256), name: 'configured', sha256, createdAt: '' };
    });
  }

  get size(): number {
    return this.records.length;
  }

  /** The record of a presented key, or undefined. Compares against every record in constant time per record. */
  verify(key: string): ApiKeyRecord | undefined {
    const digest = createHash('sha256').update(key, 'utf8').digest();
    let found: ApiKeyRecord | undefined;
    for (const { record, digest: want } of this.records) {
      if (timingSafeEqual(digest, want)) found = record;
    }
    return found;
  }
}

/** The records in a keys file; none when the file does not exist. */
export async function readKeysFile(file: string): Promise<ApiKeyRecord[]> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError([`${file} is not valid JSON`]);
  }
  const checked = KeysFile.safeParse(parsed);
  if (!checked.success) throw new ConfigError(checked.error.issues.map((i) => `${file}: ${i.path.join('.')}: ${i.message}`));
  return checked.data.keys;
}

async function writeKeysFile(file: string, keys: ApiKeyRecord[]): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify({ version: 1, keys }, null, 2)}\n`, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, file);
}

/** Creates a key, appends its record to the file, and returns the key (to show once) with the record. */
export async function createKeyInFile(file: string, name: string): Promise<{ key: string; record: ApiKeyRecord }> {
  const keys = await readKeysFile(file);
  const created = generateApiKey(name);
  await writeKeysFile(file, [...keys, created.record]);
  return created;
}

/** Removes a key by id; false when no such key. */
export async function revokeKeyInFile(file: string, id: string): Promise<boolean> {
  const keys = await readKeysFile(file);
  const kept = keys.filter((k) => k.id !== id);
  if (kept.length === keys.length) return false;
  await writeKeysFile(file, kept);
  return true;
}
