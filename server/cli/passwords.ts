import { randomBytes } from 'node:crypto';

/** For people who did not choose one: 24 characters, 144 random bits, easy to copy. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
