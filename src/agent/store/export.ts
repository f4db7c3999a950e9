import { openReader } from './database.js';
import type { Cell } from './export-format.js';
import { csvHeader, csvRow, jsonlRow } from './export-format.js';
import { createExportRead } from './export-read.js';
import { readWatermarks } from './history-sql.js';
import { createMeta } from './meta.js';
import { assertRange, metricList } from './query-validation.js';
import type { TierContext, TierSpec } from './tiers.js';
import { exportTier } from './tiers.js';
import type { ExportFormat, ExportQuery, HistoryPoint } from './types.js';

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

/**
 * Streams a range, one wide line per timestamp, from the finest tier that covers it, completed
 * by the finer tiers up to `to` as history is (export-read.ts).
 *
 * Each export reads through its own read-only connection: a paused generator keeps its
 * statements open, and on the store's own connection that would block the agent's next
 * write ("connection is busy"). The reader also gives the export one consistent snapshot.
 * Rows are never collected: each series is an index range scan in ts order (then a small
 * grouped read of what is past its tier's watermark), and the lines are a k-way merge of those
 * cursors, so memory is one row per series.
 */
export function createExporter(deps: ExportDeps): Exporter {
  /** Closers of the exports being read; store.close() runs them. */
  const active = new Set<() => void>();

  function* lines(query: ExportQuery, spec: TierSpec, requested?: string[]): Generator<string> {
    const db = openReader(deps.path);
    let cursors: Array<Iterator<HistoryPoint> | undefined> = [];
    // SQLite refuses to close a connection with a cursor open: finish them first.
    const close = (): void => {
      for (const cursor of cursors) cursor?.return?.();
      if (db.open) db.close(); // also ends the read transaction
      active.delete(close);
    };
    active.add(close);
    try {
      db.exec('BEGIN'); // the header's columns, the watermarks and the rows: one snapshot
      const marks = readWatermarks(createMeta(db));
      const read = createExportRead(db, deps.tiers, spec, {
        from: query.from,
        to: query.to,
        marks,
      });
      const columns = requested ?? read.seriesWithData();
      if (query.format === 'csv') yield csvHeader(columns);
      const idOf = db.prepare<[string], { id: number }>('SELECT id FROM metrics WHERE name = ?');
      cursors = columns.map((name) => {
        const id = idOf.get(name)?.id;
        return id === undefined ? undefined : read.rows(id);
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

function assertFormat(format: ExportFormat): void {
  if (format !== 'csv' && format !== 'jsonl') {
    throw new RangeError(`format must be "csv" or "jsonl", got ${String(format)}`);
  }
}
