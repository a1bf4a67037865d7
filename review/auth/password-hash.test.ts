import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, verifyPassword } from './password-hash.js';

const CHEAP = { logN: 10, r: 8, p: 1 };

describe('scrypt password hashes', () => {
  it('verifies the password it was made from and nothing else', async () => {
    const stored = await hashPassword('correct horse battery staple', CHEAP);
    expect(stored).toMatch(/^scrypt\$10\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', stored)).toBe(false);
    // A fresh salt each time: the same password never hashes the same.
    expect(await hashPassword('correct horse battery staple', CHEAP)).not.toBe(stored);
  });

  it('uses the default parameters: N = 2^16, r = 8, p = 2 (64 MiB)', async () => {
    const stored = await hashPassword('pw');
    expect(stored.split('$').slice(1, 4)).toEqual(['16', '8', '2']);
    expect(await verifyPassword('pw', stored)).toBe(true);
  });

  it('rejects malformed or tampered hashes without throwing', async () => {
    expect(await verifyPassword('pw', 'plain-text')).toBe(false);
    expect(await verifyPassword('pw', 'scrypt$30$8$1$AAAA$AAAA')).toBe(false);
    expect(await verifyPassword('pw', 'bcrypt$10$8$1$AAAA$AAAA')).toBe(false);
  });

  it('asks for a rehash when the stored hash is weaker than the defaults', async () => {
    expect(needsRehash(await hashPassword('pw', CHEAP))).toBe(true);
    expect(needsRehash(await hashPassword('pw'))).toBe(false);
    expect(needsRehash('garbage')).toBe(true);
  });
});
