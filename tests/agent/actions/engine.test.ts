import { describe, expect, it } from 'vitest';
import { createOsAdapter } from '../../../src/agent/actions/os/os-adapter.js';
import { createLogger } from '../../../src/agent/logger.js';
import {
  DAY,
  T0,
  engineHarness,
  envelope,
  finished,
  reached,
  recordingRunner,
  restartEnvelope,
  settle,
} from './engine-fixture.js';

const harness = engineHarness();

describe('action engine: messages', () => {
  it('keeps a message in the inbox, shows it, and reports delivered, running/shown, succeeded/shown', async () => {
    const h = await harness();
    const action = envelope();

    h.engine.receive([action]);
    await finished(h, action.id as string);

    expect(h.steps(action.id as string)).toEqual(['delivered', 'running/shown', 'succeeded/shown']);
    expect(h.notifier.sent).toEqual([
      {
        title: 'Message from IT: Printer moved',
        body: 'The printer is now on floor 2.\n\nFrom Jane Doe, IT',
        urgency: 'normal',
      },
    ]);
    expect(h.engine.inbox()).toEqual([
      {
        id: action.id,
        title: 'Printer moved',
        body: 'The printer is now on floor 2.',
        level: 'info',
        sentBy: 'Jane Doe, IT',
        receivedAt: T0,
        readAt: null,
      },
    ]);
    expect(h.engine.unreadCount()).toBe(1);
    expect(h.engine.history(10)).toEqual([
      expect.objectContaining({
        id: action.id,
        type: 'message',
        state: 'succeeded',
        stage: 'shown',
      }),
    ]);
  });

  it('translates its own words into the agent language and marks critical messages critical', async () => {
    const h = await harness({ language: () => 'fr' });
    const action = envelope({ params: { title: 'Panne', body: '', level: 'critical' } });

    h.engine.receive([action]);
    await finished(h, action.id as string);

    expect(h.notifier.sent[0]).toEqual({
      title: 'Message du service informatique : Panne',
      body: 'De la part de Jane Doe, IT',
      urgency: 'critical',
    });
  });

  it('reports read once when the person opens the message; an unknown id is false', async () => {
    const h = await harness();
    const action = envelope();
    h.engine.receive([action]);
    await finished(h, action.id as string);
    let changes = 0;
    h.engine.onChange(() => changes++);

    expect(h.engine.markRead(action.id as string)).toBe(true);
    expect(h.engine.markRead(action.id as string)).toBe(true);
    expect(h.engine.markRead('no-such-message')).toBe(false);

    expect(h.steps(action.id as string)).toEqual([
      'delivered',
      'running/shown',
      'succeeded/shown',
      'succeeded/read',
    ]);
    expect(h.engine.unreadCount()).toBe(0);
    expect(h.engine.inbox()[0]?.readAt).toBe(T0);
    expect(changes).toBe(1);
  });

  it('keeps the message in the inbox and says the notification was not shown when it cannot be', async () => {
    const h = await harness();
    h.notifier.failWith = new Error('no notification daemon');
    const action = envelope();

    h.engine.receive([action]);
    await finished(h, action.id as string);

    const last = h.updates().at(-1);
    expect(last).toMatchObject({ status: 'succeeded', stage: 'inbox' });
    expect(last?.result?.detail).toEqual({ notification: 'not shown: no notification daemon' });
    expect(h.engine.inbox().map((message) => message.id)).toEqual([action.id]);
    // Opened on the dashboard later: still reported read.
    expect(h.engine.markRead(action.id as string)).toBe(true);
    expect(h.updates().at(-1)).toMatchObject({ status: 'succeeded', stage: 'read' });
  });
});

