import { chmodSync, mkdirSync, statSync } from 'node:fs';
import envPaths from 'env-paths';

export const DATA_DIR_ENV = 'DASHFLEET_DATA_DIR';

/**
 * Where the agent keeps its database, config and ids: the flag, else DASHFLEET_DATA_DIR, else
 * the OS's per-user app-data folder (~/.local/share/DashFleet, ~/Library/Application
 * Support/DashFleet, %LOCALAPPDATA%\DashFleet\Data).
 */
export function resolveDataDir(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return flag ?? env[DATA_DIR_ENV] ?? envPaths('DashFleet', { suffix: '' }).data;
}

/**
 * Creates the data dir readable by its owner only: it holds the machine's identity (serial,
 * MACs) and will hold the agent's credentials. A dir that already exists with a looser mode is
 * tightened when this user owns it (mkdir's mode applies only to what it creates).
 */
export function ensureDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return;
  const stats = statSync(dir);
  if (stats.uid === process.getuid?.() && (stats.mode & 0o077) !== 0) chmodSync(dir, 0o700);
}

/** The agent's SQLite database inside the data dir. */
export const DATABASE_FILE_NAME = 'agent.db';
