import type { Sample } from '../../shared/sample.js';
import type { SampleDomain } from './types.js';

/** One reader per domain; a reader returns undefined where the platform has no such metric. */
export type DomainReaders = { [K in SampleDomain]: () => Promise<Sample[K]> };

/**
 * A hung probe (a PowerShell that never answers) must not stall sampling: the sampler never
 * starts a cycle while one is running, so one stuck domain would otherwise stop them all.
 */
export const DOMAIN_TIMEOUT_MS = 10_000;

export class DomainTimeoutError extends Error {
  constructor(readonly domain: SampleDomain) {
    super(`${domain}: no answer within ${DOMAIN_TIMEOUT_MS} ms`);
    this.name = 'DomainTimeoutError';
  }
}

function withTimeout<T>(promise: Promise<T>, domain: SampleDomain, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DomainTimeoutError(domain)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Reads every domain concurrently. A domain that throws, rejects or times out is reported to
 * `onError` and left out of the sample; the others are kept.
 */
export async function collectSample(
  readers: DomainReaders,
  ts: number,
  onError?: (domain: SampleDomain, error: unknown) => void,
  timeoutMs = DOMAIN_TIMEOUT_MS,
): Promise<Sample> {
  const sample: Sample = { ts };
  const readDomain = async <K extends SampleDomain>(domain: K): Promise<void> => {
    try {
      const value = await withTimeout(readers[domain](), domain, timeoutMs);
      if (value !== undefined) sample[domain] = value;
    } catch (error) {
      onError?.(domain, error);
    }
  };
  await Promise.all((Object.keys(readers) as SampleDomain[]).map(readDomain));
  return sample;
}
