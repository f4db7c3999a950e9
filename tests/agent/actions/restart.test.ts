import { describe, expect, it } from 'vitest';
import { createOsAdapter } from '../../../src/agent/actions/os/os-adapter.js';
import { createLogger } from '../../../src/agent/logger.js';
import type { Harness } from './engine-fixture.js';
import {
  DAY,
  MINUTE,
  T0,
  engineHarness,
  reached,
  recordingRunner,
  restartEnvelope,
} from './engine-fixture.js';

const harness = engineHarness();

/** A harness whose OS adapter records the reboot command instead of running it. */
async function realRebootHarness(exitCode = 0, output = '') {
  const runner = recordingRunner(() => ({ exitCode, output, isTimedOut: false }));
  const os = createOsAdapter({
    dryRun: false,
    logger: createLogger('silent'),
    platform: 'linux',
    runner,
  });
  const h = await harness({ dryRun: false, os });
  return { h, runner, os };
}

/** Receives a restart and waits until it is scheduled and the person was told. */
async function scheduled(h: Harness, action: Record<string, unknown>): Promise<string> {
  const told = h.notifier.sent.length;
  h.engine.receive([action]);
  const id = action.id as string;
  await reached(h, id, 'running/scheduled');
  await expect.poll(() => h.notifier.sent.length).toBe(told + 1);
  return id;
}

describe('restart: countdown', () => {
  it('schedules the reboot, tells the person at once and reports running/scheduled', async () => {
    const h = await harness();

    const id = await scheduled(h, restartEnvelope({ delaySeconds: 600 }));

    expect(h.engine.pendingRestart()).toEqual({
      id,
      reason: 'Security updates',
      sentBy: 'Jane Doe, IT',
      rebootAt: T0 + 10 * MINUTE,
      snoozesUsed: 0,
      snoozesAllowed: 1,
      snoozeSeconds: 900,
    });
    expect(h.store.actions.get(id)?.rebootAt).toBe(T0 + 10 * MINUTE);
    expect(h.updates().at(-1)?.result?.detail).toEqual({ rebootAt: T0 + 10 * MINUTE });
    expect(h.notifier.sent).toEqual([
      {
        title: 'Restart planned by IT',
        body:
          'Your PC will restart in 10 minutes. Save your work.\n' +
          'Reason: Security updates\n' +
          'You can postpone it 1 more time from DashFleet.\n' +
          'From Jane Doe, IT',
        urgency: 'normal',
      },
    ]);
  });

  it('reminds 5 minutes and 1 minute before, then reboots (dry-run: logged, succeeded)', async () => {
    const h = await harness();
    const id = await scheduled(h, restartEnvelope({ delaySeconds: 600 }));

    await h.clock.advance(5 * MINUTE);
    expect(h.notifier.sent.map((n) => n.body.split(' Save')[0])).toEqual([
      'Your PC will restart in 10 minutes.',
      'Your PC will restart in 5 minutes.',
    ]);
    await h.clock.advance(4 * MINUTE);
    expect(h.notifier.sent.at(-1)?.body).toContain('Your PC will restart in 1 minute.');
    expect(h.notifier.sent.at(-1)?.urgency).toBe('critical');
    expect(h.steps(id).at(-1)).toBe('running/scheduled');

    await h.clock.advance(MINUTE);

    expect(h.steps(id)).toEqual([
      'delivered',
      'running/scheduled',
      'running/rebooting',
      'succeeded/rebooted',
    ]);
    expect(h.updates().at(-1)?.result).toEqual({
      exitCode: 0,
      output: 'would run: systemctl reboot',
      detail: { dryRun: true },
    });
    expect(
      h.logLines().filter((line) => line.msg === 'actions: dry-run, would run: systemctl reboot'),
    ).toHaveLength(1);
    expect(h.engine.pendingRestart()).toBeNull();
    expect(h.engine.history(1)[0]).toMatchObject({ state: 'succeeded', stage: 'rebooted' });
  });

  it('shows only the reminders still ahead of a short countdown', async () => {
    const h = await harness();
    await scheduled(h, restartEnvelope({ delaySeconds: 120 }));

    await h.clock.advance(2 * MINUTE);

    expect(h.notifier.sent.map((n) => n.body.split(' Save')[0])).toEqual([
      'Your PC will restart in 2 minutes.',
      'Your PC will restart in 1 minute.',
    ]);
  });
});

