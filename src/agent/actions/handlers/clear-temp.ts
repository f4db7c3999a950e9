import type { BigIntStats, Dir } from 'node:fs';
import { lstat, opendir, realpath, rmdir, unlink } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { DAY_MS } from '../../../shared/time.js';
import { taskHandler } from './task.js';
import { mayEnterSubfolder, mayEnterTempFolder } from './temp-folder-rules.js';

export interface TempCleanupOptions {
  dir: string;
  /** Files last changed before this (epoch ms) are removed. */
  before: number;
  /** Count what would go, remove nothing. */
  dryRun: boolean;
  /** Folders never entered (the agent's own data). */
  keepPaths?: readonly string[];
  /**
   * POSIX: the agent's uid. Only its files are removed (an agent running as root leaves other
   * users' files), and only folders nobody else can change are entered (temp-folder-rules.ts).
   * Absent (Windows, where owners are not checked): no folder is entered at all.
   */
  uid?: number;
  /** Stops walking after this many entries (a temp folder with millions of files). */
  maxEntries?: number;
  signal?: AbortSignal;
  /** Called after a folder was checked and before it is opened (tests swap it there). */
  beforeOpen?: (path: string) => Promise<void> | void;
}

export interface TempCleanup {
  filesRemoved: number;
  bytesFreed: number;
  foldersRemoved: number;
  /** Old files that could not be removed (in use, not ours to delete): left alone. */
  skipped: number;
  /** Folders not entered: someone else could change them while they were cleaned. */
  foldersLeft: number;
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
 *
 * It works by path names, so it walks only through folders nobody else can change while it is
 * inside (the rules and why: temp-folder-rules.ts), and after opening a folder it checks that
 * the path still names the folder it checked (same device and inode): a folder swapped for a
 * link in between is not listed.
 */
export async function cleanTempFolder(options: TempCleanupOptions): Promise<TempCleanup> {
  const totals: TempCleanup = {
    filesRemoved: 0,
    bytesFreed: 0,
    foldersRemoved: 0,
    skipped: 0,
    foldersLeft: 0,
    isPartial: false,
  };
  const { uid } = options;
  // Real paths: the walk's paths start at the temp folder's real path (/tmp may be a link).
  const keep = await Promise.all((options.keepPaths ?? []).map(realPathOf));
  // A folder that holds a kept one is never empty, so it is never removed either.
  const isKept = (path: string) =>
    keep.some((kept) => path === kept || path.startsWith(kept + sep));
  const maxEntries = options.maxEntries ?? MAX_ENTRIES;
  let entries = 0;
  const isOld = (stats: BigIntStats) =>
    Number(stats.mtimeNs > stats.ctimeNs ? stats.mtimeNs : stats.ctimeNs) / 1e6 < options.before;
  const isOurs = (stats: BigIntStats) => uid === undefined || Number(stats.uid) === uid;
  const ownership = (stats: BigIntStats) => ({ uid: Number(stats.uid), mode: Number(stats.mode) });

  /** The folder at `path`, opened, if it is still the one `checked` describes. */
  async function openChecked(path: string, checked: BigIntStats): Promise<Dir | undefined> {
    await options.beforeOpen?.(path);
    let handle: Dir;
    try {
      handle = await opendir(path);
    } catch {
      return undefined;
    }
    const now = await lstatOf(path);
    if (now?.isDirectory() && now.dev === checked.dev && now.ino === checked.ino) return handle;
    totals.foldersLeft++;
    await handle.close().catch(() => undefined);
    return undefined;
  }

  /** Returns whether the folder is empty afterwards. */
  async function walk(dir: string, checked: BigIntStats, depth: number): Promise<boolean> {
    const handle = await openChecked(dir, checked);
    if (!handle) return false;
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
      const stats = await lstatOf(path);
      if (!stats) {
        isEmpty = false;
        continue;
      }
      if (stats.isDirectory()) {
        if (uid === undefined || !mayEnterSubfolder(ownership(stats), uid)) {
          totals.foldersLeft++;
          isEmpty = false;
          continue;
        }
        const isNowEmpty = depth < MAX_DEPTH && (await walk(path, stats, depth + 1));
        if (isNowEmpty && isOld(stats)) {
          if (options.dryRun || (await removed(() => rmdir(path)))) {
            totals.foldersRemoved++;
            continue;
          }
        }
        isEmpty = false;
      } else if (stats.isFile() && isOld(stats) && isOurs(stats)) {
        if (options.dryRun || (await removed(() => unlink(path)))) {
          totals.filesRemoved++;
          totals.bytesFreed += Number(stats.size);
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

  const start = await realPathOf(options.dir);
  const startStats = await lstatOf(start);
  if (!startStats?.isDirectory()) return totals;
  if (uid !== undefined && !mayEnterTempFolder(ownership(startStats), uid)) {
    totals.foldersLeft++;
    return totals;
  }
  await walk(start, startStats, 0);
  return totals;
}

async function lstatOf(path: string): Promise<BigIntStats | undefined> {
  try {
    return await lstat(path, { bigint: true });
  } catch {
    return undefined;
  }
}

async function realPathOf(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return resolve(path);
  }
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
    (totals.foldersLeft > 0
      ? `; ${totals.foldersLeft} folder(s) others could change were not entered`
      : '') +
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
        foldersLeft: totals.foldersLeft,
        isPartial: totals.isPartial,
        ...(dryRun ? { dryRun: true } : {}),
      },
    },
  };
});
