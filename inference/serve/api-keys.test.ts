import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../platform/errors.js';
import { ApiKeyStore, createKeyInFile, generateApiKey, hashApiKey, readKeysFile, revokeKeyInFile } from './api-keys.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'docket-keys-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('API keys', () => {
  it('generates random keys whose hash, not the key, is the record', () => {
    const a = generateApiKey('a');
    const b = generateApiKey('b');
    expect(a.key).toMatch(/^dk-[A-Za-z0-9_-]{43}$/);
    expect(a.key).not.toBe(b.key);
    expect(a.record.sha256).toBe(hashApiKey(a.key));
    expect(a.record.id).toBe(`key_${a.record.sha256.slice(0, 12)}`);
    expect(JSON.stringify(a.record)).not.toContain(a.key);
  });

  it('verifies only the keys it holds', () => {
    const a = generateApiKey('a');
    const store = new ApiKeyStore([a.record, ...ApiKeyStore.fromHashes([hashApiKey('dk-configured')])]);
    expect(store.verify(a.key)?.name).toBe('a');
    expect(store.verify('dk-configured')?.name).toBe('configured');
    expect(store.verify('dk-other')).toBeUndefined();
    expect(store.verify('')).toBeUndefined();
    expect(() => ApiKeyStore.fromHashes(['not-a-hash'])).toThrow(ConfigError);
  });

  it('creates, lists and revokes keys in a 0600 file', async () => {
    const file = path.join(dir, 'sub', 'keys.json');
    expect(await readKeysFile(file)).toEqual([]);
    const one = await createKeyInFile(file, 'loan-origination');
    const two = await createKeyInFile(file, 'reporting');
    expect((await readKeysFile(file)).map((k) => k.name)).toEqual(['loan-origination', 'reporting']);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(one.key);
    expect(text).not.toContain(two.key);
    expect(await revokeKeyInFile(file, one.record.id)).toBe(true);
    expect(await revokeKeyInFile(file, one.record.id)).toBe(false);
    expect((await readKeysFile(file)).map((k) => k.id)).toEqual([two.record.id]);
  });

  it('refuses a malformed keys file with ConfigError', async () => {
    const file = path.join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ version: 1, keys: [{ id: 'x', name: 'n', sha256: 'short', createdAt: '' }] }));
    await expect(readKeysFile(file)).rejects.toBeInstanceOf(ConfigError);
    await writeFile(file, '{');
    await expect(readKeysFile(file)).rejects.toThrow(/not valid JSON/);
  });
});