describe('restart: snooze', () => {
  it('postpones within the policy and refuses beyond it', async () => {
    const h = await harness();
    const id = await scheduled(
      h,
      restartEnvelope({ delaySeconds: 300, snooze: { maxCount: 1, lengthSeconds: 1800 } }),
    );
    await h.clock.advance(2 * MINUTE);

    const first = h.engine.snooze(id);
    const second = h.engine.snooze(id);

    expect(first).toEqual({
      ok: true,
      value: expect.objectContaining({ id, rebootAt: T0 + 32 * MINUTE, snoozesUsed: 1 }) as object,
    });
    expect(second).toEqual({
      ok: false,
      error: {
        code: 'E_SNOOZE_NOT_ALLOWED',
        message: expect.stringContaining('postponed') as string,
      },
    });
    expect(h.steps(id).slice(-1)).toEqual(['running/snoozed']);
    expect(h.store.actions.get(id)).toMatchObject({ rebootAt: T0 + 32 * MINUTE, snoozesUsed: 1 });
    await h.clock.advance(0);
    expect(h.notifier.sent.at(-1)?.title).toBe('Restart postponed');
    expect(h.notifier.sent.at(-1)?.body).toContain('30 minutes');

    // The old reboot time passes without a reboot; the new one reboots.
    await h.clock.advance(10 * MINUTE);
    expect(h.steps(id).at(-1)).toBe('running/snoozed');
    await h.clock.advance(20 * MINUTE);
    expect(h.steps(id).at(-1)).toBe('succeeded/rebooted');
  });

  it('refuses to snooze when IT allowed none, and an unknown id', async () => {
    const h = await harness();
    const id = await scheduled(h, restartEnvelope({ snooze: { maxCount: 0, lengthSeconds: 60 } }));

    expect(h.engine.snooze(id)).toMatchObject({
      ok: false,
      error: { code: 'E_SNOOZE_NOT_ALLOWED' },
    });
    expect(h.engine.snooze('other')).toMatchObject({ ok: false, error: { code: 'E_NO_RESTART' } });
  });
});

describe('restart: cancel and replace', () => {
  it('stops on cancel: no reboot, the person is told, cancelled/stopped is reported', async () => {
    const h = await harness();
    const id = await scheduled(h, restartEnvelope({ delaySeconds: 300 }));

    h.engine.cancel([id]);
    await h.clock.advance(30 * MINUTE);

    expect(h.steps(id)).toEqual(['delivered', 'running/scheduled', 'cancelled/stopped']);
    expect(h.notifier.sent.at(-1)).toEqual({
      title: 'Restart cancelled',
      body: 'The restart was cancelled by IT.',
      urgency: 'normal',
    });
    expect(h.engine.pendingRestart()).toBeNull();
    expect(h.logLines().some((line) => line.msg.includes('would run'))).toBe(false);
    expect(h.clock.pendingTimers()).toBe(0);
  });

  it('lets a newer restart replace a waiting one, which fails as superseded', async () => {
    const h = await harness();
    const older = await scheduled(h, restartEnvelope({ delaySeconds: 300 }));
    const newer = await scheduled(h, restartEnvelope({ delaySeconds: 3600 }));

    await h.clock.advance(10 * MINUTE);

    expect(h.steps(older).at(-1)).toBe('failed');
    expect(
      h.updates().find((u) => u.actionId === older && u.status === 'failed')?.result?.error,
    ).toEqual({ code: 'E_ACTION_SUPERSEDED', message: expect.stringContaining(newer) as string });
    expect(h.engine.pendingRestart()?.id).toBe(newer);
    expect(h.logLines().some((line) => line.msg.includes('would run'))).toBe(false);
  });
});

