import { describe, expect, it } from 'vitest';
import { isSameSecret, issueSecret, sha256Hex } from '../../../server/auth/secrets.js';

describe('issueSecret', () => {
  it('starts with the prefix, carries 32 random bytes and comes with its SHA-256', () => {
    const { secret, hash } = issueSecret('dfk_');
    expect(secret).toMatch(/^dfk_[A-Za-z0-9_-]{43}$/);
    expect(hash).toBe(sha256Hex(secret));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('has no prefix unless asked, and never repeats itself', () => {
    const first = issueSecret();
    const second = issueSecret();
    expect(first.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.secret).not.toBe(second.secret);
    expect(first.hash).not.toBe(second.hash);
  });
});

describe('isSameSecret', () => {
  it('accepts the same secret and refuses another, whatever its length', () => {
    const { secret } = issueSecret('dfe_');
    expect(isSameSecret(secret, secret)).toBe(true);
    expect(isSameSecret(`${secret}x`, secret)).toBe(false);
    expect(isSameSecret('', secret)).toBe(false);
  });
});
