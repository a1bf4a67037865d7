import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Memory-hard password hashes with scrypt from node:crypto (no native dependency). Stored as
 * `scrypt$<log2 N>$<r>$<p>$<salt base64url>$<hash base64url>`, so verification uses the parameters a hash was made
 * with and stronger defaults can come later (`needsRehash`).
 *
 * Defaults: N = 2^16, r = 8, p = 2, 16-byte salt, 32-byte key: 64 MiB of memory per hash (128 * N * r bytes) and
 * the CPU of OWASP's first scrypt recommendation (N = 2^17, r = 8, p = 1) at half its memory, one of the settings the
 * OWASP Password Storage Cheat Sheet lists as equivalent. Node runs scrypt on the libuv pool (4 threads by default),
 * so at most 4 hashes, 256 MiB, are in flight at once. About 0.5 s per hash on a busy 2-vCPU machine.
 */
export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  logN: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT: Readonly<ScryptParams> = Object.freeze({ logN: 16, r: 8, p: 2 });

const KEY_BYTES = 32;
const SALT_BYTES = 16;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.logN;
  // scrypt needs 128 * N * r bytes; Node refuses anything over maxmem (32 MiB by default).
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 128 * N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scryptCallback(password.normalize('NFKC'), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params);
  return ['scrypt', params.logN, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

function parse(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [logN, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  // Bounds keep a tampered row from asking for gigabytes.
  if (![logN, r, p].every(Number.isInteger) || logN < 1 || logN > 20 || r < 1 || r > 32 || p < 1 || p > 16) return undefined;
  return { params: { logN, r, p }, salt: Buffer.from(parts[4]!, 'base64url'), key: Buffer.from(parts[5]!, 'base64url') };
}

/** Whether `password` matches `stored`; false (never an error) for a malformed hash. Constant-time comparison. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed || parsed.key.length !== KEY_BYTES) return false;
  const key = await derive(password, parsed.salt, parsed.params);
  return timingSafeEqual(key, parsed.key);
}

/** Whether a hash was made with weaker parameters than `params` (rehash it at the next sign-in). */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT): boolean {
  const parsed = parse(stored);
  if (!parsed) return true;
  const cost = (x: ScryptParams) => 2 ** x.logN * x.r * x.p;
  return cost(parsed.params) < cost(params) || 2 ** parsed.params.logN * parsed.params.r < 2 ** params.logN * params.r;
}
