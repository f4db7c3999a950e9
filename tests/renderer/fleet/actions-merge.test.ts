import { describe, expect, it } from 'vitest';
import type { ActionView } from '../../../src/shared/actions-api.js';
import { createActionFeed } from '../../../renderer/fleet/actions/action-feed.js';
import {
  appendPage,
  createActionJournal,
  mergeActions,
} from '../../../renderer/fleet/actions/action-merge.js';
import { matchesFilter } from '../../../renderer/fleet/actions/action-query.js';
import { action } from './actions-fixtures.js';

const everything = { accepts: () => true, isComplete: true };
const shown = (list: readonly ActionView[]): string[] =>
  list.map((a) => `${a.id}:${a.status}${a.stage ? `/${a.stage}` : ''}`);

describe('live action changes merged into a loaded history', () => {
  const list = [
    action({ id: 'c', createdAt: 3_000 }),
    action({ id: 'b', createdAt: 2_000 }),
    action({ id: 'a', createdAt: 1_000 }),
  ];

  it('replaces a known action in place and leaves the others untouched', () => {
    const merged = mergeActions(
      list,
      [action({ id: 'b', createdAt: 2_000, status: 'delivered' })],
      everything,
    );
    expect(shown(merged)).toEqual(['c:queued', 'b:delivered', 'a:queued']);
    expect(merged[0]).toBe(list[0]);
    expect(list[1]?.status).toBe('queued');
  });

  it('keeps the same array when nothing changes', () => {
    expect(mergeActions(list, [], everything)).toBe(list);
    expect(mergeActions(list, [list[0] as ActionView], everything)).toBe(list);
  });

  it('never moves an action back: an older copy of a finished one is ignored', () => {
    const done = [action({ id: 'a', status: 'succeeded', stage: 'read' })];
    const stale = mergeActions(
      done,
      [action({ id: 'a', status: 'running', stage: 'shown' })],
      everything,
    );
    expect(stale).toBe(done);
    const later = mergeActions(
      done,
      [action({ id: 'a', status: 'succeeded', stage: 'shown' })],
      everything,
    );
    // The same step: the later arrival wins (the server only ever moves forward).
    expect(shown(later)).toEqual(['a:succeeded/shown']);
  });

  it('adds new actions the filter accepts, newest first', () => {
    const forM2 = {
      accepts: (a: ActionView) => matchesFilter(a, { machineId: 'm-2' }),
      isComplete: false,
    };
    const merged = mergeActions(
      list,
      [
        action({ id: 'new-m2', machineId: 'm-2', createdAt: 4_000 }),
        action({ id: 'new-m1', machineId: 'm-1', createdAt: 5_000 }),
      ],
      forM2,
    );
    expect(merged.map((a) => a.id)).toEqual(['new-m2', 'c', 'b', 'a']);
  });

  it('leaves out an unknown action older than the loaded pages, unless every page is loaded', () => {
    const loaded = list.slice(0, 2);
    const old = action({ id: 'old', createdAt: 500, status: 'failed' });
    expect(mergeActions(loaded, [old], { accepts: () => true, isComplete: false })).toBe(loaded);
    expect(mergeActions(loaded, [old], everything).map((a) => a.id)).toEqual(['c', 'b', 'old']);
  });

  it('appends an older page without doubling what is already shown, live copy first', () => {
    const live = [action({ id: 'b', createdAt: 2_000, status: 'cancelled' })];
    const page = [action({ id: 'b', createdAt: 2_000 }), action({ id: 'a', createdAt: 1_000 })];
    expect(shown(appendPage(live, page))).toEqual(['b:cancelled', 'a:queued']);
    expect(appendPage(live, [])).toBe(live);
  });
});

describe('live changes that arrive while a page is on its way', () => {
  it('applies an event that came before the answer, and a new action created meanwhile', () => {
    const journal = createActionJournal();
    const askedAt = journal.position;
    journal.record([action({ id: 'a', status: 'cancelled' })]);
    journal.record([action({ id: 'fresh', createdAt: 9_000 })]);

    const answered = [action({ id: 'a', status: 'queued' })];
    const result = mergeActions(answered, journal.since(askedAt), everything);
    expect(shown(result)).toEqual(['fresh:queued', 'a:cancelled']);
  });

  it('does not put back a change the answer already includes', () => {
    const journal = createActionJournal();
    journal.record([action({ id: 'a', status: 'succeeded', stage: 'shown' })]);
    const askedAt = journal.position;
    const answered = [action({ id: 'a', status: 'succeeded', stage: 'read' })];
    expect(journal.since(askedAt)).toEqual([]);
    expect(shown(mergeActions(answered, journal.since(askedAt), everything))).toEqual([
      'a:succeeded/read',
    ]);
  });

  it('keeps only the latest copy of each action, and forgets what a newer answer covers', () => {
    const journal = createActionJournal();
    journal.record([action({ id: 'a', status: 'delivered' })]);
    journal.record([action({ id: 'a', status: 'running', stage: 'shown' })]);
    expect(shown(journal.since(0))).toEqual(['a:running/shown']);
    const later = journal.position;
    expect(journal.since(later)).toEqual([]);
    expect(journal.since(0)).toEqual([]);
  });
});

describe('the action feed', () => {
  it('hands every change and resync to each subscriber until it leaves', () => {
    const feed = createActionFeed();
    const seen: string[] = [];
    const leave = feed.subscribe({
      onActions: (actions) => seen.push(...actions.map((a) => a.id)),
      onResync: () => seen.push('resync'),
    });
    feed.publish([action({ id: 'a' })]);
    feed.publish([]);
    feed.resync();
    leave();
    feed.publish([action({ id: 'b' })]);
    expect(seen).toEqual(['a', 'resync']);
  });
});
