import { describe, expect, it } from 'vitest';
import {
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
  retryDelayMs,
} from '../../../src/agent/link/backoff.js';

describe('retryDelayMs: exponential backoff with full jitter', () => {
  it('doubles the ceiling per failure from 1 s up to the 5 min cap', () => {
    const ceiling = (failures: number) => retryDelayMs(failures, () => 0.999_999_9);
    expect([1, 2, 3, 4, 5].map(ceiling)).toEqual([999, 1_999, 3_999, 7_999, 15_999]);
    expect(ceiling(9)).toBe(255_999);
    expect(ceiling(10)).toBe(299_999);
    expect(ceiling(1_000)).toBe(299_999);
  });

  it('draws anywhere between 0 and the ceiling', () => {
    expect(retryDelayMs(4, () => 0)).toBe(0);
    expect(retryDelayMs(4, () => 0.5)).toBe(4_000);
    expect(retryDelayMs(4, () => 0.25)).toBe(2_000);
  });

  it('spreads agents that failed at the same moment', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 16_807) % 2_147_483_647) - 1) / 2_147_483_646;
    const delays = Array.from({ length: 1_000 }, () => retryDelayMs(6, random));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(32_000);
    expect(new Set(delays.map((d) => Math.floor(d / 3_200))).size).toBe(10);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2025, 0, 1, 12);
  it.each([
    ['7', 7_000],
    ['0', 0],
    [' 120 ', 120_000],
    [new Date(now + 30_000).toUTCString(), 30_000],
    [new Date(now - 30_000).toUTCString(), 0],
    ['999999', MAX_RETRY_AFTER_MS],
  ])('%j → %d ms', (header, ms) => expect(parseRetryAfter(header, now)).toBe(ms));

  it.each([undefined, '', 'soon', '-5', '1.5'])('ignores %j', (header) =>
    expect(parseRetryAfter(header, now)).toBeUndefined(),
  );
});
