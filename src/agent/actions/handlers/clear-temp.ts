import type { Dir, Stats } from 'node:fs';
import { lstat, opendir, rmdir, unlink } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { DAY_MS } from '../../../shared/time.js';
import { taskHandler } from './task.js';

export interface TempCleanupOptions {
  dir: string;
  /** Files last changed before this (epoch ms) are removed. */
  before: number;
  /** Count what would go, remove nothing. */
  dryRun: boolean;
  /** Folders never entered (the agent's own data). */
  keepPaths?: readonly string[];
  /** POSIX: only files this uid owns (an agent running as root leaves other users' files). */
  uid?: number;
  /** Stops walking after this many entries (a temp folder with millions of files). */
  maxEntries?: number;
  signal?: AbortSignal;
}

export interface TempCleanup {
  filesRemoved: number;
  bytesFreed: number;
  foldersRemoved: number;
  /** Old files that could not be removed (in use, not ours to delete): left alone. */
  skipped: number;
  /** The walk stopped at maxEntries (or because the agent stopped). */
  isPartial: boolean;
}

/** Folders deeper than this are left alone; temp trees are shallow, cycles impossible (no links followed). */
const MAX_DEPTH = 32;
const MAX_ENTRIES = 200_000;

/**
 * Removes files older than `before` from the temp folder, in Node (no shell, no command), never
 * following a link, leaving sockets, pipes and devices (a running ssh-agent or tmux lives on one)
 * and skipping whatever cannot be removed. A folder goes only once it is empty and was itself
 * old. "Older" means neither modified nor changed since `before`: a file extracted today from
 * an old archive keeps an old mtime but a new ctime.
 */
export async function cleanTempFolder(options: TempCleanupOptions): Promise<TempCleanup> {
  const totals: TempCleanup = {
    filesRemoved: 0,
    bytesFreed: 0,
    foldersRemoved: 0,
    skipped: 0,
    isPartial: false,
  };
  const keep = (options.keepPaths ?? []).map((path) => resolve(path));
  // A folder that holds a kept one is never empty, so it is never removed either.
  const isKept = (path: string) =>
    keep.some((kept) => path === kept || path.startsWith(kept + sep));
  const maxEntries = options.maxEntries ?? MAX_ENTRIES;
  let entries = 0;
  const isOld = (stats: Stats) => Math.max(stats.mtimeMs, stats.ctimeMs) < options.before;
  const isOurs = (stats: Stats) => options.uid === undefined || stats.uid === options.uid;

  /** Returns whether the folder is empty afterwards. */
  async function walk(dir: string, depth: number): Promise<boolean> {
    let handle: Dir;
    try {
      handle = await opendir(dir);
    } catch {
      return false;
    }
    let isEmpty = true;
    for await (const entry of handle) {
      if (++entries > maxEntries || options.signal?.aborted) {
        totals.isPartial = true;
        isEmpty = false;
        break;
      }
      const path = join(dir, entry.name);
      if (isKept(path)) {
        isEmpty = false;
        continue;
      }
      let stats: Stats;
      try {
        stats = await lstat(path);
      } catch {
        isEmpty = false;
        continue;
      }
      if (stats.isDirectory()) {
        const isNowEmpty = depth < MAX_DEPTH && (await walk(path, depth + 1));
        if (isNowEmpty && isOld(stats) && isOurs(stats)) {
          if (options.dryRun || (await removed(() => rmdir(path)))) {
            totals.foldersRemoved++;
            continue;
          }
        }
        isEmpty = false;
      } else if (stats.isFile() && isOld(stats) && isOurs(stats)) {
        if (options.dryRun || (await removed(() => unlink(path)))) {
          totals.filesRemoved++;
          totals.bytesFreed += stats.size;
        } else {
          totals.skipped++;
          isEmpty = false;
        }
      } else {
        isEmpty = false;
      }
    }
    // In dry-run nothing was removed: no folder is really empty.
    return isEmpty && !options.dryRun;
  }

  await walk(resolve(options.dir), 0);
  return totals;
}

async function removed(remove: () => Promise<void>): Promise<boolean> {
  try {
    await remove();
    return true;
  } catch {
    return false;
  }
}

/** Frees disk space: files older than 24 h in this user's temp folder. */
export const clearTempHandler = taskHandler(async (_action, { os, clock, keepPaths, signal }) => {
  const dryRun = os.runner.isDryRun;
  const totals = await cleanTempFolder({
    dir: os.tempDir,
    before: clock.now() - DAY_MS,
    dryRun,
    keepPaths,
    ...(typeof process.getuid === 'function' ? { uid: process.getuid() } : {}),
    signal,
  });
  const verb = dryRun ? 'would remove' : 'removed';
  const output =
    `${os.tempDir}: ${verb} ${totals.filesRemoved} file(s) older than 24 h ` +
    `(${totals.bytesFreed} bytes) and ${totals.foldersRemoved} empty folder(s); ` +
    `${totals.skipped} could not be removed` +
    (totals.isPartial ? '; stopped early, run it again to go on' : '');
  return {
    ok: true,
    result: {
      output,
      detail: {
        bytesFreed: totals.bytesFreed,
        filesRemoved: totals.filesRemoved,
        foldersRemoved: totals.foldersRemoved,
        skipped: totals.skipped,
        isPartial: totals.isPartial,
        ...(dryRun ? { dryRun: true } : {}),
      },
    },
  };
});
