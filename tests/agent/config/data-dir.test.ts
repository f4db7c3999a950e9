import { chmodSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureDataDir, resolveDataDir } from '../../../src/agent/config/data-dir.js';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('data dir', () => {
  it('is the flag, else DASHFLEET_DATA_DIR, else a per-user app-data folder', () => {
    expect(resolveDataDir('/flag', { DASHFLEET_DATA_DIR: '/env' })).toBe('/flag');
    expect(resolveDataDir(undefined, { DASHFLEET_DATA_DIR: '/env' })).toBe('/env');
    expect(resolveDataDir(undefined, {})).toMatch(/DashFleet/);
  });

  it('is created owner-only, with its parents', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'dashfleet-dir-')), 'a', 'b');
    ensureDataDir(dir);
    expect(modeOf(dir)).toBe(0o700);
  });

  it('is tightened when it already exists with a looser mode', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dashfleet-dir-'));
    chmodSync(dir, 0o755);
    ensureDataDir(dir);
    expect(modeOf(dir)).toBe(0o700);
  });
});
