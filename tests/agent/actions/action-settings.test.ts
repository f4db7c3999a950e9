import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/agent/config/load-config.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dirWithConfig(config?: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'dashfleet-config-'));
  dirs.push(dir);
  if (config !== undefined) writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  return dir;
}

describe('actions settings', () => {
  it('allows every action and runs for real by default', () => {
    const result = loadConfig(dirWithConfig(), {}, {});

    expect(result).toMatchObject({
      ok: true,
      value: { actions: { disabledTypes: [], dryRun: false } },
    });
  });

  it('reads actions.disabledTypes and actions.dryRun from config.json', () => {
    const dir = dirWithConfig({
      actions: { disabledTypes: ['restart', 'clear-temp'], dryRun: true },
    });

    expect(loadConfig(dir, {}, {})).toMatchObject({
      ok: true,
      value: { actions: { disabledTypes: ['restart', 'clear-temp'], dryRun: true } },
    });
  });

  it('lets the environment override the file', () => {
    const dir = dirWithConfig({ actions: { disabledTypes: ['message'], dryRun: false } });

    const result = loadConfig(
      dir,
      {},
      {
        DASHFLEET_ACTIONS_DRY_RUN: '1',
        DASHFLEET_ACTIONS_DISABLED: 'restart, clear-temp,restart',
      },
    );

    expect(result).toMatchObject({
      ok: true,
      value: { actions: { disabledTypes: ['restart', 'clear-temp'], dryRun: true } },
    });
  });

  it('takes an empty DASHFLEET_ACTIONS_DISABLED as "nothing disabled"', () => {
    const dir = dirWithConfig({ actions: { disabledTypes: ['message'] } });

    expect(loadConfig(dir, {}, { DASHFLEET_ACTIONS_DISABLED: '' })).toMatchObject({
      ok: true,
      value: { actions: { disabledTypes: [] } },
    });
  });

  it.each([
    [
      { actions: { disabledTypes: ['reboot'] } },
      'actions.disabledTypes.0 must be one of "message"',
    ],
    [{ actions: { dryRun: 'yes' } }, 'actions.dryRun must be boolean'],
    [{ actions: { dryrun: true } }, 'unknown setting "actions.dryrun"'],
  ])('refuses a bad file with a clear sentence: %j', (config, message) => {
    const result = loadConfig(dirWithConfig(config), {}, {});

    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });

  it.each([
    [
      { DASHFLEET_ACTIONS_DISABLED: 'restart,reboot' },
      'environment: DASHFLEET_ACTIONS_DISABLED: "reboot" is not an action type (one of message, restart',
    ],
    [
      { DASHFLEET_ACTIONS_DRY_RUN: 'maybe' },
      'environment: DASHFLEET_ACTIONS_DRY_RUN must be 1 or 0 (true or false), got "maybe"',
    ],
  ])('refuses a bad environment variable with a clear sentence: %j', (env, message) => {
    const result = loadConfig(dirWithConfig(), {}, env);

    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });
});
