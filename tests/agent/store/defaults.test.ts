import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/agent/store/open-store.js';
import type { RetentionPolicy } from '../../../src/agent/store/types.js';
import { storeFixture } from './store-fixture.js';

const fixture = storeFixture();

describe('store options', () => {
  it.each<[Partial<RetentionPolicy>, string]>([
    [
      { hourDays: 1 },
      'store: retention.hourDays (1) must keep at least as long as retention.minuteDays (30)',
    ],
    [
      { minuteDays: 1 },
      'store: retention.minuteDays (1) must keep at least as long as retention.rawHours (48)',
    ],
    [
      { rawHours: 24 * 31 },
      'store: retention.minuteDays (30) must keep at least as long as retention.rawHours (744)',
    ],
  ])('refuses a coarser tier kept less long than a finer one: %o', (retention, message) => {
    const dbPath = fixture.newPath();

    expect(() => openStore({ path: dbPath, retention })).toThrow(new RangeError(message));
    expect(fs.existsSync(dbPath)).toBe(false);
  });

  it('accepts tiers kept equally long', () => {
    const store = fixture.open(fixture.newPath(), {
      retention: { rawHours: 24, minuteDays: 1, hourDays: 1 },
    });

    expect(store.integrityCheck()).toBe('ok');
  });
});
