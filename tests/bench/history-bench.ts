/**
 * History benchmark: fills a store with 30 days of 10-second samples through the real write
 * path, then times the 30-day chart query against the same question answered by scanning the
 * raw rows, in the same run. Run with `npm run bench:history`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openStore } from '../../src/agent/store/open-store.js';
import type { HistoryQuery, HistoryResult, Store } from '../../src/agent/store/types.js';
import { METRICS } from '../../src/shared/metrics.js';
import { makeHealth, makeSample } from '../helpers/sample-factory.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const INTERVAL_MS = 10_000;
const DAYS = 30;
const CYCLES = (DAYS * DAY) / INTERVAL_MS;
const START = Date.UTC(2025, 0, 1);
const END = START + DAYS * DAY;
const RUNS = 50;
const BASELINE_RUNS = 10;
/**
 * Raw retention raised above 30 days so this run holds 30 days of raw rows to scan; minutes
 * kept as long, since the store refuses a coarser tier kept less long than a finer one.
 */
const RAW_HOURS = 31 * 24;
const MINUTE_DAYS = RAW_HOURS / 24;

const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (n: number): string => `${fmt(n, n < 10 ? 2 : 1)} ms`;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

function time<T>(runs: number, fn: () => T): { median: number; p95: number; last: T } {
  let last = fn(); // warm-up, not counted
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    last = fn();
    samples.push(performance.now() - t);
  }
  return { median: percentile(samples, 50), p95: percentile(samples, 95), last };
}

/** Every cycle as the agent runs it: write, roll up each minute, retention each hour. */
function fillStore(store: Store, clock: { now: number }): void {
  const started = performance.now();
  let lastRollUp = START;
  let lastRetention = START;
  for (let i = 0; i < CYCLES; i++) {
    const ts = START + i * INTERVAL_MS;
    clock.now = ts;
    store.writeCycle(makeSample(ts), makeHealth(ts));
    if (ts - lastRollUp >= MINUTE) {
      store.rollUp();
      lastRollUp = ts;
    }
    if (ts - lastRetention >= HOUR) {
      store.applyRetention();
      lastRetention = ts;
    }
    if ((i + 1) % (CYCLES / 10) === 0) {
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `  fill ${fmt(((i + 1) / CYCLES) * 100)}%: day ${fmt((ts - START) / DAY + 1 / 8640)} ` +
          `of ${DAYS}, ${fmt(seconds, 1)} s, ${fmt((i + 1) / seconds)} cycles/s`,
      );
    }
  }
  clock.now = END;
  store.rollUp();
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `filled ${fmt(CYCLES)} cycles in ${fmt(seconds, 1)} s: ${fmt(CYCLES / seconds)} cycles/s`,
  );
}

/** The same buckets computed from every raw row in the range: what a store without tiers does. */
function rawScan(dbPath: string, query: HistoryQuery, tiered: HistoryResult) {
  const db = new Database(dbPath, { readonly: true });
  const statement = db.prepare<
    { name: string; origin: bigint; width: bigint; from: number; to: number },
    { ts: number; avg: number; max: number }
  >(`SELECT (ts - @origin) / @width * @width + @origin AS ts, AVG(value) AS avg, MAX(value) AS max
     FROM raw_points WHERE metric_id = (SELECT id FROM metrics WHERE name = @name)
       AND ts >= @from AND ts < @to
     GROUP BY 1 ORDER BY 1`);
  const origin = BigInt(tiered.series[0]?.points[0]?.ts ?? 0);
  const params = {
    origin,
    width: BigInt(tiered.stepMs),
    from: Math.floor(query.from / HOUR) * HOUR, // the tiered answer starts at the hour holding `from`
    to: query.to,
  };
  try {
    return time(BASELINE_RUNS, () =>
      query.metrics.map((name) => statement.all({ ...params, name })),
    );
  } finally {
    db.close();
  }
}

function compare(
  tiered: HistoryResult,
  scanned: Array<Array<{ ts: number; avg: number; max: number }>>,
) {
  let points = 0;
  let maxAvgDiff = 0;
  let sameMax = 0;
  let sameTs = 0;
  tiered.series.forEach((series, s) => {
    series.points.forEach((point, i) => {
      const raw = scanned[s]?.[i];
      points++;
      if (raw?.ts === point.ts) sameTs++;
      if (raw?.max === point.max) sameMax++;
      maxAvgDiff = Math.max(maxAvgDiff, Math.abs((raw?.avg ?? NaN) - point.avg));
    });
  });
  return { points, maxAvgDiff, sameMax, sameTs };
}

