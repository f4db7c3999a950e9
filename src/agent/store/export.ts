import type { Database as Db } from 'better-sqlite3';
import { openReader } from './database.js';
import type { Cell } from './export-format.js';
import { csvHeader, csvRow, jsonlRow } from './export-format.js';
import { assertRange, metricList } from './query-validation.js';
import type { TierContext, TierSpec } from './tiers.js';
import { exportTier } from './tiers.js';
import type { ExportFormat, ExportQuery } from './types.js';

export interface Exporter {
  exportLines(query: ExportQuery): Iterable<string>;
  /** Closes the connections of exports still being read (store.close()). */
  closeAll(): void;
}

export interface ExportDeps {
  path: string;
  tiers: readonly TierSpec[];
  context: () => TierContext;
}

type Row = { ts: number; avg: number; max: number };

/**
 * Streams a range, one wide line per timestamp, from the finest tier that covers it.
 *
 * Each export reads through its own read-only connection: a paused generator keeps its
 * statements open, and on the store's own connection that would block the agent's next
 * write ("connection is busy"). The reader also gives the export one consistent snapshot.
 * Rows are never collected: each series is an index range scan in ts order, and the lines
 * are a k-way merge of those cursors, so memory is one row per series.
 */
export function createExporter(deps: ExportDeps): Exporter {
  /** Closers of the exports being read; store.close() runs them. */
  const active = new Set<() => void>();

  function* lines(query: ExportQuery, spec: TierSpec, requested?: string[]): Generator<string> {
    const db = openReader(deps.path);
    let cursors: Array<IterableIterator<Row> | undefined> = [];
    // SQLite refuses to close a connection with a cursor open: finish them first.
    const close = (): void => {
      for (const cursor of cursors) cursor?.return?.();
      if (db.open) db.close(); // also ends the read transaction
      active.delete(close);
    };
    active.add(close);
    try {
      db.exec('BEGIN'); // the header's columns and the rows come from the same snapshot
      const columns = requested ?? seriesInTier(db, spec, query);
      if (query.format === 'csv') yield csvHeader(columns);
      const idOf = db.prepare<[string], { id: number }>('SELECT id FROM metrics WHERE name = ?');
      cursors = columns.map((name) => {
        const id = idOf.get(name)?.id;
        if (id === undefined) return undefined;
        const statement = db.prepare<[number, number, number], Row>(
          `SELECT ts, ${spec.tier === 'raw' ? 'value AS avg, value AS max' : 'avg, max'}
           FROM ${spec.table} WHERE metric_id = ? AND ts >= ? AND ts < ? ORDER BY ts`,
        );
        return statement.iterate(id, query.from, query.to);
      });
      const heads = cursors.map((cursor) => cursor?.next());
      for (;;) {
        let ts = Infinity;
        for (const head of heads) if (head && !head.done) ts = Math.min(ts, head.value.ts);
        if (ts === Infinity) break;
        const cells: Cell[] = heads.map((head, i) => {
          if (!head || head.done || head.value.ts !== ts) return undefined;
          heads[i] = cursors[i]?.next();
          return { avg: head.value.avg, max: head.value.max };
        });
        yield query.format === 'csv' ? csvRow(ts, cells) : jsonlRow(ts, spec.tier, columns, cells);
      }
    } finally {
      close();
    }
  }

  return {
    exportLines(query) {
      // Checked now, not at the first line, so the caller gets the error where it asked.
      assertRange(query.from, query.to);
      assertFormat(query.format);
      const requested = query.metrics === undefined ? undefined : metricList(query.metrics);
      return lines(query, exportTier(deps.tiers, deps.context(), query.from), requested);
    },
    closeAll() {
      for (const close of [...active]) close();
    },
  };
}

function seriesInTier(db: Db, spec: TierSpec, query: ExportQuery): string[] {
  const statement = db.prepare<[number, number], { name: string }>(
    `SELECT name FROM metrics m
     WHERE EXISTS (SELECT 1 FROM ${spec.table} WHERE metric_id = m.id AND ts >= ? AND ts < ?)
     ORDER BY name`,
  );
  return statement.all(query.from, query.to).map((row) => row.name);
}

function assertFormat(format: ExportFormat): void {
  if (format !== 'csv' && format !== 'jsonl') {
    throw new RangeError(`format must be "csv" or "jsonl", got ${String(format)}`);
  }
}