describe('action engine: received once, run once', () => {
  it('acknowledges a redelivered action again but never runs it twice', async () => {
    const h = await harness();
    const action = envelope();

    h.engine.receive([action]);
    await finished(h, action.id as string);
    h.engine.receive([action, action]);

    expect(h.steps(action.id as string)).toEqual([
      'delivered',
      'running/shown',
      'succeeded/shown',
      'delivered',
      'delivered',
    ]);
    expect(h.notifier.sent).toHaveLength(1);
    expect(h.engine.inbox()).toHaveLength(1);
  });

  it('remembers what it ran across a reopen of the store', async () => {
    const h = await harness();
    const action = envelope();
    h.engine.receive([action]);
    await finished(h, action.id as string);

    await h.reopen();
    h.engine.receive([action]);

    expect(h.notifier.sent).toHaveLength(1);
    expect(h.steps(action.id as string).at(-1)).toBe('delivered');
    expect(h.engine.history(10)).toHaveLength(1);
  });

  it('records an action the moment it is received, before any check or run', async () => {
    const h = await harness();
    const action = envelope();

    h.engine.receive([action]);

    expect(h.store.actions.get(action.id as string)).toMatchObject({
      state: 'received',
      receivedAt: T0,
    });
    expect(h.steps(action.id as string)).toEqual(['delivered']);
    await finished(h, action.id as string);
  });

  it('reports an action the last run received but never finished as interrupted, without running it', async () => {
    const h = await harness();
    const action = envelope({ type: 'flush-dns', params: {} });
    // As a crash right after recording leaves it.
    h.store.actions.receive(
      {
        id: action.id as string,
        type: 'flush-dns',
        paramsJson: '{}',
        sentBy: 'Jane',
        receivedAt: T0,
        expiresAt: T0 + DAY,
      },
      { actionId: action.id as string, status: 'delivered', at: T0 },
    );

    await h.reopen();

    expect(h.updates().at(-1)).toMatchObject({
      actionId: action.id,
      status: 'failed',
      result: { error: { code: 'E_ACTION_INTERRUPTED' } },
    });
    expect(h.logLines().some((line) => line.msg.includes('would run'))).toBe(false);
  });

  it('hands updates out oldest first with increasing seqs and forgets the ones stored', async () => {
    const h = await harness();
    const first = envelope();
    const second = envelope();
    let signals = 0;
    h.engine.onUpdate(() => signals++);

    h.engine.receive([first, second]);
    await finished(h, second.id as string);
    const pending = h.engine.pendingUpdates(100);
    h.engine.confirmUpdates(pending.slice(0, 2).map((update) => update.seq));

    expect(pending.map((update) => update.seq)).toEqual(
      [...pending.map((update) => update.seq)].sort((a, b) => a - b),
    );
    expect(pending).toHaveLength(6);
    expect(signals).toBe(6);
    expect(h.engine.pendingUpdates(100).map((update) => update.seq)).toEqual(
      pending.slice(2).map((update) => update.seq),
    );
    expect(h.engine.pendingUpdates(1)).toHaveLength(1);
  });
});

describe('action engine: refusals', () => {
  const cases: Array<[string, Record<string, unknown>, string, string]> = [
    [
      'an unknown type',
      { type: 'format-disk', params: {} },
      'E_ACTION_UNKNOWN_TYPE',
      'format-disk',
    ],
    [
      'params of the wrong shape',
      { params: { title: 'x', body: 'y', level: 'urgent' } },
      'E_ACTION_INVALID',
      'level',
    ],
    [
      'an extra param (a command smuggled in)',
      { type: 'flush-dns', params: { command: '; rm -rf /' } },
      'E_ACTION_INVALID',
      'command',
    ],
    [
      'a restart delay below the minimum',
      {
        type: 'restart',
        params: { delaySeconds: 1, reason: '', snooze: { maxCount: 0, lengthSeconds: 60 } },
      },
      'E_ACTION_INVALID',
      'delaySeconds',
    ],
    ['an envelope without expiry', { expiresAt: undefined }, 'E_ACTION_INVALID', 'expiresAt'],
    ['an expired action', { expiresAt: T0 }, 'E_ACTION_EXPIRED', 'expired'],
  ];

  it.each(cases)(
    'refuses %s with a clear error and runs nothing',
    async (_name, fields, code, mention) => {
      const runner = recordingRunner();
      const h = await harness({
        dryRun: false,
        os: createOsAdapter({
          dryRun: false,
          logger: createLogger('silent'),
          platform: 'linux',
          runner,
        }),
      });
      const action = envelope(fields);

      h.engine.receive([action]);
      await finished(h, action.id as string);

      const last = h.updates().at(-1);
      expect(last?.status).toBe('failed');
      expect(last?.result?.error?.code).toBe(code);
      expect(last?.result?.error?.message).toContain(mention);
      expect(h.engine.history(1)[0]).toMatchObject({
        state: 'refused',
        error: last?.result?.error?.message,
      });
      expect(h.notifier.sent).toEqual([]);
      expect(runner.commands).toEqual([]);
      expect(h.engine.inbox()).toEqual([]);
    },
  );

  it('refuses a type disabled on this PC', async () => {
    const h = await harness({ disabledTypes: ['restart'] });
    const action = envelope({
      type: 'restart',
      params: { delaySeconds: 300, reason: '', snooze: { maxCount: 0, lengthSeconds: 60 } },
    });

    h.engine.receive([action]);
    await finished(h, action.id as string);

    expect(h.updates().at(-1)?.result?.error?.code).toBe('E_ACTION_DISABLED');
    expect(h.engine.pendingRestart()).toBeNull();
    expect(h.notifier.sent).toEqual([]);
  });

  it('ignores what has no usable id, and keeps going with the rest', async () => {
    const h = await harness();
    const good = envelope();

    h.engine.receive([null, 'text', { id: '../../etc' }, { type: 'message' }, good]);
    await finished(h, good.id as string);

    expect(new Set(h.updates().map((update) => update.actionId))).toEqual(new Set([good.id]));
  });
});

