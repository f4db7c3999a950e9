import type { Database as Db } from 'better-sqlite3';

/**
 * Series names are stored once in `metrics` and referenced by id. Ids never change once
 * assigned, so they are cached; a miss is looked up (another process may have added it).
 */
export interface MetricIds {
  /** The id of a series, creating it if new. Writers only. */
  ensure(name: string): number;
  /** The id of a series, or undefined if it has never been stored. */
  find(name: string): number | undefined;
  /** Every known id (retention walks them one index range at a time). */
  all(): number[];
  /** Forgets cached ids: after a rolled-back transaction they may not exist. */
  reset(): void;
}

export function createMetricIds(db: Db): MetricIds {
  const cache = new Map<string, number>();
  const select = db.prepare<[string], { id: number }>('SELECT id FROM metrics WHERE name = ?');
  const insert = db.prepare<[string]>('INSERT INTO metrics (name) VALUES (?)');
  const selectAll = db.prepare<[], { id: number }>('SELECT id FROM metrics ORDER BY id');

  function find(name: string): number | undefined {
    const cached = cache.get(name);
    if (cached !== undefined) return cached;
    const id = select.get(name)?.id;
    if (id !== undefined) cache.set(name, id);
    return id;
  }

  return {
    find,
    ensure(name) {
      const existing = find(name);
      if (existing !== undefined) return existing;
      const id = Number(insert.run(name).lastInsertRowid);
      cache.set(name, id);
      return id;
    },
    all: () => selectAll.all().map((row) => row.id),
    reset: () => cache.clear(),
  };
}
