import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LinkState } from '../../../src/shared/local-api.js';
import {
  createLinkStateWriter,
  readLinkState,
  removeLinkState,
} from '../../../src/agent/link/link-state-file.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'dashfleet-link-state-'));
  dirs.push(dir);
  return dir;
};

const enrolment = (lastUploadAt: number, waiting: number) => ({
  serverUrl: 'https://fleet.example.com',
  orgName: 'Acme',
  agentId: 'agent-1',
  lastUploadAt,
  waiting,
});
const connected = (lastUploadAt: number, waiting = 0): LinkState => ({
  ...enrolment(lastUploadAt, waiting),
  state: 'connected',
});

describe('link-state.json', () => {
  it('is written owner-only, read back, and removed', () => {
    const dataDir = tempDir();
    createLinkStateWriter(dataDir, () => 0)(connected(1_000));
    expect(readLinkState(dataDir)).toEqual(connected(1_000));
    expect(statSync(join(dataDir, 'link-state.json')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dataDir)).toEqual(['link-state.json']);
    removeLinkState(dataDir);
    expect(readLinkState(dataDir)).toBeUndefined();
  });

  it('writes a new upload time at most once a minute, and any other change at once', () => {
    const dataDir = tempDir();
    let now = 0;
    const write = createLinkStateWriter(dataDir, () => now);
    write(connected(0, 3));

    now = 10_000;
    write(connected(now, 0));
    expect(readLinkState(dataDir)).toEqual(connected(0, 3));

    now = 60_000;
    write(connected(now, 1));
    expect(readLinkState(dataDir)).toEqual(connected(60_000, 1));

    now = 61_000;
    const retrying: LinkState = {
      ...enrolment(60_000, 2),
      state: 'retrying',
      since: now,
      nextAttemptAt: now + 1_000,
      lastError: { code: 'E_TIMEOUT', message: 'no answer' },
    };
    write(retrying);
    expect(readLinkState(dataDir)).toEqual(retrying);
  });
});
