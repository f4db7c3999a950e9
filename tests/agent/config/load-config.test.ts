import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/agent/config/load-config.js';
import { DEFAULT_THRESHOLDS } from '../../../src/agent/health/thresholds.js';

function dirWithConfig(content?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dashfleet-config-'));
  if (content !== undefined) writeFileSync(join(dir, 'config.json'), content);
  return dir;
}

describe('loadConfig', () => {
  it('blames the command line, not the file, for a bad flag', () => {
    const dir = dirWithConfig();
    expect(loadConfig(dir, { intervalSeconds: 5000 })).toEqual({
      ok: false,
      error: 'command line: intervalSeconds must be <= 3600',
    });
  });

  it('uses the defaults when there is no config file', () => {
    const result = loadConfig(dirWithConfig());
    expect(result).toMatchObject({
      ok: true,
      value: { intervalSeconds: 10, processIntervalSeconds: 60, health: DEFAULT_THRESHOLDS },
    });
  });

  it('merges the file over the defaults and flags over the file', () => {
    const dir = dirWithConfig(
      JSON.stringify({
        intervalSeconds: 30,
        language: 'fr',
        health: { diskPercent: { warn: 80 } },
      }),
    );
    const result = loadConfig(dir, { intervalSeconds: 5, logLevel: undefined });
    if (!result.ok) throw new Error(result.error);
    expect(result.value.intervalSeconds).toBe(5);
    expect(result.value.language).toBe('fr');
    expect(result.value.logLevel).toBe('info');
    expect(result.value.health.diskPercent).toEqual({ warn: 80 });
    expect(result.value.health.memoryPercent).toEqual(DEFAULT_THRESHOLDS.memoryPercent);
  });

  it.each([
    ['{ "intervalSeconds": 0 }', 'intervalSeconds must be >= 1'],
    ['{ "intervalSeconds": 2.5 }', 'intervalSeconds must be integer'],
    ['{ "intervall": 10 }', 'unknown setting "intervall"'],
    ['{ "updateFeedUrl": "http://updates.example" }', 'updateFeedUrl must match pattern'],
    ['{ "retention": { "rawDays": 2 } }', 'unknown setting "retention.rawDays"'],
    ['{ "language": "de" }', 'language must be one of "en", "fr", "es", "ru"'],
    ['{ "intervalSeconds": ', 'is not valid JSON'],
    ['[1, 2]', 'must be a JSON object of settings'],
    [
      '{ "health": { "daysSinceReboot": { "warn": 0 } } }',
      'health.daysSinceReboot.warn must be > 0',
    ],
    [
      '{ "retention": { "minuteDays": 30, "hourDays": 7 } }',
      'retention.hourDays (7) must keep at least as long as retention.minuteDays (30)',
    ],
    [
      '{ "retention": { "rawHours": 720, "minuteDays": 2 } }',
      'retention.minuteDays (2) must keep at least as long as retention.rawHours (720 h)',
    ],
    [
      '{ "health": { "cpuPercent": { "warn": 90, "critical": 80 } } }',
      'health.cpuPercent.critical (80) must be above health.cpuPercent.warn (90)',
    ],
  ])('refuses %s with one clear sentence', (content, message) => {
    const dir = dirWithConfig(content);
    const result = loadConfig(dir);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toContain(join(dir, 'config.json'));
    expect(result.error).toContain(message);
    expect(result.error).not.toContain('\n');
  });
});
