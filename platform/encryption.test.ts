import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import {
  createKeyring,
  createLocalKeyProvider,
  isSealed,
  keyringFromConfig,
  localKeyId,
  seal,
  SEALED_MAGIC,
  SEALED_OVERHEAD_MAX,
  unseal,
  unsealIfSealed,
  type KeyProvider,
} from './encryption.js';
import { ConfigError, DecryptError, DocketError } from './errors.js';

const keyA = randomBytes(32);
const keyB = randomBytes(32);
const ringA = createKeyring(createLocalKeyProvider('a', keyA));
const ringB = createKeyring(createLocalKeyProvider('b', keyB));
const text = Buffer.from('{"name":"Jane Q. Borrower","ssn":"123-45-6789"}');

/** The offsets of a sealed file's parts, as the format puts them (see platform/encryption.ts). */
function layout(sealed: Buffer) {
  const idLength = sealed[SEALED_MAGIC.length]!;
  const wrappedAt = SEALED_MAGIC.length + 1 + idLength + 2;
  const wrappedLength = sealed.readUInt16BE(wrappedAt - 2);
  const nonceAt = wrappedAt + wrappedLength;
  return { idAt: SEALED_MAGIC.length + 1, wrappedAt, nonceAt, tagAt: nonceAt + 12, bodyAt: nonceAt + 28 };
}

const flip = (b: Buffer, at: number) => {
  const copy = Buffer.from(b);
  copy[at] = copy[at]! ^ 0x01;
  return copy;
};

describe('seal / unseal', () => {
  it('round-trips, with a fresh nonce and data key each time, and hides the plaintext', async () => {
    for (const plain of [Buffer.alloc(0), text, randomBytes(1 << 20)]) {
      const sealed = await seal(plain, ringA);
      expect(isSealed(sealed)).toBe(true);
      expect(sealed.length - plain.length).toBeLessThanOrEqual(SEALED_OVERHEAD_MAX);
      expect((await unseal(sealed, ringA)).equals(plain)).toBe(true);
    }
    const [one, two] = [await seal(text, ringA), await seal(text, ringA)];
    expect(one.equals(two)).toBe(false);
    expect(one.includes('123-45-6789')).toBe(false);
    expect(one.includes('Borrower')).toBe(false);
    expect(one.subarray(layout(one).idAt, layout(one).idAt + 1).toString()).toBe('a');
  });

  it.each([
    ['the ciphertext', (s: Buffer) => layout(s).bodyAt + 3],
    ['the tag', (s: Buffer) => layout(s).tagAt],
    ['the nonce', (s: Buffer) => layout(s).nonceAt],
    ['the wrapped data key', (s: Buffer) => layout(s).wrappedAt + 5],
    ['the magic', () => 2],
  ])('refuses a file with one bit of %s changed (DOCKET_ERR_DECRYPT)', async (_part, at) => {
    const sealed = await seal(text, ringA);
    const tampered = flip(sealed, at(sealed));
    await expect(unseal(tampered, ringA)).rejects.toBeInstanceOf(DecryptError);
    await expect(unseal(tampered, ringA)).rejects.toMatchObject({ code: 'DOCKET_ERR_DECRYPT', retryable: false });
  });

  it('refuses a header whose key id was changed to another configured key (the header is authenticated)', async () => {
    const both = createKeyring(createLocalKeyProvider('a', keyA), [createLocalKeyProvider('b', keyA)]);
    const sealed = await seal(text, both);
    const renamed = Buffer.from(sealed);
    renamed[layout(sealed).idAt] = 'b'.charCodeAt(0);
    await expect(unseal(renamed, both)).rejects.toThrow(/does not unwrap|altered/);
  });

  it('refuses truncated files at every length', async () => {
    const sealed = await seal(text, ringA);
    for (const n of [SEALED_MAGIC.length, SEALED_MAGIC.length + 1, layout(sealed).nonceAt, layout(sealed).bodyAt - 1, sealed.length - 1]) {
      await expect(unseal(sealed.subarray(0, n), ringA), `length ${n}`).rejects.toBeInstanceOf(DecryptError);
    }
  });

  it('names an unknown key id, and refuses without any key', async () => {
    const sealed = await seal(text, ringA);
    await expect(unseal(sealed, ringB)).rejects.toMatchObject({ code: 'DOCKET_ERR_DECRYPT', keyId: 'a', message: expect.stringMatching(/key id "a".*not configured/) });
    await expect(unseal(sealed, undefined)).rejects.toMatchObject({ code: 'DOCKET_ERR_DECRYPT', message: expect.stringMatching(/no encryption key is configured/) });
    await expect(unseal(text, ringA)).rejects.toThrow(/not a sealed file/);
  });

  it('refuses a file under the right id but sealed with another key', async () => {
    const sealed = await seal(text, ringA);
    const impostor = createKeyring(createLocalKeyProvider('a', keyB));
    await expect(unseal(sealed, impostor)).rejects.toMatchObject({ code: 'DOCKET_ERR_DECRYPT', message: expect.stringMatching(/does not unwrap/) });
  });

  it('rotation: new files carry the new key, old files still open with the retired one', async () => {
    const old = await seal(text, ringA);
    const rotated = createKeyring(createLocalKeyProvider('b', keyB), [createLocalKeyProvider('a', keyA)]);
    expect(await unseal(old, rotated)).toEqual(text);
    const fresh = await seal(text, rotated);
    await expect(unseal(fresh, ringA)).rejects.toMatchObject({ keyId: 'b' });
    expect(await unseal(fresh, ringB)).toEqual(text);
    expect(() => createKeyring(createLocalKeyProvider('a', keyA), [createLocalKeyProvider('a', keyB)])).toThrow(ConfigError);
  });

  it('unsealIfSealed passes plaintext through and opens sealed bytes', async () => {
    expect(await unsealIfSealed(text, undefined)).toBe(text);
    expect(await unsealIfSealed(await seal(text, ringA), ringA)).toEqual(text);
  });
});

