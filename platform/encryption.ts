import { createCipheriv, createDecipheriv, createHash, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import type { Config } from './config.js';
import { ConfigError, DecryptError, DocketError } from './errors.js';

/**
 * Encryption at rest for the files Docket writes with borrower data (the reviewed eval set's documents, manifests and
 * truth; the LLM completion cache). A sealed file is an envelope, AES-256-GCM throughout (node:crypto only):
 *
 *   "DKTENC1" | keyIdLength u8 | keyId utf8 | wrappedKeyLength u16be | wrappedKey | nonce (12) | tag (16) | ciphertext
 *
 * Every file has a fresh random 256-bit data key; the data key is stored wrapped (encrypted) by a key provider (the
 * local key from DOCKET_ENCRYPTION_KEY, or a KMS), named by its key id. The header (magic to nonce) is the GCM
 * additional data, so changing the key id, the wrapped key or the nonce fails the tag like changing the ciphertext.
 * Rotation: seal with the new key, keep the old ones in the keyring for reading (DOCKET_ENCRYPTION_OLD_KEYS).
 */

/** First bytes of every sealed file: Docket encryption, format 1. */
export const SEALED_MAGIC = Buffer.from('DKTENC1', 'ascii');

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** AES-256: data keys and the local key are 32 bytes. */
export const KEY_BYTES = 32;
const MAX_KEY_ID_BYTES = 255;
/** Room for any KMS's wrapped key (an AWS KMS ciphertext blob is about 184 bytes, a Vault transit one under 100). */
const MAX_WRAPPED_KEY_BYTES = 4096;

/** The most a sealed file can be larger than its plaintext: readers with a byte limit allow this much on top. */
export const SEALED_OVERHEAD_MAX = SEALED_MAGIC.length + 1 + MAX_KEY_ID_BYTES + 2 + MAX_WRAPPED_KEY_BYTES + NONCE_BYTES + TAG_BYTES;

/**
 * A key-encryption key: where the per-file data keys come from and go back to. The local provider
 * (`createLocalKeyProvider`) wraps them with AES-256-GCM under DOCKET_ENCRYPTION_KEY. A KMS implements the same two
 * calls, so the master key never leaves it:
 * - AWS KMS: `generateDataKey` = GenerateDataKey(KeyId, KeySpec AES_256) -> { Plaintext, CiphertextBlob as wrapped };
 *   `unwrapDataKey` = Decrypt(CiphertextBlob, KeyId). keyId e.g. `aws-kms:alias/docket`.
 * - Vault transit: `generateDataKey` = POST transit/datakey/plaintext/<name> -> { plaintext (base64), ciphertext
 *   ("vault:v1:...", stored as its utf8 bytes) }; `unwrapDataKey` = POST transit/decrypt/<name>. Vault's own key
 *   versions live inside its ciphertext, so keyId (e.g. `vault:docket`) stays the same across its rotations.
 * A remote provider is called once per sealed or opened file; one that sees many files may cache data keys for a short
 * while (as the AWS Encryption SDK's caching does). Errors it throws as a DocketError (e.g. retryable when the KMS is
 * unreachable) pass through unchanged; anything else becomes a DecryptError.
 */
export interface KeyProvider {
  /** Stable id written into each sealed file's header; 1-255 utf8 bytes. Picks the provider when the file is opened. */
  readonly keyId: string;
  /** A fresh 32-byte data key, and the same key wrapped by this provider, to be stored in the file. */
  generateDataKey(): Promise<{ plaintext: Buffer; wrapped: Buffer }>;
  /** The 32-byte data key from a `wrapped` one this provider made; throws DecryptError when it does not unwrap. */
  unwrapDataKey(wrapped: Buffer): Promise<Buffer>;
}

/** The providers a process knows: `current` seals new files; every one (current and retired) may open files. */
export interface Keyring {
  readonly current: KeyProvider;
  provider(keyId: string): KeyProvider | undefined;
  readonly keyIds: readonly string[];
}

/** A keyring sealing with `current` and opening with it and `retired` (keys rotated out, kept to read old files). */
export function createKeyring(current: KeyProvider, retired: readonly KeyProvider[] = []): Keyring {
  const byId = new Map<string, KeyProvider>();
  for (const p of [current, ...retired]) {
    if (byId.has(p.keyId)) throw new ConfigError([`encryption key id "${p.keyId}" is used by two keys`]);
    const idBytes = Buffer.byteLength(p.keyId, 'utf8');
    if (idBytes < 1 || idBytes > MAX_KEY_ID_BYTES) throw new ConfigError([`encryption key id must be 1-${MAX_KEY_ID_BYTES} bytes`]);
    byId.set(p.keyId, p);
  }
  return { current, provider: (keyId) => byId.get(keyId), keyIds: [...byId.keys()] };
}

/** The default id of a local key: a fingerprint of it (sha256 of a label and the key, 64 bits), so a new key gets a new id. */
export function localKeyId(key: Uint8Array): string {
  return `local-${createHash('sha256').update('docket encryption key id\0').update(key).digest('hex').slice(0, 16)}`;
}

/** A provider holding a 32-byte key in this process (DOCKET_ENCRYPTION_KEY): data keys are wrapped with AES-256-GCM. */
export function createLocalKeyProvider(keyId: string, key: Uint8Array): KeyProvider {
  if (key.length !== KEY_BYTES) throw new ConfigError([`encryption key "${keyId}" is ${key.length} bytes, not ${KEY_BYTES}`]);
  const kek: KeyObject = createSecretKey(Buffer.from(key));
  // Binds a wrapped key to this key id: a wrapped key moved under another id does not unwrap.
  const aad = Buffer.from(`docket data key\0${keyId}`, 'utf8');
  return {
    keyId,
    async generateDataKey() {
      const plaintext = randomBytes(KEY_BYTES);
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', kek, nonce).setAAD(aad);
      const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return { plaintext, wrapped: Buffer.concat([nonce, cipher.getAuthTag(), body]) };
    },
    async unwrapDataKey(wrapped) {
      if (wrapped.length !== NONCE_BYTES + TAG_BYTES + KEY_BYTES) throw new DecryptError(`the data key is not one key "${keyId}" wrapped`, keyId);
      try {
        const decipher = createDecipheriv('aes-256-gcm', kek, wrapped.subarray(0, NONCE_BYTES)).setAAD(aad);
        decipher.setAuthTag(wrapped.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
        return Buffer.concat([decipher.update(wrapped.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]);
      } catch (err) {
        throw new DecryptError(`the data key does not unwrap with key "${keyId}": another key under the same id, or altered bytes`, keyId, { cause: err });
      }
    },
  };
}

/** The keyring the configuration describes (DOCKET_ENCRYPTION_*), or undefined when encryption at rest is off. */
export function keyringFromConfig(encryption: Config['encryption']): Keyring | undefined {
  if (!encryption) return undefined;
  const provider = (k: { keyId: string; key: string }) => createLocalKeyProvider(k.keyId, Buffer.from(k.key, 'base64'));
  return createKeyring(provider(encryption), encryption.oldKeys.map(provider));
}

/** Whether `bytes` start with the sealed-file magic. */
export function isSealed(bytes: Uint8Array): boolean {
  return bytes.length >= SEALED_MAGIC.length && SEALED_MAGIC.equals(Buffer.from(bytes.buffer, bytes.byteOffset, SEALED_MAGIC.length));
}

/** Encrypts `plaintext` with a fresh data key from the keyring's current provider. */
export async function seal(plaintext: Uint8Array, keyring: Keyring): Promise<Buffer> {
  const provider = keyring.current;
  const { plaintext: dataKey, wrapped } = await provider.generateDataKey();
  const keyId = Buffer.from(provider.keyId, 'utf8');
  if (dataKey.length !== KEY_BYTES) throw new DecryptError(`key provider "${provider.keyId}" gave a ${dataKey.length}-byte data key`, provider.keyId);
  if (wrapped.length < 1 || wrapped.length > MAX_WRAPPED_KEY_BYTES) {
    throw new DecryptError(`key provider "${provider.keyId}" gave a ${wrapped.length}-byte wrapped key (1-${MAX_WRAPPED_KEY_BYTES})`, provider.keyId);
  }
  if (keyId.length < 1 || keyId.length > MAX_KEY_ID_BYTES) throw new ConfigError([`encryption key id must be 1-${MAX_KEY_ID_BYTES} bytes`]);
  const wrappedLength = Buffer.alloc(2);
  wrappedLength.writeUInt16BE(wrapped.length);
  const nonce = randomBytes(NONCE_BYTES);
  const header = Buffer.concat([SEALED_MAGIC, Buffer.from([keyId.length]), keyId, wrappedLength, wrapped, nonce]);
  const cipher = createCipheriv('aes-256-gcm', dataKey, nonce).setAAD(header);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([header, cipher.getAuthTag(), body]);
}

interface SealedParts {
  keyId: string;
  wrapped: Buffer;
  nonce: Buffer;
  /** Magic to nonce: the additional authenticated data. */
  header: Buffer;
  tag: Buffer;
  body: Buffer;
}

function parseSealed(bytes: Uint8Array): SealedParts {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const truncated = () => new DecryptError('the sealed file is truncated or its header is malformed');
  let at = SEALED_MAGIC.length;
  if (b.length < at + 1) throw truncated();
  const idLength = b[at]!;
  at += 1;
  if (idLength < 1 || b.length < at + idLength + 2) throw truncated();
  const keyId = b.subarray(at, at + idLength).toString('utf8');
  at += idLength;
  const wrappedLength = b.readUInt16BE(at);
  at += 2;
  if (wrappedLength < 1 || wrappedLength > MAX_WRAPPED_KEY_BYTES || b.length < at + wrappedLength + NONCE_BYTES + TAG_BYTES) throw truncated();
  const wrapped = b.subarray(at, at + wrappedLength);
  at += wrappedLength;
  const nonce = b.subarray(at, at + NONCE_BYTES);
  at += NONCE_BYTES;
  return { keyId, wrapped, nonce, header: b.subarray(0, at), tag: b.subarray(at, at + TAG_BYTES), body: b.subarray(at + TAG_BYTES) };
}

/**
 * Decrypts a sealed file. Throws DecryptError when it is not sealed, when no keyring is given (no key configured), when
 * its key id is not in the keyring, or when any byte was changed (the tag fails): never returns garbage.
 */
export async function unseal(sealed: Uint8Array, keyring: Keyring | undefined): Promise<Buffer> {
  if (!isSealed(sealed)) throw new DecryptError('not a sealed file (no DKTENC1 header)');
  const parts = parseSealed(sealed);
  if (!keyring) {
    throw new DecryptError(`the file is sealed (key id "${parts.keyId}") and no encryption key is configured (DOCKET_ENCRYPTION_KEY)`, parts.keyId);
  }
  const provider = keyring.provider(parts.keyId);
  if (!provider) {
    throw new DecryptError(
      `the file is sealed with key id "${parts.keyId}", which is not configured (DOCKET_ENCRYPTION_KEY_ID, DOCKET_ENCRYPTION_OLD_KEYS)`,
      parts.keyId,
    );
  }
  let dataKey: Buffer;
  try {
    dataKey = await provider.unwrapDataKey(parts.wrapped);
  } catch (err) {
    if (err instanceof DocketError) throw err;
    throw new DecryptError(`key provider "${parts.keyId}" could not unwrap the data key`, parts.keyId, { cause: err });
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', dataKey, parts.nonce).setAAD(parts.header);
    decipher.setAuthTag(parts.tag);
    return Buffer.concat([decipher.update(parts.body), decipher.final()]);
  } catch (err) {
    throw new DecryptError(`the sealed file does not authenticate (key id "${parts.keyId}"): its bytes were altered`, parts.keyId, { cause: err });
  }
}

/** `bytes` as they are when not sealed, else decrypted (see `unseal`): how readers take both old plaintext and sealed files. */
export async function unsealIfSealed<T extends Uint8Array>(bytes: T, keyring: Keyring | undefined): Promise<T | Buffer> {
  return isSealed(bytes) ? unseal(bytes, keyring) : bytes;
}

/** `bytes` sealed when a keyring is given, else as they are (encryption at rest off). */
export async function sealIfKeyed(bytes: Uint8Array, keyring: Keyring | undefined): Promise<Uint8Array> {
  return keyring ? seal(bytes, keyring) : bytes;
}
