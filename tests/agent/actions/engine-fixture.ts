import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Compile } from 'typebox/compile';
import { afterEach, expect } from 'vitest';
import type { ActionClock } from '../../../src/agent/actions/clock.js';
import { createActionEngine } from '../../../src/agent/actions/create-action-engine.js';
import type { ActionEngine } from '../../../src/agent/actions/engine.js';
import type { OsCommand } from '../../../src/agent/actions/os/commands.js';
import { createOsAdapter } from '../../../src/agent/actions/os/os-adapter.js';
import type { CommandOutcome, CommandRunner } from '../../../src/agent/actions/os/runner.js';
import type { ActionEngineDeps, UploadResult } from '../../../src/agent/actions/types.js';
import { createLogger } from '../../../src/agent/logger.js';
import type { NotificationRequest, Notifier } from '../../../src/agent/notify/notifier.js';
import { openStore } from '../../../src/agent/store/open-store.js';
import type { Store } from '../../../src/agent/store/types.js';
import type { ActionUpdate } from '../../../src/shared/protocol/action-schemas.js';
import { ActionUpdateSchema } from '../../../src/shared/protocol/action-schemas.js';

/** A Monday at 09:00 UTC. */
export const T0 = Date.UTC(2025, 5, 2, 9);
export const MINUTE = 60_000;
export const DAY = 86_400_000;

/** Timers that fire only when the test moves time on. */
export interface ManualClock extends ActionClock {
  /** Moves time on by `ms`, firing due timers in order and letting their work settle. */
  advance(ms: number): Promise<void>;
  set(now: number): void;
  pendingTimers(): number;
}

/** Lets promise chains and setImmediate callbacks (SQLite is synchronous) run to the end. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 30; i++) await new Promise((resolve) => setImmediate(resolve));
}

export function manualClock(start = T0): ManualClock {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, { at: number; run: () => void }>();
  return {
    now: () => now,
    setTimeout(run, ms) {
      const id = nextId++;
      timers.set(id, { at: now + Math.max(0, ms), run });
      return id;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.entries()]
          .filter(([, timer]) => timer.at <= end)
          .sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = Math.max(now, due[1].at);
        due[1].run();
        await settle();
      }
      now = end;
      await settle();
    },
    set(value) {
      now = value;
    },
    pendingTimers: () => timers.size,
  };
}

export interface RecordingNotifier extends Notifier {
  sent: NotificationRequest[];
  /** The next notify() calls reject with this. */
  failWith?: Error;
}

export function recordingNotifier(): RecordingNotifier {
  const notifier: RecordingNotifier = {
    sent: [],
    notify(notification) {
      if (notifier.failWith) return Promise.reject(notifier.failWith);
      notifier.sent.push(notification);
      return Promise.resolve();
    },
  };
  return notifier;
}

/** A runner that runs nothing real: it records each command and answers `outcome`. */
export interface RecordingRunner extends CommandRunner {
  commands: OsCommand[];
  outcome: (command: OsCommand) => CommandOutcome;
}

export function recordingRunner(
  outcome: (command: OsCommand) => CommandOutcome = () => ({
    exitCode: 0,
    output: '',
    isTimedOut: false,
  }),
): RecordingRunner {
  const runner: RecordingRunner = {
    isDryRun: false,
    commands: [],
    outcome,
    run(command) {
      runner.commands.push(command);
      return Promise.resolve(runner.outcome(command));
    },
  };
  return runner;
}

export interface Harness {
  dir: string;
  dbPath: string;
  clock: ManualClock;
  notifier: RecordingNotifier;
  logLines: () => Array<{ msg: string; level: number }>;
  store: Store;
  engine: ActionEngine;
  uploads: Array<{ actionId: string; gzip: Buffer }>;
  boot: { time: number };
  /** Stops the engine and closes the store, then opens both again on the same file. */
  reopen(overrides?: Partial<ActionEngineDeps>): Promise<void>;
  /** Updates waiting, without seq, checked against the protocol schema. */
  updates(): ActionUpdate[];
  /** Updates for one action as `status/stage` strings. */
  steps(actionId: string): string[];
}

