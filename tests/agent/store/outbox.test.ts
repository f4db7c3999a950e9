import { describe, expect, it } from 'vitest';
import { DEFAULT_OUTBOX_LIMITS } from '../../../src/agent/store/defaults.js';
import type { Store } from '../../../src/agent/store/types.js';
import { makeSample } from '../../helpers/sample-factory.js';
import { DAY, HOUR, query, storeFixture, T0 } from './store-fixture.js';

const fixture = storeFixture();

function writeEvery(
  store: Store,
  stepMs: number,
  count: number,
  start = fixture.clock.now,
): number[] {
  return Array.from({ length: count }, (_, i) => {
    fixture.clock.now = start + i * stepMs;
    return store.writeCycle(makeSample(fixture.clock.now));
  });
}

const rowCount = (dbPath: string) =>
  query<{ n: number }>(dbPath, 'SELECT COUNT(*) AS n FROM outbox')[0]?.n;

describe('outbox', () => {
  it('hands out batches after a seq, oldest first', () => {
    const store = fixture.open(fixture.newPath());
    writeEvery(store, 10_000, 5);

    const batch = store.outboxBatch(2, 2);

    expect(batch.map((e) => e.seq)).toEqual([3, 4]);
    expect(batch[0]?.sample).toEqual(makeSample(T0 + 20_000));
    expect(store.outboxBatch(5, 10)).toEqual([]);
    expect(() => store.outboxBatch(0, 0)).toThrow(RangeError);
    expect(() => store.outboxBatch(-1, 10)).toThrow(RangeError);
  });

  it('deletes what a server acknowledged and remembers the ack', () => {
    const dbPath = fixture.newPath();
    const store = fixture.open(dbPath);
    writeEvery(store, 10_000, 5);

    expect(store.acknowledge(3)).toEqual({ ok: true, ackedSeq: 3, deleted: 3 });

    expect(store.outboxBatch(0, 10).map((e) => e.seq)).toEqual([4, 5]);
    expect(store.outboxStatus()).toEqual({
      size: 2,
      oldestTs: T0 + 30_000,
      lastSeq: 5,
      ackedSeq: 3,
      dropped: 0,
    });
    expect(rowCount(dbPath)).toBe(2);
  });

  it('treats an older ack as a no-op and refuses one beyond the last seq or malformed', () => {
    const store = fixture.open(fixture.newPath());
    writeEvery(store, 10_000, 5);
    store.acknowledge(3);

    expect(store.acknowledge(2)).toEqual({ ok: true, ackedSeq: 3, deleted: 0 });
    expect(store.acknowledge(6)).toMatchObject({
      ok: false,
      error: { code: 'E_ACK_BEYOND_LAST_SEQ' },
    });
    for (const bad of [-1, 1.5, Number.NaN]) {
      expect(store.acknowledge(bad)).toMatchObject({
        ok: false,
        error: { code: 'E_ACK_INVALID_SEQ' },
      });
    }
    expect(store.outboxStatus()).toMatchObject({ size: 2, ackedSeq: 3 });
  });

  it('drops the oldest beyond the count bound and counts them', () => {
    const dbPath = fixture.newPath();
    const store = fixture.open(dbPath, { outbox: { maxCount: 10 } });

    writeEvery(store, 10_000, 25);

    expect(store.outboxStatus()).toMatchObject({ size: 10, lastSeq: 25, dropped: 15 });
    expect(store.outboxBatch(0, 100).map((e) => e.seq)).toEqual(
      Array.from({ length: 10 }, (_, i) => 16 + i),
    );
    expect(rowCount(dbPath)).toBe(10); // the seq arithmetic agrees with a real count
  });

  it('drops samples older than the age bound, in writeCycle and in applyRetention', () => {
    const dbPath = fixture.newPath();
    const store = fixture.open(dbPath, { outbox: { maxAgeDays: 1 } });
    writeEvery(store, HOUR, 48); // two days, hourly

    expect(store.outboxStatus()).toMatchObject({ size: 25, dropped: 23 });
    expect(store.outboxStatus().oldestTs).toBe(fixture.clock.now - DAY);

    fixture.clock.now += 12 * HOUR; // the agent is paused: no cycles, but retention runs
    expect(store.applyRetention().outbox).toBe(12);
    expect(store.outboxStatus()).toMatchObject({ size: 13, dropped: 35 });
    expect(rowCount(dbPath)).toBe(13);
  });

  it('keeps the dropped counter across a reopen', () => {
    const dbPath = fixture.newPath();
    const first = fixture.open(dbPath, { outbox: { maxCount: 3 } });
    writeEvery(first, 10_000, 5);
    first.close();

    const reopened = fixture.open(dbPath, { outbox: { maxCount: 3 } });
    writeEvery(reopened, 10_000, 1, fixture.clock.now + 10_000);

    expect(reopened.outboxStatus()).toMatchObject({ size: 3, lastSeq: 6, dropped: 3 });
  });

  it('never reuses a seq, even after the outbox empties and the store is reopened', () => {
    const dbPath = fixture.newPath();
    const first = fixture.open(dbPath);
    writeEvery(first, 10_000, 3);
    first.acknowledge(3);
    expect(first.outboxStatus()).toMatchObject({ size: 0, lastSeq: 3, ackedSeq: 3 });
    first.close();

    const reopened = fixture.open(dbPath);
    const [seq] = writeEvery(reopened, 10_000, 1, fixture.clock.now + 10_000);

    expect(seq).toBe(4);
    expect(reopened.outboxStatus()).toMatchObject({ size: 1, lastSeq: 4, ackedSeq: 3 });
  });

  it('reports an empty outbox plainly, and has sized defaults', () => {
    const store = fixture.open(fixture.newPath());

    expect(store.outboxStatus()).toEqual({ size: 0, lastSeq: 0, ackedSeq: 0, dropped: 0 });
    expect(DEFAULT_OUTBOX_LIMITS).toEqual({ maxCount: 100_000, maxAgeDays: 14 });
  });
});
