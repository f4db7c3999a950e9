import { Type } from 'typebox';
import type { Static } from 'typebox';
import type { HealthReport } from '../health.js';

const strict = { additionalProperties: false } as const;

/** The wire form of `HealthReport` (src/shared/health.ts): the agent's latest judgement. */
export const HealthReportSchema = Type.Object(
  {
    score: Type.Number({ minimum: 0, maximum: 100 }),
    status: Type.Union([Type.Literal('ok'), Type.Literal('warn'), Type.Literal('critical')]),
    reasons: Type.Array(
      Type.Object(
        {
          key: Type.String({ maxLength: 100 }),
          params: Type.Record(
            Type.String({ maxLength: 50 }),
            Type.Union([Type.String({ maxLength: 1024 }), Type.Number()]),
          ),
          severity: Type.Union([Type.Literal('warn'), Type.Literal('critical')]),
          penalty: Type.Number({ minimum: 0, maximum: 100 }),
        },
        strict,
      ),
      { maxItems: 50 },
    ),
    evaluatedAt: Type.Integer({ minimum: 0 }),
  },
  strict,
);

export type HealthReportWire = Static<typeof HealthReportSchema>;
const sameShape = (report: HealthReport): HealthReportWire => report;
const sameShapeBack = (wire: HealthReportWire): HealthReport => wire;
void sameShape;
void sameShapeBack;
