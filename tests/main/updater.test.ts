import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createUpdater } from '../../src/main/updater.js';
import type { AutoUpdaterPort, UpdaterDeps } from '../../src/main/updater.js';

/** Stands in for electron-updater's autoUpdater, which needs a running Electron. */
class FakeAutoUpdater extends EventEmitter implements AutoUpdaterPort {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  feeds: unknown[] = [];
  checks = 0;
  constructor(private readonly behaviour: () => Promise<unknown>) {
    super();
  }
  setFeedURL(options: { provider: 'generic'; url: string }): void {
    this.feeds.push(options);
  }
  checkForUpdates(): Promise<unknown> {
    this.checks += 1;
    return this.behaviour();
  }
}

function setup(behaviour: () => Promise<unknown>, overrides: Partial<UpdaterDeps> = {}) {
  const autoUpdater = new FakeAutoUpdater(behaviour);
  const logs: string[] = [];
  const scheduled: Array<{ kind: string; ms: number; run: () => void }> = [];
  const cleared: unknown[] = [];
  const updater = createUpdater({
    autoUpdater,
    support: { isSupported: true },
    feedUrl: 'https://fleet.example.com/updates/',
    logger: {
      info: ((message: string) => void logs.push(`info ${message}`)) as never,
      warn: ((message: string) => void logs.push(`warn ${message}`)) as never,
    },
    timers: {
      setTimeout: (run, ms) => scheduled.push({ kind: 'timeout', ms, run }),
      setInterval: (run, ms) => scheduled.push({ kind: 'interval', ms, run }),
      clear: (handle) => void cleared.push(handle),
    },
    ...overrides,
  });
  return { autoUpdater, logs, scheduled, cleared, updater };
}

describe('createUpdater', () => {
  it('points the generic provider at the configured feed and checks', async () => {
    const { autoUpdater, updater } = setup(() => Promise.resolve(null));

    await expect(updater.check()).resolves.toEqual({ ok: true });

    expect(autoUpdater.feeds).toEqual([
      { provider: 'generic', url: 'https://fleet.example.com/updates/' },
    ]);
    expect(autoUpdater.autoDownload).toBe(true);
    expect(autoUpdater.autoInstallOnAppQuit).toBe(true);
  });

  it('keeps the packaged feed when none is configured', async () => {
    const { autoUpdater, updater } = setup(() => Promise.resolve(null), { feedUrl: undefined });

    await updater.check();

    expect(autoUpdater.feeds).toEqual([]);
    expect(autoUpdater.checks).toBe(1);
  });

  it('turns a rejected check into a logged value', async () => {
    const { logs, updater } = setup(() => Promise.reject(new Error('net::ERR_NAME_NOT_RESOLVED')));

    const result = await updater.check();

    expect(result).toEqual({ ok: false, error: 'check failed (net::ERR_NAME_NOT_RESOLVED)' });
    expect(logs).toContain('warn updater: check failed (net::ERR_NAME_NOT_RESOLVED)');
  });

  it('turns a synchronous throw into a logged value', async () => {
    const { updater } = setup(() => {
      throw new Error('app-update.yml missing');
    });

    await expect(updater.check()).resolves.toEqual({
      ok: false,
      error: 'check failed (app-update.yml missing)',
    });
  });

  it('turns a feed that cannot be set into a logged value', async () => {
    const { autoUpdater, updater, logs } = setup(() => Promise.resolve(null));
    autoUpdater.setFeedURL = () => {
      throw new Error('bad url');
    };

    await expect(updater.check()).resolves.toEqual({
      ok: false,
      error: 'cannot be set up (bad url)',
    });
    expect(logs).toContain('warn updater: cannot be set up (bad url)');
  });

  it('logs emitted errors instead of letting the emitter throw them', async () => {
    const { autoUpdater, updater, logs } = setup(() => Promise.resolve(null));
    await updater.check();

    expect(() => autoUpdater.emit('error', new Error('sha512 checksum mismatch'))).not.toThrow();
    expect(logs).toContain('warn updater: sha512 checksum mismatch');
    autoUpdater.emit('update-downloaded', { version: '0.2.0' });
    expect(logs.at(-1)).toMatch(/version 0\.2\.0 downloaded/);
  });

  it('schedules a first check and periodic ones, and stops them', async () => {
    const { autoUpdater, updater, scheduled, cleared } = setup(() => Promise.resolve(null), {
      intervalMs: 1000,
      firstCheckDelayMs: 10,
    });

    updater.start();
    expect(scheduled.map(({ kind, ms }) => [kind, ms])).toEqual([
      ['timeout', 10],
      ['interval', 1000],
    ]);
    scheduled[0]?.run();
    scheduled[1]?.run();
    await expect.poll(() => autoUpdater.checks).toBe(2);

    updater.stop();
    expect(cleared).toHaveLength(2);
  });

  it('does nothing at all where updating is not supported', async () => {
    const { autoUpdater, updater, scheduled, logs } = setup(() => Promise.resolve(null), {
      support: { isSupported: false, reason: 'installed from an MSI' },
    });

    updater.start();
    const result = await updater.check();

    expect(scheduled).toEqual([]);
    expect(autoUpdater.checks).toBe(0);
    expect(result).toEqual({ ok: false, error: 'installed from an MSI' });
    expect(logs).toEqual(['info updater: off, installed from an MSI']);
  });
});
