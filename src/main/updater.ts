import type { Logger } from '../agent/logger.js';
import type { UpdateSupport } from './update-support.js';
import { HOUR_MS, MINUTE_MS } from '../shared/time.js';

/** The part of electron-updater's `autoUpdater` used here, so tests can hand in a fake. */
export interface AutoUpdaterPort {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<unknown>;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
}

export type UpdateCheck = { ok: true } | { ok: false; error: string };

export interface UpdaterDeps {
  autoUpdater: AutoUpdaterPort;
  support: UpdateSupport;
  /** Generic-provider feed (the companion server); absent: the URL baked in at packaging. */
  feedUrl: string | undefined;
  logger: Pick<Logger, 'info' | 'warn'>;
  intervalMs?: number;
  firstCheckDelayMs?: number;
  timers?: {
    setTimeout: (run: () => void, ms: number) => unknown;
    setInterval: (run: () => void, ms: number) => unknown;
    clear: (handle: unknown) => void;
  };
}

export interface Updater {
  /** Schedules periodic checks (nothing at all when updating is not supported). */
  start(): void;
  stop(): void;
  /** One check; every failure comes back as a value, never as an exception. */
  check(): Promise<UpdateCheck>;
}

const SIX_HOURS_MS = 6 * HOUR_MS;

const defaultTimers: NonNullable<UpdaterDeps['timers']> = {
  setTimeout: (run, ms) => setTimeout(run, ms).unref(),
  setInterval: (run, ms) => setInterval(run, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Checks the update feed now and then, downloads in the background and installs on quit. A
 * failed update must never break the running app: every failure, thrown, rejected or emitted,
 * becomes a logged value.
 */
export function createUpdater(deps: UpdaterDeps): Updater {
  const { autoUpdater, support, logger } = deps;
  const timers = deps.timers ?? defaultTimers;
  const handles: unknown[] = [];
  let isConfigured = false;

  const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

  function configure(): UpdateCheck {
    if (isConfigured) return { ok: true };
    try {
      autoUpdater.autoDownload = true;
      autoUpdater.autoInstallOnAppQuit = true;
      // Without an 'error' listener an emitted error would be thrown by the event emitter.
      autoUpdater.on('error', (error) => logger.warn(`updater: ${describe(error)}`));
      autoUpdater.on('update-downloaded', (info) =>
        logger.info(`updater: version ${info.version} downloaded, installs when DashFleet quits`),
      );
      if (deps.feedUrl) autoUpdater.setFeedURL({ provider: 'generic', url: deps.feedUrl });
      isConfigured = true;
      return { ok: true };
    } catch (error) {
      return { ok: false, error: `cannot be set up (${describe(error)})` };
    }
  }

  async function check(): Promise<UpdateCheck> {
    if (!support.isSupported) return { ok: false, error: support.reason };
    const setup = configure();
    if (!setup.ok) {
      logger.warn(`updater: ${setup.error}`);
      return setup;
    }
    try {
      await autoUpdater.checkForUpdates();
      return { ok: true };
    } catch (error) {
      const failure = { ok: false as const, error: `check failed (${describe(error)})` };
      logger.warn(`updater: ${failure.error}`);
      return failure;
    }
  }

  return {
    start() {
      if (!support.isSupported) {
        logger.info(`updater: off, ${support.reason}`);
        return;
      }
      logger.info(
        `updater: checking every ${Math.round((deps.intervalMs ?? SIX_HOURS_MS) / MINUTE_MS)} min`,
      );
      const run = () => void check();
      handles.push(timers.setTimeout(run, deps.firstCheckDelayMs ?? MINUTE_MS));
      handles.push(timers.setInterval(run, deps.intervalMs ?? SIX_HOURS_MS));
    },
    stop() {
      for (const handle of handles.splice(0)) timers.clear(handle);
    },
    check,
  };
}