const checkUpdate = Compile(ActionUpdateSchema);

/**
 * A real store in a temp folder, the real engine, a recording notifier, a dry-run Linux OS
 * adapter (unless the test passes another) and a manual clock. Closed and removed after each test.
 */
export function engineHarness() {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  return async function create(overrides: Partial<ActionEngineDeps> = {}): Promise<Harness> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashfleet-actions-'));
    const dbPath = path.join(dir, 'agent.db');
    const clock = overrides.clock ? (overrides.clock as ManualClock) : manualClock();
    const notifier = recordingNotifier();
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const logger = createLogger('debug', sink);
    const uploads: Harness['uploads'] = [];
    const boot = { time: T0 - DAY };
    const dryRun = overrides.dryRun ?? overrides.os?.runner.isDryRun ?? true;
    const base = (store: Store): ActionEngineDeps => ({
      tables: store.actions,
      notifier,
      logger,
      language: () => 'en',
      disabledTypes: [],
      dryRun,
      uploadArtifact: (actionId: string, gzip: Buffer): Promise<UploadResult> => {
        uploads.push({ actionId, gzip });
        return Promise.resolve({ ok: true });
      },
      bootTime: () => Promise.resolve(boot.time),
      logFiles: () => [],
      clock,
      os: createOsAdapter({ dryRun, logger, platform: 'linux', tempDir: dir }),
      ...overrides,
    });
    const harness: Harness = {
      dir,
      dbPath,
      clock,
      notifier,
      logLines: () => lines.map((line) => JSON.parse(line) as { msg: string; level: number }),
      store: openStore({ path: dbPath, now: clock.now }),
      engine: undefined as unknown as ActionEngine,
      uploads,
      boot,
      async reopen(more = {}) {
        await harness.engine.stop();
        harness.store.close();
        harness.store = openStore({ path: dbPath, now: clock.now });
        harness.engine = createActionEngine({ ...base(harness.store), ...more });
        await harness.engine.start();
      },
      updates() {
        const updates = harness.store.actions.pendingUpdates(10_000);
        for (const update of updates)
          expect(checkUpdate.Check(update), JSON.stringify(update)).toBe(true);
        return updates;
      },
      steps(actionId) {
        return harness
          .updates()
          .filter((update) => update.actionId === actionId)
          .map((update) => (update.stage ? `${update.status}/${update.stage}` : update.status));
      },
    };
    harness.engine = createActionEngine(base(harness.store));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    cleanups.push(async () => {
      await harness.engine.stop();
      harness.store.close();
    });
    await harness.engine.start();
    return harness;
  };
}

let counter = 0;

/** An action as the server sends it; `overrides` may make it anything (bad, hostile, ...). */
export function envelope(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter++;
  return {
    id: `act-${counter}`,
    type: 'message',
    params: { title: 'Printer moved', body: 'The printer is now on floor 2.', level: 'info' },
    createdAt: T0 - MINUTE,
    expiresAt: T0 + DAY,
    sentBy: 'Jane Doe, IT',
    ...overrides,
  };
}

export function restartEnvelope(
  params: Partial<{ delaySeconds: number; reason: string; snooze: object }> = {},
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return envelope({
    type: 'restart',
    params: {
      delaySeconds: 600,
      reason: 'Security updates',
      snooze: { maxCount: 1, lengthSeconds: 900 },
      ...params,
    },
    ...overrides,
  });
}

/** Waits until the action reached a state other than received/running. */
export async function finished(harness: Harness, actionId: string): Promise<void> {
  await expect
    .poll(() => harness.store.actions.get(actionId)?.state)
    .toMatch(/^(succeeded|failed|refused|cancelled)$/);
}

/** Waits until the action's latest update is `step` (status or status/stage). */
export async function reached(harness: Harness, actionId: string, step: string): Promise<void> {
  await expect.poll(() => harness.steps(actionId).at(-1)).toBe(step);
}
