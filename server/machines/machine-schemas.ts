import { Type } from 'typebox';
import {
  HealthReportSchema,
  InventorySchema,
  SampleSchema,
} from '../../src/shared/protocol/index.js';
import { MAX_TAGS, MAX_TAG_LENGTH } from './tags.js';

const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

/** The wire form of MachineSummary (src/shared/fleet-api.ts); also speeds up serialising lists. */
export const MachineSummarySchema = Type.Object({
  id: Type.String(),
  hostname: Type.String(),
  os: Type.Object({ platform: Type.String(), distro: Type.String(), release: Type.String() }),
  status: Type.Union([Type.Literal('online'), Type.Literal('stale'), Type.Literal('offline')]),
  lastSeenAt: nullable(Type.Integer()),
  health: nullable(
    Type.Object({
      score: Type.Number(),
      status: Type.Union([Type.Literal('ok'), Type.Literal('warn'), Type.Literal('critical')]),
    }),
  ),
  cpuPercent: nullable(Type.Number()),
  memoryPercent: nullable(Type.Number()),
  fullestDisk: nullable(Type.Object({ mount: Type.String(), usedPercent: Type.Number() })),
  tags: Type.Array(Type.String()),
  agentVersion: Type.String(),
  enrolledAt: Type.Integer(),
});

export const MachineListSchema = Type.Object({
  machines: Type.Array(MachineSummarySchema),
  thresholds: Type.Object({ onlineSeconds: Type.Integer(), offlineSeconds: Type.Integer() }),
  serverTime: Type.Integer(),
});

export const MachineDetailSchema = Type.Object({
  machine: MachineSummarySchema,
  health: nullable(HealthReportSchema),
  inventory: nullable(InventorySchema),
  latestSample: nullable(SampleSchema),
});

export const MachineParamsSchema = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 100 }),
});

/** Checked again by parseTags (pattern, trimming, repeats); the schema bounds the work. */
export const PutTagsRequestSchema = Type.Object(
  {
    tags: Type.Array(Type.String({ maxLength: MAX_TAG_LENGTH + 20 }), { maxItems: MAX_TAGS }),
  },
  { additionalProperties: false },
);

const EpochMs = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

export const HistoryQuerySchema = Type.Object(
  {
    metrics: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    from: Type.Optional(EpochMs),
    to: Type.Optional(EpochMs),
    maxPoints: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000 })),
  },
  { additionalProperties: false },
);

const HistoryPointSchema = Type.Object({
  ts: Type.Integer(),
  avg: Type.Number(),
  max: Type.Number(),
});

export const HistoryResultSchema = Type.Object({
  tier: Type.Union([Type.Literal('raw'), Type.Literal('minute'), Type.Literal('hour')]),
  stepMs: Type.Integer(),
  series: Type.Array(
    Type.Object({ metric: Type.String(), points: Type.Array(HistoryPointSchema) }),
  ),
});
