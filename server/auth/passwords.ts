import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { ScryptOptions } from 'node:crypto';
import { ApiError } from '../http/api-error.js';

/** OWASP's scrypt floor (design.md §11). */
export const DEFAULT_SCRYPT_COST = 2 ** 17;
/** The cheapest cost accepted, so tests can hash quickly; never used by the server itself. */
export const MIN_SCRYPT_COST = 2 ** 10;
const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1024;

const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;

export interface HashOptions {
  /** scrypt N, a power of two from 2^10; default 2^17. */
  cost?: number;
}

interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/**
 * At most this many hashes at once: each takes 128·N·r bytes (128 MiB at the default cost),
 * so a burst of sign-in attempts queues up instead of exhausting memory.
 */
const MAX_CONCURRENT_HASHES = 2;
let running = 0;
const queue: Array<() => void> = [];

async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  // A finishing hash hands its slot straight to the next in line, so none can jump the queue.
  if (running < MAX_CONCURRENT_HASHES) running += 1;
  else await new Promise<void>((resolve) => queue.push(resolve));
  try {
    return await work();
  } finally {
    const next = queue.shift();
    if (next) next();
    else running -= 1;
  }
}

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return withHashSlot(() => scryptOnce(password, salt, params));
}

function scryptOnce(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; Node's default cap (32 MiB) is below what N=2^17 asks.
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 1 && (n & (n - 1)) === 0;
}

/** `scrypt$N$r$p$salt$hash` (salt and hash base64): the parameters travel with the hash. */
export async function hashPassword(password: string, options: HashOptions = {}): Promise<string> {
  const N = options.cost ?? DEFAULT_SCRYPT_COST;
  if (!isPowerOfTwo(N) || N < MIN_SCRYPT_COST) {
    throw new RangeError(`scrypt cost must be a power of two >= ${MIN_SCRYPT_COST}`);
  }
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, { N, r: BLOCK_SIZE, p: PARALLELISM });
  return [
    'scrypt',
    N,
    BLOCK_SIZE,
    PARALLELISM,
    salt.toString('base64'),
    key.toString('base64'),
  ].join('$');
}

/** The stored parameters, or null for anything this code did not write (never a crash). */
function parse(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const isSane =
    isPowerOfTwo(N) &&
    N >= MIN_SCRYPT_COST &&
    N <= 2 ** 20 &&
    r >= 1 &&
    r <= 32 &&
    p >= 1 &&
    p <= 4;
  if (!isSane || !Number.isInteger(r) || !Number.isInteger(p)) return null;
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const key = Buffer.from(parts[5] ?? '', 'base64');
  if (salt.length === 0 || key.length === 0) return null;
  return { params: { N, r, p }, salt, key };
}

/** True when `password` produces `stored`; spends the stored cost either way. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.params);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/**
 * A well-formed hash of nothing anyone knows: verifying against it costs what a real login
 * costs, so an unknown email answers no faster than a wrong password.
 */
const DECOY_HASH =
  'scrypt$131072$8$1$ZGFzaGZsZWV0LWRlY295$' + Buffer.alloc(KEY_LENGTH, 7).toString('base64');

export async function spendDecoyHash(password: string): Promise<void> {
  await verifyPassword(password, DECOY_HASH);
}

/** 400 E_WEAK_PASSWORD below the minimum length (counted in characters, not bytes). */
export function assertStrongPassword(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw new ApiError(
      'E_WEAK_PASSWORD',
      `passwords need at least ${MIN_PASSWORD_LENGTH} characters`,
    );
  }
}
