import { randomSecret } from '../auth/secrets.js';

/** For people who did not choose one: 24 characters, 144 random bits, easy to copy. */
export function generatePassword(): string {
  return randomSecret(18);
}
