import { join } from 'node:path';
import type { ServerConfig } from '../config/server-config.js';
import type { ServerDatabase } from '../store/open-database.js';
import { DATABASE_FILE_NAME, openDatabase } from '../store/open-database.js';

/**
 * Opens the server's database for one command and always closes it. Safe while the server
 * runs: SQLite in WAL mode lets both write, each waiting its turn (busy timeout).
 */
export async function withDatabase<T>(
  config: ServerConfig,
  work: (database: ServerDatabase) => Promise<T>,
): Promise<T> {
  const database = await openDatabase(join(config.dataDir, DATABASE_FILE_NAME));
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}