describe('action engine: hostile text', () => {
  const hostile = `<b>Urgent</b> & "click" <a href="https://evil.example">here</a> ; rm -rf / $(reboot) \`id\``;

  it('passes server text on only as data: the inbox keeps it as sent, the notifier gets it as plain text', async () => {
    const h = await harness();
    const action = envelope({
      params: { title: hostile.slice(0, 200), body: hostile, level: 'warning' },
    });

    h.engine.receive([action]);
    await finished(h, action.id as string);

    expect(h.engine.inbox()[0]?.body).toBe(hostile);
    expect(h.notifier.sent[0]?.body.startsWith(hostile)).toBe(true);
    expect(h.logLines().some((line) => line.msg.includes('would run'))).toBe(false);
  });
});

describe('action engine: cancel', () => {
  it('cancels an action still waiting its turn, so it never runs; unknown ids are ignored', async () => {
    const h = await harness();
    const first = envelope();
    const second = envelope({ type: 'flush-dns', params: {} });

    h.engine.receive([first, second]);
    h.engine.cancel([second.id as string, 'unknown-id']);
    await finished(h, first.id as string);
    await finished(h, second.id as string);

    expect(h.steps(second.id as string)).toEqual(['delivered', 'cancelled/stopped']);
    expect(h.logLines().some((line) => line.msg.includes('would run'))).toBe(false);
  });

  /**
   * The engine awaits its checks and the handler's module between taking an action and running
   * it; a cancel can land in between. Cancelled at each of the first microtasks after receive():
   * an action reported cancelled before it ran never runs, and nothing follows the cancel.
   */
  it.each(['flush-dns', 'restart'])(
    'never runs a %s cancelled while it was being checked, and reports nothing after the cancel',
    async (type) => {
      let cancelledBeforeRunning = 0;
      for (let microtasks = 1; microtasks <= 8; microtasks++) {
        const runner = recordingRunner();
        const h = await harness({
          dryRun: false,
          os: createOsAdapter({ dryRun: false, logger: createLogger('silent'), runner }),
        });
        const action = type === 'restart' ? restartEnvelope() : envelope({ type, params: {} });
        const id = action.id as string;

        h.engine.receive([action]);
        for (let i = 0; i < microtasks; i++) await Promise.resolve();
        h.engine.cancel([id]);
        await finished(h, id);
        await settle();

        const steps = h.steps(id);
        const cancelledAt = steps.indexOf('cancelled/stopped');
        const context = `${type}, cancelled ${microtasks} microtask(s) after receive: ${steps.join(' > ')}`;
        if (cancelledAt === -1) {
          // The cancel came once it was running: a task is no longer cancellable.
          expect(h.store.actions.get(id)?.state, context).not.toBe('cancelled');
          continue;
        }
        expect(steps.slice(cancelledAt + 1), context).toEqual([]);
        expect(h.store.actions.get(id)?.state, context).toBe('cancelled');
        if (steps.slice(0, cancelledAt).some((step) => step.startsWith('running'))) continue;
        cancelledBeforeRunning++;
        expect(steps, context).toEqual(['delivered', 'cancelled/stopped']);
        expect(runner.commands, context).toEqual([]);
        expect(h.notifier.sent, context).toEqual([]);
        expect(h.engine.pendingRestart(), context).toBeNull();
      }
      // The window between receive and run was really hit.
      expect(cancelledBeforeRunning).toBeGreaterThan(0);
    },
  );
});

describe('action engine: updates stay within the protocol', () => {
  it('keeps a failed command output within bounds (head and tail)', async () => {
    const long = `${'a'.repeat(20_000)}END`;
    const runner = recordingRunner(() => ({ exitCode: 1, output: long, isTimedOut: false }));
    const h = await harness({
      dryRun: false,
      os: createOsAdapter({
        dryRun: false,
        logger: createLogger('silent'),
        platform: 'win32',
        runner,
      }),
    });
    const action = envelope({ type: 'flush-dns', params: {} });

    h.engine.receive([action]);
    await finished(h, action.id as string);

    const result = h.updates().at(-1)?.result;
    expect(result?.exitCode).toBe(1);
    expect(result?.output?.length).toBeLessThanOrEqual(8192);
    expect(result?.output?.endsWith('END')).toBe(true);
    await reached(h, action.id as string, 'failed');
  });
});
