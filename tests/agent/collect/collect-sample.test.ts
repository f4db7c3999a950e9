import { describe, expect, it } from 'vitest';
import type { DomainReaders } from '../../../src/agent/collect/collect-sample.js';
import { collectSample, DomainTimeoutError } from '../../../src/agent/collect/collect-sample.js';

const cpu = { usagePercent: 12.5, perCorePercent: [10, 15] };
const memory = {
  totalBytes: 8e9,
  usedBytes: 2e9,
  availableBytes: 6e9,
  usedPercent: 25,
  swapTotalBytes: 0,
  swapUsedBytes: 0,
};

function readers(overrides: Partial<DomainReaders>): DomainReaders {
  return {
    cpu: async () => cpu,
    memory: async () => memory,
    disks: async () => undefined,
    network: async () => undefined,
    system: async () => undefined,
    battery: async () => undefined,
    temperature: async () => undefined,
    ...overrides,
  };
}

describe('collectSample', () => {
  it('keeps the other domains when one rejects, and reports the failure', async () => {
    const errors: Array<[string, unknown]> = [];
    const failure = new Error('EACCES /proc/diskstats');
    const sample = await collectSample(
      readers({ disks: () => Promise.reject(failure) }),
      1_000,
      (domain, error) => errors.push([domain, error]),
    );
    expect(sample).toEqual({ ts: 1_000, cpu, memory });
    expect(errors).toEqual([['disks', failure]]);
  });

  it('survives a reader that throws synchronously', async () => {
    const sample = await collectSample(
      readers({
        memory: () => {
          throw new TypeError('bug');
        },
      }),
      0,
    );
    expect(sample).toEqual({ ts: 0, cpu });
  });

  it('leaves out domains the platform does not provide instead of zero-filling them', async () => {
    const sample = await collectSample(readers({}), 0);
    expect(Object.keys(sample).sort()).toEqual(['cpu', 'memory', 'ts']);
  });

  it('gives up on a domain that does not answer in time', async () => {
    const errors: unknown[] = [];
    const sample = await collectSample(
      readers({ temperature: () => new Promise(() => {}) }),
      0,
      (_domain, error) => errors.push(error),
      50,
    );
    expect(sample).toEqual({ ts: 0, cpu, memory });
    expect(errors[0]).toBeInstanceOf(DomainTimeoutError);
  });
});
