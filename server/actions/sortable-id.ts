import { randomBytes } from 'node:crypto';

let lastMs = -1;
let sequence = 0;

/**
 * A UUIDv7-shaped id (RFC 9562): 48 bits of epoch ms, a 12-bit counter, then random bits.
 * Ids made in one process sort in the order they were made, even within one millisecond or
 * when the clock steps back, so "oldest first" keeps the order of a batch, of requests sent
 * together, and of an action's events.
 */
export function newSortableId(now: number): string {
  const ms = Math.max(0, Math.floor(now));
  if (ms > lastMs) {
    lastMs = ms;
    sequence = 0;
  } else {
    // The clock stood still or went back: keep counting from the last time used.
    sequence += 1;
    if (sequence > 0xfff) {
      lastMs += 1;
      sequence = 0;
    }
  }
  const bytes = randomBytes(16);
  let time = lastMs;
  for (let i = 5; i >= 0; i -= 1) {
    bytes[i] = time % 256;
    time = Math.floor(time / 256);
  }
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