describe('restart: across agent restarts', () => {
  it('resumes the countdown from SQLite after a reopen', async () => {
    const h = await harness();
    const id = await scheduled(h, restartEnvelope({ delaySeconds: 600 }));
    await h.clock.advance(2 * MINUTE);

    await h.reopen();

    expect(h.engine.pendingRestart()).toMatchObject({ id, rebootAt: T0 + 10 * MINUTE });
    await h.clock.advance(8 * MINUTE);
    expect(h.steps(id).at(-1)).toBe('succeeded/rebooted');
  });

  it('reboots a restart whose time passed while the agent was down, but not within the first minute', async () => {
    const h = await harness();
    const id = await scheduled(h, restartEnvelope({ delaySeconds: 300 }));
    await h.engine.stop();
    h.clock.set(T0 + 2 * 60 * MINUTE);

    await h.reopen();
    await h.clock.advance(59_000);
    expect(h.steps(id).at(-1)).toBe('running/scheduled');
    expect(h.engine.pendingRestart()?.rebootAt).toBe(T0 + 121 * MINUTE);

    await h.clock.advance(1_000);
    expect(h.steps(id).at(-1)).toBe('succeeded/rebooted');
  });

  it('runs the real reboot command and proves the reboot by a newer boot time on the next start', async () => {
    const { h, runner } = await realRebootHarness();
    const id = await scheduled(h, restartEnvelope({ delaySeconds: 60 }));
    const bootBefore = h.boot.time;

    await h.clock.advance(MINUTE);
    expect(runner.commands).toEqual([{ file: 'systemctl', args: ['reboot'] }]);
    expect(h.steps(id).at(-1)).toBe('running/rebooting');
    expect(h.store.actions.get(id)?.bootTimeBefore).toBe(bootBefore);

    h.boot.time = T0 + 2 * MINUTE;
    h.clock.set(T0 + 3 * MINUTE);
    await h.reopen();

    expect(h.steps(id).at(-1)).toBe('succeeded/rebooted');
    expect(h.updates().at(-1)?.result?.detail).toEqual({ bootTime: T0 + 2 * MINUTE });
    expect(runner.commands).toHaveLength(1);
  });

  it('fails when the PC is still up on the same boot 10 minutes after the command', async () => {
    const { h } = await realRebootHarness(0, 'rebooting');
    const id = await scheduled(h, restartEnvelope({ delaySeconds: 60 }));

    await h.clock.advance(MINUTE);
    await h.clock.advance(9 * MINUTE);
    expect(h.steps(id).at(-1)).toBe('running/rebooting');
    await h.clock.advance(MINUTE);

    expect(h.updates().at(-1)).toMatchObject({
      status: 'failed',
      result: { error: { code: 'E_ACTION_REBOOT_FAILED' }, output: 'rebooting' },
    });
  });

  it('fails at start when a reboot was under way long ago and the boot time did not change', async () => {
    const { h } = await realRebootHarness();
    const id = await scheduled(h, restartEnvelope({ delaySeconds: 60 }));
    await h.clock.advance(MINUTE);
    await h.engine.stop();
    h.clock.set(T0 + DAY);

    await h.reopen();

    expect(h.updates().at(-1)).toMatchObject({
      actionId: id,
      status: 'failed',
      result: { error: { code: 'E_ACTION_REBOOT_FAILED' } },
    });
  });

  it('fails with the output when the reboot command exits non-zero', async () => {
    const { h } = await realRebootHarness(1, 'Failed to reboot: Access denied');
    const id = await scheduled(h, restartEnvelope({ delaySeconds: 60 }));

    await h.clock.advance(MINUTE);

    expect(h.updates().at(-1)).toMatchObject({
      actionId: id,
      status: 'failed',
      result: {
        exitCode: 1,
        output: 'Failed to reboot: Access denied',
        error: {
          code: 'E_ACTION_REBOOT_FAILED',
          message: expect.stringContaining('systemctl reboot') as string,
        },
      },
    });
    expect(h.engine.pendingRestart()).toBeNull();
  });

  it('refuses to snooze or cancel once the reboot has begun', async () => {
    const { h } = await realRebootHarness();
    const id = await scheduled(h, restartEnvelope({ delaySeconds: 60 }));
    await h.clock.advance(MINUTE);

    h.engine.cancel([id]);

    expect(h.engine.snooze(id)).toMatchObject({ ok: false });
    expect(h.steps(id).at(-1)).toBe('running/rebooting');
  });
});