describe('key providers', () => {
  it('a KMS-style provider plugs in; its DocketErrors pass through, other failures become DecryptError', async () => {
    // Stands in for a KMS: the "wrapped" key is the data key xor a secret (a real one calls GenerateDataKey/Decrypt).
    const secret = randomBytes(32);
    const xor = (b: Buffer) => Buffer.from(b.map((x, i) => x ^ secret[i]!));
    const calls: string[] = [];
    let failWith: unknown;
    const kms: KeyProvider = {
      keyId: 'aws-kms:alias/docket',
      async generateDataKey() {
        calls.push('generate');
        const plaintext = randomBytes(32);
        return { plaintext, wrapped: xor(plaintext) };
      },
      async unwrapDataKey(wrapped) {
        calls.push('unwrap');
        if (failWith) throw failWith;
        return xor(wrapped);
      },
    };
    const ring = createKeyring(kms);
    const sealed = await seal(text, ring);
    expect(await unseal(sealed, ring)).toEqual(text);
    expect(calls).toEqual(['generate', 'unwrap']);

    failWith = new Error('AccessDeniedException');
    await expect(unseal(sealed, ring)).rejects.toMatchObject({ code: 'DOCKET_ERR_DECRYPT', message: expect.stringMatching(/could not unwrap/) });
    const unreachable = new DocketError('DOCKET_ERR_STORE_UNAVAILABLE', 'kms unreachable', { retryable: true });
    failWith = unreachable;
    await expect(unseal(sealed, ring)).rejects.toBe(unreachable);
  });

  it('the local provider refuses keys that are not 32 bytes', () => {
    expect(() => createLocalKeyProvider('x', randomBytes(16))).toThrow(ConfigError);
  });

  it('keyringFromConfig: off without a key; the configured key seals, old keys open', async () => {
    expect(keyringFromConfig(loadConfig({}).encryption)).toBeUndefined();
    const old = keyringFromConfig(loadConfig({ DOCKET_ENCRYPTION_KEY: keyA.toString('base64') }).encryption)!;
    expect(old.current.keyId).toBe(localKeyId(keyA));
    const sealedOld = await seal(text, old);
    const ring = keyringFromConfig(
      loadConfig({ DOCKET_ENCRYPTION_KEY: keyB.toString('base64'), DOCKET_ENCRYPTION_KEY_ID: '2025-06', DOCKET_ENCRYPTION_OLD_KEYS: keyA.toString('base64') }).encryption,
    )!;
    expect(ring.current.keyId).toBe('2025-06');
    expect(ring.keyIds).toEqual(['2025-06', localKeyId(keyA)]);
    expect(await unseal(sealedOld, ring)).toEqual(text);
  });
});
