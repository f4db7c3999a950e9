import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../../src/shared/i18n.js';
import type { LocalAction, PendingRestart } from '../../../src/shared/local-api.js';
import { createTranslator } from '../../../src/shared/translator.js';
import {
  newestFirst,
  shouldReportRead,
  snoozeOption,
  splitAroundValue,
  stateTone,
} from '../../../renderer/local/actions-view.js';

const restart = (overrides: Partial<PendingRestart> = {}): PendingRestart => ({
  id: 'act_restart',
  reason: 'Security updates',
  sentBy: 'Jane (IT)',
  rebootAt: 1_000_000,
  snoozesUsed: 0,
  snoozesAllowed: 2,
  snoozeSeconds: 600,
  ...overrides,
});

describe('snoozeOption', () => {
  it('offers a snooze while some are left, with how many and how long', () => {
    expect(snoozeOption(restart())).toEqual({
      kind: 'available',
      remaining: 2,
      lengthSeconds: 600,
    });
    expect(snoozeOption(restart({ snoozesUsed: 1 }))).toMatchObject({ remaining: 1 });
  });

  it('offers none once every allowed snooze was used', () => {
    expect(snoozeOption(restart({ snoozesUsed: 2 }))).toEqual({ kind: 'used-up' });
    expect(snoozeOption(restart({ snoozesUsed: 3 }))).toEqual({ kind: 'used-up' });
  });

  it('offers none when IT allowed none', () => {
    expect(snoozeOption(restart({ snoozesAllowed: 0 }))).toEqual({ kind: 'not-allowed' });
  });
});

describe('newestFirst', () => {
  it('orders by arrival, newest first, keeping the agent’s order for equal times', () => {
    const items = [
      { id: 'a', receivedAt: 10 },
      { id: 'b', receivedAt: 30 },
      { id: 'c', receivedAt: 20 },
      { id: 'd', receivedAt: 30 },
    ];
    expect(newestFirst(items).map((item) => item.id)).toEqual(['b', 'd', 'c', 'a']);
    expect(items.map((item) => item.id)).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('shouldReportRead', () => {
  it('reports an unread message once, and never a read one', () => {
    const asked = new Set<string>();
    expect(shouldReportRead({ id: 'm1', readAt: null }, asked)).toBe(true);
    asked.add('m1');
    expect(shouldReportRead({ id: 'm1', readAt: null }, asked)).toBe(false);
    expect(shouldReportRead({ id: 'm2', readAt: 1234 }, new Set())).toBe(false);
  });
});

describe('stateTone', () => {
  it.each([
    ['succeeded', 'ok'],
    ['failed', 'bad'],
    ['refused', 'bad'],
    ['running', 'busy'],
    ['received', 'busy'],
    ['cancelled', 'neutral'],
    ['something-new', 'neutral'],
  ] satisfies Array<[LocalAction['state'], string]>)('%s → %s', (state, tone) => {
    expect(stateTone(state)).toBe(tone);
  });
});

describe('splitAroundValue', () => {
  it.each(LANGUAGES.map((language) => [language]))(
    'finds the clock’s place in the %s countdown sentence',
    (language) => {
      const t = createTranslator(language);
      const [before, after] = splitAroundValue((time) => t('restart.countdown', { time }));
      expect(`${before}04:59${after}`).toBe(t('restart.countdown', { time: '04:59' }));
      expect(before.length).toBeGreaterThan(0);
    },
  );

  it('keeps the whole text when the value is missing from it', () => {
    expect(splitAroundValue(() => 'no slot here')).toEqual(['no slot here', '']);
  });
});
