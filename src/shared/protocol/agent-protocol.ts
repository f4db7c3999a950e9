import { Type } from 'typebox';
import type { Static } from 'typebox';
import { HealthReportSchema } from './health-schema.js';
import { InventorySchema } from './inventory-schema.js';
import { SampleSchema } from './sample-schema.js';

export * from './protocol-constants.js';
import { MAX_SAMPLES_PER_REPORT } from './protocol-constants.js';

const strict = { additionalProperties: false } as const;
const protocolVersion = Type.Integer({ minimum: 1, maximum: 1000 });

export const EnrollRequestSchema = Type.Object(
  {
    protocolVersion,
    enrollmentToken: Type.String({ minLength: 1, maxLength: 200 }),
    hardwareId: Type.String({ minLength: 1, maxLength: 200 }),
    hostname: Type.String({ minLength: 1, maxLength: 253 }),
    os: Type.Object(
      {
        platform: Type.String({ maxLength: 64 }),
        distro: Type.String({ maxLength: 200 }),
        release: Type.String({ maxLength: 200 }),
        arch: Type.String({ maxLength: 64 }),
      },
      strict,
    ),
    agentVersion: Type.String({ minLength: 1, maxLength: 64 }),
  },
  strict,
);
export type EnrollRequest = Static<typeof EnrollRequestSchema>;

export const EnrollResponseSchema = Type.Object(
  {
    protocolVersion,
    agentId: Type.String(),
    /** Shown once: the server keeps only its hash. */
    agentToken: Type.String(),
    orgName: Type.String(),
    /** Reporting hints from the server; the agent may honour them. */
    reportIntervalSeconds: Type.Integer({ minimum: 1 }),
  },
  strict,
);
export type EnrollResponse = Static<typeof EnrollResponseSchema>;

export const ReportRequestSchema = Type.Object(
  {
    protocolVersion,
    samples: Type.Array(
      Type.Object(
        {
          /** Per-agent monotonic sequence number from the agent's outbox, starting at 1. */
          seq: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
          sample: SampleSchema,
        },
        strict,
      ),
      { maxItems: MAX_SAMPLES_PER_REPORT },
    ),
    /** Sent when it changed since the last acknowledged report, and on the first one. */
    inventory: Type.Optional(InventorySchema),
    /** The agent's latest health judgement. */
    health: Type.Optional(HealthReportSchema),
  },
  strict,
);
export type ReportRequest = Static<typeof ReportRequestSchema>;

export const ReportResponseSchema = Type.Object(
  {
    protocolVersion,
    /** The highest seq the server holds for this agent: the agent may drop its outbox up to it. */
    ackedSeq: Type.Integer({ minimum: 0 }),
  },
  strict,
);
export type ReportResponse = Static<typeof ReportResponseSchema>;

export const ErrorBodySchema = Type.Object(
  {
    error: Type.Object({ code: Type.String(), message: Type.String() }, strict),
  },
  strict,
);
export type ErrorBody = Static<typeof ErrorBodySchema>;
