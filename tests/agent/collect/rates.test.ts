import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRateTracker } from '../../../src/agent/collect/rates.js';

describe('createRateTracker', () => {
  it('gives no rate on the first reading of a key', () => {
    const rates = createRateTracker();
    expect(rates.update('eth0', 1_000, 0)).toBeUndefined();
  });

  it('divides the counter increase by the elapsed time', () => {
    const rates = createRateTracker();
    rates.update('eth0', 1_000, 10_000);
    expect(rates.update('eth0', 6_000, 12_000)).toBe(2_500);
    expect(rates.update('eth0', 6_000, 13_000)).toBe(0);
  });

  it('keeps keys apart', () => {
    const rates = createRateTracker();
    rates.update('rx', 0, 0);
    rates.update('tx', 100, 0);
    expect(rates.update('rx', 500, 1_000)).toBe(500);
    expect(rates.update('tx', 100, 1_000)).toBe(0);
  });

  it('gives no rate when the counter went backwards, then carries on from the new value', () => {
    const rates = createRateTracker();
    rates.update('eth0', 9_000_000, 0);
    expect(rates.update('eth0', 1_000, 1_000)).toBeUndefined();
    expect(rates.update('eth0', 3_000, 2_000)).toBe(2_000);
  });

  it('gives no rate when the clock did not move forward', () => {
    const rates = createRateTracker();
    rates.update('eth0', 0, 5_000);
    expect(rates.update('eth0', 100, 5_000)).toBeUndefined();
    expect(rates.update('eth0', 200, 4_000)).toBeUndefined();
  });

  it('treats NaN and negative counters as no reading', () => {
    const rates = createRateTracker();
    rates.update('eth0', 100, 0);
    expect(rates.update('eth0', Number.NaN, 1_000)).toBeUndefined();
    expect(rates.update('eth0', 200, 2_000)).toBeUndefined();
    expect(rates.update('eth0', -5, 3_000)).toBeUndefined();
  });

  it('gives no rate rather than Infinity when the interval is too small to divide by', () => {
    const rates = createRateTracker();
    rates.update('eth0', 0, 0);
    expect(rates.update('eth0', 1e300, Number.MIN_VALUE)).toBeUndefined();
  });

  it('forgets keys that are not retained', () => {
    const rates = createRateTracker();
    rates.update('eth0', 0, 0);
    rates.update('wlan0', 0, 0);
    rates.retainOnly(['wlan0']);
    expect(rates.update('eth0', 100, 1_000)).toBeUndefined();
    expect(rates.update('wlan0', 100, 1_000)).toBe(100);
  });

  const reading = fc.record({
    counter: fc.oneof(fc.double({ min: -1e3, max: 2 ** 64 }), fc.constant(Number.NaN)),
    stepMs: fc.double({ min: -1_000, max: 60_000, noNaN: true }),
  });

  it('never returns a negative, NaN or infinite rate, and nothing on a first reading', () => {
    fc.assert(
      fc.property(fc.array(reading, { minLength: 1, maxLength: 40 }), (readings) => {
        const rates = createRateTracker();
        let atMs = 0;
        readings.forEach(({ counter, stepMs }, i) => {
          atMs += stepMs;
          const rate = rates.update('key', counter, atMs);
          if (i === 0) expect(rate).toBeUndefined();
          if (rate !== undefined) {
            expect(Number.isFinite(rate)).toBe(true);
            expect(rate).toBeGreaterThanOrEqual(0);
          }
        });
      }),
    );
  });

  it('is exact for a growing counter read at increasing times', () => {
    const step = fc.record({
      increase: fc.integer({ min: 0, max: 1e9 }),
      elapsedMs: fc.integer({ min: 1, max: 600_000 }),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e12 }),
        fc.array(step, { minLength: 1 }),
        (start, steps) => {
          const rates = createRateTracker();
          let counter = start;
          let atMs = 0;
          rates.update('key', counter, atMs);
          for (const { increase, elapsedMs } of steps) {
            counter += increase;
            atMs += elapsedMs;
            expect(rates.update('key', counter, atMs)).toBeCloseTo(
              (increase * 1000) / elapsedMs,
              6,
            );
          }
        },
      ),
    );
  });
});