/** Bytes the WAL grows by per cycle, a reader holding its snapshot so nothing is checkpointed. */
function walBytesPerCycle(store: Store, dbPath: string, clock: { now: number }): number {
  const reader = new Database(dbPath, { readonly: true });
  reader.exec('BEGIN');
  reader.prepare('SELECT COUNT(*) FROM metrics').get();
  const before = fs.statSync(`${dbPath}-wal`).size;
  const cycles = 200;
  for (let i = 1; i <= cycles; i++) {
    clock.now = END + i * INTERVAL_MS;
    store.writeCycle(makeSample(clock.now), makeHealth(clock.now));
  }
  const grown = fs.statSync(`${dbPath}-wal`).size - before;
  reader.exec('COMMIT');
  reader.close();
  return grown / cycles;
}

function fileSize(dbPath: string): number {
  return ['', '-wal', '-shm'].reduce(
    (sum, suffix) => sum + (fs.existsSync(dbPath + suffix) ? fs.statSync(dbPath + suffix).size : 0),
    0,
  );
}

/** Space per table (SQLite's dbstat), to see what the raw tier costs at its default retention. */
function tableSizes(dbPath: string): string {
  const db = new Database(dbPath, { readonly: true });
  try {
    const rows = db
      .prepare<[], { name: string; bytes: number }>(
        `SELECT name, SUM(pgsize) AS bytes FROM dbstat
         WHERE name IN ('raw_points', 'minute_points', 'hour_points', 'outbox')
         GROUP BY name ORDER BY bytes DESC`,
      )
      .all();
    return rows
      .map(({ name, bytes }) => {
        const size = `${name} ${fmt(bytes / 1024 ** 2, 1)} MiB`;
        const atDefault = (bytes * 48) / RAW_HOURS / 1024 ** 2;
        return name === 'raw_points'
          ? `${size} (~${fmt(atDefault, 1)} MiB at the default 48 h)`
          : size;
      })
      .join(', ');
  } finally {
    db.close();
  }
}

function main(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashfleet-bench-'));
  const dbPath = path.join(dir, 'history.db');
  const clock = { now: START };
  const store = openStore({
    path: dbPath,
    now: () => clock.now,
    retention: { rawHours: RAW_HOURS, minuteDays: MINUTE_DAYS },
  });
  try {
    console.log(`history bench: Node ${process.version}, ${os.cpus().length} cores, temp ${dir}`);
    console.log(
      `filling ${DAYS} days of ${INTERVAL_MS / 1000}-s samples (${fmt(CYCLES)} cycles) through ` +
        `writeCycle; rollUp every simulated minute, applyRetention every simulated hour; raw ` +
        `retention set to ${RAW_HOURS} h (default 48 h) so the raw baseline has 30 days of rows, ` +
        `minute retention to ${MINUTE_DAYS} days to match`,
    );
    fillStore(store, clock);

    const query: HistoryQuery = {
      metrics: [METRICS.cpuUsage, METRICS.memoryUsedPercent, METRICS.diskFullestPercent],
      from: END - DAYS * DAY,
      to: END,
      maxPoints: 500,
    };
    const tiered = time(RUNS, () => store.history(query));
    const result = tiered.last;
    const counts = result.series.map((s) => s.points.length).join('/');
    console.log(
      `tiered history, ${query.metrics.length} series, 30 days, maxPoints ${query.maxPoints}: ` +
        `tier ${result.tier}, step ${result.stepMs / HOUR} h, ${counts} points; ` +
        `median ${ms(tiered.median)}, p95 ${ms(tiered.p95)} over ${RUNS} runs`,
    );
    const scanned = rawScan(dbPath, query, result);
    console.log(
      `raw scan baseline, same buckets from ${fmt(CYCLES)} raw rows per series: ` +
        `median ${ms(scanned.median)}, p95 ${ms(scanned.p95)} over ${BASELINE_RUNS} runs`,
    );
    console.log(
      `ratio: the tiered query is ${fmt(scanned.median / tiered.median, 1)}x faster (median)`,
    );
    const check = compare(result, scanned.last);
    console.log(
      `answers agree: ${check.sameTs}/${check.points} bucket timestamps, ${check.sameMax}/${check.points} ` +
        `max values identical, largest avg difference ${check.maxAvgDiff.toExponential(1)}`,
    );
    console.log(
      `database size: ${fmt(fileSize(dbPath) / 1024 ** 2, 1)} MiB (with ${RAW_HOURS} h of raw)`,
    );
    console.log(`  by table: ${tableSizes(dbPath)}`);
    console.log(`outbox: ${JSON.stringify(store.outboxStatus())}`);
    console.log(
      `WAL written per cycle: ${fmt(walBytesPerCycle(store, dbPath, clock) / 1024, 1)} KiB`,
    );
    console.log(`process RSS: ${fmt(process.memoryUsage().rss / 1024 ** 2)} MiB`);
  } finally {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
