import type SQLite from 'better-sqlite3';

/**
 * better-sqlite3 behind Kysely prepares every query anew, and parsing SQL can cost as much as
 * running it (a thousand-row upsert of agents' reports most of all). This keeps the most
 * recently used prepared statements by their text. A statement still being iterated (a
 * streamed query) is busy and cannot run twice at once: such a text gets a fresh statement.
 */
export function withStatementCache(
  database: SQLite.Database,
  maxStatements = 500,
): SQLite.Database {
  const prepare = database.prepare.bind(database);
  const statements = new Map<string, SQLite.Statement>();
  const cachedPrepare = (source: string): SQLite.Statement => {
    const known = statements.get(source);
    if (known && !known.busy) {
      statements.delete(source);
      statements.set(source, known);
      return known;
    }
    const statement = prepare(source);
    if (known) return statement;
    statements.set(source, statement);
    if (statements.size > maxStatements) {
      const oldest = statements.keys().next().value;
      if (oldest !== undefined) statements.delete(oldest);
    }
    return statement;
  };
  return new Proxy(database, {
    get(target, property, receiver) {
      if (property === 'prepare') return cachedPrepare;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
