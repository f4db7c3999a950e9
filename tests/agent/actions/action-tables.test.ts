import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createActionTables } from '../../../src/agent/store/action-tables.js';
import { openDatabase } from '../../../src/agent/store/database.js';
import { MIGRATIONS, migrate } from '../../../src/agent/store/migrations.js';
import { openStore } from '../../../src/agent/store/open-store.js';
import type { NewActionRecord, Store } from '../../../src/agent/store/types.js';

const T0 = Date.UTC(2025, 5, 2, 9);
const DAY = 86_400_000;
const dirs: string[] = [];
const stores: Store[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function newPath(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashfleet-action-tables-'));
  dirs.push(dir);
  return path.join(dir, 'agent.db');
}

function open(dbPath = newPath(), readonly = false): Store {
  const store = openStore({ path: dbPath, now: () => T0, readonly });
  stores.push(store);
  return store;
}

const action = (id: string, fields: Partial<NewActionRecord> = {}): NewActionRecord => ({
  id,
  type: 'message',
  paramsJson: '{}',
  sentBy: 'Jane',
  receivedAt: T0,
  expiresAt: T0 + DAY,
  ...fields,
});

const delivered = (actionId: string) => ({ actionId, status: 'delivered' as const, at: T0 });

describe('action tables', () => {
  it('adds the action tables to a history written by an agent before actions existed', () => {
    const dbPath = newPath();
    const old = new Database(dbPath);
    migrate(old, MIGRATIONS.slice(0, 1));
    old.close();

    const store = open(dbPath);
    store.actions.receive(action('a1'), delivered('a1'));

    expect(store.actions.get('a1')?.state).toBe('received');
  });

  it('records an id once: a second receive only queues another delivered update', () => {
    const { actions } = open();

    const first = actions.receive(action('a1'), delivered('a1'));
    const again = actions.receive(action('a1', { type: 'restart' }), delivered('a1'));

    expect(first.isNew).toBe(true);
    expect(again.isNew).toBe(false);
    expect(actions.get('a1')?.type).toBe('message');
    expect(actions.pendingUpdates(10).map((u) => [u.seq, u.status])).toEqual([
      [1, 'delivered'],
      [2, 'delivered'],
    ]);
  });

  it('changes a row and queues its update together', () => {
    const { actions } = open();
    actions.receive(action('a1'), delivered('a1'));

    actions.advance(
      'a1',
      { state: 'running', stage: 'scheduled', rebootAt: T0 + 1000, snoozesUsed: 0 },
      { actionId: 'a1', status: 'running', stage: 'scheduled', at: T0 },
    );

    expect(actions.get('a1')).toMatchObject({
      state: 'running',
      stage: 'scheduled',
      rebootAt: T0 + 1000,
    });
    expect(actions.pendingUpdates(10).at(-1)).toEqual({
      seq: 2,
      actionId: 'a1',
      status: 'running',
      stage: 'scheduled',
      at: T0,
    });
  });

  it.each(['cancelled', 'succeeded', 'failed', 'refused'] as const)(
    'never moves an action out of %s, but still records a later stage',
    (state) => {
      const { actions } = open();
      actions.receive(action('a1'), delivered('a1'));
      const status = state === 'refused' ? 'failed' : state;
      actions.advance('a1', { state, finishedAt: T0 }, { actionId: 'a1', status, at: T0 });

      const late = actions.advance(
        'a1',
        { state: 'running', stage: 'scheduled', finishedAt: null },
        { actionId: 'a1', status: 'running', stage: 'scheduled', at: T0 + 1 },
      );
      const read = actions.advance(
        'a1',
        { stage: 'read' },
        { actionId: 'a1', status: 'succeeded', stage: 'read', at: T0 + 2 },
      );

      expect(late).toEqual({ isApplied: false, dropped: 0 });
      expect(read).toEqual({ isApplied: true, dropped: 0 });
      expect(actions.get('a1')).toMatchObject({ state, stage: 'read', finishedAt: T0 });
      expect(actions.pendingUpdates(10).map((u) => u.stage ?? u.status)).toEqual([
        'delivered',
        status,
        'read',
      ]);
    },
  );

  it('refuses to advance an action it never received', () => {
    const { actions } = open();

    const outcome = actions.advance(
      'nope',
      { state: 'running' },
      { actionId: 'nope', status: 'running', at: T0 },
    );

    expect(outcome).toEqual({ isApplied: false, dropped: 0 });
    expect(actions.pendingUpdates(10)).toEqual([]);
  });

  it('keeps the updates outbox bounded, dropping the oldest, and never reuses a seq', () => {
    const dbPath = newPath();
    const db = openDatabase(dbPath, false);
    migrate(db);
    const actions = createActionTables(db, { maxUpdates: 3 });

    let dropped = 0;
    for (let i = 1; i <= 5; i++) dropped += actions.queueUpdate(delivered(`a${i}`));
    actions.confirmUpdates([5]);
    actions.queueUpdate(delivered('a6'));
    const seqs = actions.pendingUpdates(10).map((u) => u.seq);
    db.close();

    expect(dropped).toBe(2);
    expect(seqs).toEqual([3, 4, 6]);
  });

  it('marks a message read once', () => {
    const { actions } = open();
    actions.addToInbox({
      id: 'm1',
      title: 't',
      body: 'b',
      level: 'info',
      sentBy: 'Jane',
      receivedAt: T0,
      readAt: null,
    });

    expect(actions.unreadCount()).toBe(1);
    expect(actions.markRead('m1', T0 + 5)).toBe('read');
    expect(actions.markRead('m1', T0 + 9)).toBe('already-read');
    expect(actions.markRead('nope', T0)).toBe('unknown');
    expect(actions.inbox(10)[0]?.readAt).toBe(T0 + 5);
    expect(actions.unreadCount()).toBe(0);
  });

  it('forgets only finished actions whose expiry passed, and bounds the inbox', () => {
    const { actions } = open();
    actions.receive(action('old-done', { expiresAt: T0 + DAY }), delivered('old-done'));
    actions.advance('old-done', { state: 'succeeded', finishedAt: T0 });
    actions.receive(action('old-running'), delivered('old-running'));
    actions.receive(action('done-not-expired', { expiresAt: T0 + 400 * DAY }), delivered('x'));
    actions.advance('done-not-expired', { state: 'failed', finishedAt: T0 });
    for (let i = 0; i < 4; i++) {
      actions.addToInbox({
        id: `m${i}`,
        title: 't',
        body: 'b',
        level: 'info',
        sentBy: '',
        receivedAt: T0 + i,
        readAt: null,
      });
    }

    const pruned = actions.prune(T0 + 100 * DAY, T0 + 200 * DAY, 2);

    expect(pruned).toEqual({ actions: 1, messages: 2 });
    expect(actions.get('old-done')).toBeUndefined();
    expect(actions.get('old-running')).toBeDefined();
    expect(actions.get('done-not-expired')).toBeDefined();
    expect(actions.inbox(10).map((m) => m.id)).toEqual(['m3', 'm2']);
  });

  it('reads but never writes through a read-only store', () => {
    const dbPath = newPath();
    open(dbPath).actions.receive(action('a1'), delivered('a1'));
    const reader = open(dbPath, true);

    expect(reader.actions.get('a1')?.id).toBe('a1');
    expect(() => reader.actions.receive(action('a2'), delivered('a2'))).toThrow(/read-only/);
  });
});
