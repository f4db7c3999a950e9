import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh secret: `bytes` random bytes, base64url (no padding, safe in cookies and URLs). */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** How a secret is stored: SHA-256 hex. A leaked table gives nobody a usable token. */
export function sha256Hex(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * A new bearer secret, `prefix` + 32 random bytes, and the hash to store: the holder keeps the
 * secret, the server only ever finds it again by the hash.
 */
export function issueSecret(prefix = ''): { secret: string; hash: string } {
  const secret = prefix + randomSecret(32);
  return { secret, hash: sha256Hex(secret) };
}

/**
 * Equal whatever the lengths, in time that does not depend on where they differ: both sides
 * are digested first, so timingSafeEqual always compares 32 bytes.
 */
export function isSameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
