import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Static } from 'typebox';
import type { ExportFormat } from '../store/types.js';
import { LocalApiError } from './errors.js';
import type { LocalApiDeps } from './types.js';
import { DAY_MS } from '../../shared/time.js';

const MAX_SERIES = 50;

const EpochMs = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const MetricList = Type.String({ minLength: 1, maxLength: 4000 });

const HistoryQuery = Type.Object(
  {
    metrics: MetricList,
    from: Type.Optional(EpochMs),
    to: Type.Optional(EpochMs),
    maxPoints: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000 })),
  },
  { additionalProperties: false },
);

const ExportQuery = Type.Object(
  {
    format: Type.Optional(Type.Enum(['csv', 'jsonl'])),
    from: Type.Optional(EpochMs),
    to: Type.Optional(EpochMs),
    metrics: Type.Optional(MetricList),
  },
  { additionalProperties: false },
);

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
};

/** `cpu.usagePercent, memory.usedPercent` → the names, in order, without blanks or repeats. */
function parseMetrics(text: string): string[] {
  const names = [
    ...new Set(
      text
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean),
    ),
  ];
  if (names.length === 0) throw new LocalApiError('E_BAD_REQUEST', 'metrics must name a series');
  if (names.length > MAX_SERIES) {
    throw new LocalApiError('E_BAD_REQUEST', `metrics must name at most ${MAX_SERIES} series`);
  }
  return names;
}

/** Defaults to the last 24 hours; a range that ends before it starts is refused. */
function range(query: { from?: number; to?: number }, now: number): { from: number; to: number } {
  const to = query.to ?? now;
  const from = query.from ?? Math.max(0, to - DAY_MS);
  if (from >= to) throw new LocalApiError('E_BAD_REQUEST', `from (${from}) must be before to`);
  return { from, to };
}

/** The store refuses a bad query with a RangeError/TypeError: that is the client's mistake. */
function asBadRequest<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) {
      throw new LocalApiError('E_BAD_REQUEST', error.message);
    }
    throw error;
  }
}

/** `2026-11-20T08-00-00Z`: an ISO time that is also a valid file name everywhere. */
const fileTime = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(':', '-');

export function registerHistoryRoutes(app: FastifyInstance, deps: LocalApiDeps): void {
  app.get('/api/history', { schema: { querystring: HistoryQuery } }, async (request) => {
    const query = request.query as Static<typeof HistoryQuery>;
    const metrics = parseMetrics(query.metrics);
    const { from, to } = range(query, Date.now());
    const maxPoints = query.maxPoints ?? 500;
    return asBadRequest(() => deps.store.history({ metrics, from, to, maxPoints }));
  });

  app.get('/api/export', { schema: { querystring: ExportQuery } }, async (request, reply) => {
    const query = request.query as Static<typeof ExportQuery>;
    const format = (query.format ?? 'csv') as ExportFormat;
    const { from, to } = range(query, Date.now());
    const metrics = query.metrics === undefined ? undefined : parseMetrics(query.metrics);
    // Lazy: rows are read as the client takes them, through the store's own read connection.
    const lines = asBadRequest(() =>
      deps.store.exportLines({ from, to, format, ...(metrics ? { metrics } : {}) }),
    );
    const filename = `dashfleet-history-${fileTime(from)}-${fileTime(to)}.${format}`;
    return reply
      .type(CONTENT_TYPES[format])
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(lines));
  });
}
