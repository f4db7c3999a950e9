import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../server/http/api-error.js';
import {
  DEFAULT_SCRYPT_COST,
  MIN_SCRYPT_COST,
  assertStrongPassword,
  hashPassword,
  verifyPassword,
} from '../../../server/auth/passwords.js';

const cheap = { cost: MIN_SCRYPT_COST };

describe('passwords', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery', cheap);
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts every hash, so the same password never hashes the same twice', async () => {
    const a = await hashPassword('same password here', cheap);
    const b = await hashPassword('same password here', cheap);
    expect(a).not.toBe(b);
  });

  it('stores its parameters, and verification uses the stored ones', async () => {
    const stored = await hashPassword('parameters travel', { cost: 2 ** 11 });
    const [scheme, n, r, p, salt, key] = stored.split('$');
    expect([scheme, n, r, p]).toEqual(['scrypt', '2048', '8', '1']);
    expect(Buffer.from(salt ?? '', 'base64')).toHaveLength(16);
    expect(Buffer.from(key ?? '', 'base64').length).toBeGreaterThanOrEqual(32);
    expect(await verifyPassword('parameters travel', stored)).toBe(true);
  });

  it('uses N=2^17, r=8, p=1 by default', async () => {
    const stored = await hashPassword('the real cost of it');
    expect(stored.split('$').slice(0, 4)).toEqual([
      'scrypt',
      String(DEFAULT_SCRYPT_COST),
      '8',
      '1',
    ]);
    expect(DEFAULT_SCRYPT_COST).toBe(2 ** 17);
    expect(await verifyPassword('the real cost of it', stored)).toBe(true);
  });

  it('refuses a cost below 2^10 or not a power of two', async () => {
    await expect(hashPassword('whatever password', { cost: 2 ** 9 })).rejects.toThrow(RangeError);
    await expect(hashPassword('whatever password', { cost: 3000 })).rejects.toThrow(RangeError);
  });

  it('answers false, never throws, for a stored value it did not write', async () => {
    for (const stored of [
      '',
      'plain',
      'scrypt$1$8$1$c2FsdA==$a2V5',
      'scrypt$1024$8$1$$',
      'bcrypt$x',
    ]) {
      expect(await verifyPassword('anything at all', stored)).toBe(false);
    }
  });

  it('wants at least 10 characters', () => {
    expect(() => assertStrongPassword('123456789')).toThrow(ApiError);
    try {
      assertStrongPassword('short');
    } catch (error) {
      expect((error as ApiError).code).toBe('E_WEAK_PASSWORD');
      expect((error as ApiError).statusCode).toBe(400);
    }
    expect(() => assertStrongPassword('1234567890')).not.toThrow();
  });
});

describe('password hashing under load', () => {
  it('completes every one of many concurrent hashes and verifications', async () => {
    const passwords = Array.from({ length: 8 }, (_, i) => `concurrent password ${i}`);
    const hashes = await Promise.all(passwords.map((p) => hashPassword(p, cheap)));
    const results = await Promise.all(
      passwords.flatMap((p, i) => [
        verifyPassword(p, hashes[i] ?? ''),
        verifyPassword(`${p}!`, hashes[i] ?? ''),
      ]),
    );
    expect(results).toEqual(passwords.flatMap(() => [true, false]));
  });
});
