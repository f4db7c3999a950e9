import { FLEET_API } from '../../src/shared/fleet-api.js';
import type { CreatedEnrollmentToken } from '../../src/shared/fleet-api.js';
import type { HealthReport } from '../../src/shared/health.js';
import { AGENT_API, PROTOCOL_VERSION } from '../../src/shared/protocol/agent-protocol.js';
import type { EnrollResponse } from '../../src/shared/protocol/agent-protocol.js';
import { makeHealth, makeInventory, makeSample } from './sample-factory.js';

/** One machine to enrol and report for, the way a real agent would over HTTP. */
export interface SeedMachine {
  hostname: string;
  hardwareId: string;
  platform: 'linux' | 'win32' | 'darwin';
  health: HealthReport['status'];
  /** Sample timestamps to report, oldest first; empty = enrolled but never reported. */
  sampleTimes: number[];
  /** Send the inventory with the first report (default true). */
  withInventory?: boolean;
}

const OS = {
  linux: { platform: 'linux', distro: 'Debian GNU/Linux', release: '12', arch: 'x64' },
  win32: {
    platform: 'win32',
    distro: 'Microsoft Windows 11 Pro',
    release: '10.0.22631',
    arch: 'x64',
  },
  darwin: { platform: 'darwin', distro: 'macOS', release: '14.5', arch: 'arm64' },
} as const;

/** How a request reaches the server; fetch by default, a bound local address in the benchmark. */
export type PostJson = <T>(
  url: string,
  body: unknown,
  headers?: Record<string, string>,
) => Promise<T>;

export async function postJson<T>(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${url}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/** An enrolment token, created through the fleet API with a signed-in admin's headers. */
export async function createEnrollmentTokenOverHttp(
  url: string,
  headers: Record<string, string>,
  body: { maxUses?: number; tags?: string[] } = {},
): Promise<CreatedEnrollmentToken> {
  return postJson(`${url}${FLEET_API.enrollmentTokens}`, body, headers);
}

/** Enrols one machine and posts its samples (in batches), inventory and health. */
export async function seedMachine(
  url: string,
  token: string,
  machine: SeedMachine,
  post: PostJson = postJson,
): Promise<string> {
  const os = OS[machine.platform];
  const enrolled = await post<EnrollResponse>(`${url}${AGENT_API.enroll}`, {
    protocolVersion: PROTOCOL_VERSION,
    enrollmentToken: token,
    hardwareId: machine.hardwareId,
    hostname: machine.hostname,
    os,
    agentVersion: '0.1.0',
  });
  const auth = { authorization: `Bearer ${enrolled.agentToken}` };
  const inventory = {
    ...makeInventory(machine.sampleTimes[0] ?? Date.now(), machine.hostname),
    hardwareId: machine.hardwareId,
    os: { ...os, kernel: '' },
  };
  for (let start = 0; start < machine.sampleTimes.length; start += 200) {
    const times = machine.sampleTimes.slice(start, start + 200);
    await post(
      `${url}${AGENT_API.reports}`,
      {
        protocolVersion: PROTOCOL_VERSION,
        samples: times.map((ts, i) => ({ seq: start + i + 1, sample: makeSample(ts) })),
        ...(start === 0 && machine.withInventory !== false ? { inventory } : {}),
        health: makeHealth(times.at(-1) ?? Date.now(), machine.health),
      },
      auth,
    );
  }
  return enrolled.agentId;
}

/** Runs `work` over `items` with at most `limit` at a time. */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T, index);
    }
  });
  await Promise.all(runners);
  return results;
}
