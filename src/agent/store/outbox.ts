import type { Database as Db } from 'better-sqlite3';
import type { Sample } from '../../shared/sample.js';
import { DAY_MS } from './defaults.js';
import type { Meta } from './meta.js';
import type { AckResult, OutboxEntry, OutboxLimits, OutboxStatus } from './types.js';

/**
 * Samples waiting for a server, each with a per-agent monotonic seq.
 *
 * Invariant that keeps the bounds cheap: rows only ever leave from the oldest end (an ack
 * deletes seq <= n, a drop deletes the oldest), and AUTOINCREMENT hands out consecutive seqs
 * (a rolled-back cycle rolls back its sqlite_sequence bump too). So the outbox is always the
 * contiguous range [oldest seq, lastSeq] and its size is lastSeq - oldest + 1: two primary-key
 * lookups per cycle instead of a COUNT(*) scan.
 */
export interface Outbox {
  /** Inside the caller's transaction: appends a sample, returns its seq. */
  append(ts: number, sampleJson: string): number;
  /** Inside the caller's transaction: drops the oldest past the age or count bound. */
  enforceLimits(): number;
  batch(afterSeq: number, limit: number): OutboxEntry[];
  acknowledge(seq: number): AckResult;
  status(): OutboxStatus;
}

export function createOutbox(db: Db, meta: Meta, limits: OutboxLimits, now: () => number): Outbox {
  const insert = db.prepare<[number, string]>('INSERT INTO outbox (ts, sample) VALUES (?, ?)');
  const oldest = db.prepare<[], { seq: number; ts: number }>(
    'SELECT seq, ts FROM outbox ORDER BY seq LIMIT 1',
  );
  const lastSeqRow = db.prepare<[], { seq: number }>(
    "SELECT seq FROM sqlite_sequence WHERE name = 'outbox'",
  );
  // Walks from the oldest end and stops at the first fresh row: work = rows about to go.
  const firstFresh = db.prepare<[number], { seq: number }>(
    'SELECT seq FROM outbox WHERE ts >= ? ORDER BY seq LIMIT 1',
  );
  const deleteBelow = db.prepare<[number]>('DELETE FROM outbox WHERE seq < ?');
  const selectBatch = db.prepare<[number, number], { seq: number; sample: string }>(
    'SELECT seq, sample FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?',
  );
  const lastSeq = (): number => lastSeqRow.get()?.seq ?? 0;

  function enforceLimits(): number {
    let dropped = 0;
    const last = lastSeq();
    const cutoff = now() - limits.maxAgeDays * DAY_MS;
    const first = oldest.get();
    if (first && first.ts < cutoff) {
      dropped += deleteBelow.run(firstFresh.get(cutoff)?.seq ?? last + 1).changes;
    }
    const head = oldest.get();
    if (head && last - head.seq + 1 > limits.maxCount) {
      dropped += deleteBelow.run(last - limits.maxCount + 1).changes;
    }
    if (dropped > 0) meta.add('outbox_dropped', dropped);
    return dropped;
  }

  /**
   * An ack comes from the network. One above lastSeq is refused, not clamped: it means the
   * server holds seqs this database never issued (say the data folder was wiped and the
   * machine re-enrolled), and clamping would silently delete samples the server would then
   * treat as duplicates. Refusing leaves the outbox intact and the link can report it.
   */
  const acknowledge = db.transaction((seq: number): AckResult => {
    if (!Number.isSafeInteger(seq) || seq < 0) {
      const message = `outbox: acknowledged seq must be a non-negative integer, got ${seq}`;
      return { ok: false, error: { code: 'E_ACK_INVALID_SEQ', message } };
    }
    const acked = meta.get('acked_seq') ?? 0;
    if (seq <= acked) return { ok: true, ackedSeq: acked, deleted: 0 };
    const last = lastSeq();
    if (seq > last) {
      const message = `outbox: server acknowledged seq ${seq} but the last seq issued is ${last}`;
      return { ok: false, error: { code: 'E_ACK_BEYOND_LAST_SEQ', message } };
    }
    const deleted = deleteBelow.run(seq + 1).changes;
    meta.set('acked_seq', seq);
    return { ok: true, ackedSeq: seq, deleted };
  });

  return {
    append: (ts, sampleJson) => Number(insert.run(ts, sampleJson).lastInsertRowid),
    enforceLimits,
    batch(afterSeq, limit) {
      if (!Number.isSafeInteger(afterSeq) || afterSeq < 0) {
        throw new RangeError(`outbox: afterSeq must be a non-negative integer, got ${afterSeq}`);
      }
      // No cap beyond the outbox's own: it never holds more than maxCount samples.
      if (!Number.isSafeInteger(limit) || limit < 1) {
        throw new RangeError(`outbox: limit must be a positive integer, got ${limit}`);
      }
      return selectBatch
        .all(afterSeq, limit)
        .map((row) => ({ seq: row.seq, sample: JSON.parse(row.sample) as Sample }));
    },
    acknowledge,
    status: db.transaction((): OutboxStatus => {
      const head = oldest.get();
      const last = lastSeq();
      return {
        size: head ? last - head.seq + 1 : 0,
        ...(head ? { oldestTs: head.ts } : {}),
        lastSeq: last,
        ackedSeq: meta.get('acked_seq') ?? 0,
        dropped: meta.get('outbox_dropped') ?? 0,
      };
    }),
  };
}
