import { Type } from 'typebox';
import { ACTION_LIMITS, ACTION_STATUSES, ACTION_TYPES } from '../../src/shared/protocol/index.js';
import { ActionResultSchema } from '../../src/shared/protocol/index.js';

/**
 * The wire forms of src/shared/actions-api.ts for the fleet API: what /api/docs publishes
 * and what speeds up serialising long lists. Request bodies are checked as sent; params are
 * checked per type in action-params.ts, where the error can name the field.
 */

const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const strict = { additionalProperties: false } as const;

/** Most machines one request may name; a whole org or a tag has no such limit. */
export const MAX_TARGET_MACHINES = 10_000;

export const ActionStatusSchema = Type.Enum(ACTION_STATUSES);
export const ActionTypeSchema = Type.Enum(ACTION_TYPES);

const MachineIdSchema = Type.String({ minLength: 1, maxLength: 100 });

export const ActionTargetSchema = Type.Union(
  [
    Type.Object(
      { machineIds: Type.Array(MachineIdSchema, { maxItems: MAX_TARGET_MACHINES }) },
      strict,
    ),
    Type.Object({ tag: Type.String({ minLength: 1, maxLength: 100 }) }, strict),
    Type.Object({ all: Type.Literal(true) }, strict),
  ],
  { description: '{ machineIds } (1 to 10,000 of your org), { tag }, or { all: true }.' },
);

export const CreateActionRequestSchema = Type.Object(
  {
    type: Type.String({
      minLength: 1,
      maxLength: 64,
      description: `One of ${ACTION_TYPES.join(', ')}.`,
    }),
    params: Type.Optional(
      Type.Unknown({
        description:
          'message: { title, body, level }; restart: { reason, delaySeconds?, snooze? } ' +
          '(defaults 300 s and { maxCount: 1, lengthSeconds: 600 }); maintenance types: {} or absent.',
      }),
    ),
    target: ActionTargetSchema,
    expiresInSeconds: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: ACTION_LIMITS.maxExpirySeconds,
        description: `Default ${ACTION_LIMITS.defaultExpirySeconds} (7 days).`,
      }),
    ),
  },
  strict,
);

export const ActionViewSchema = Type.Object({
  id: Type.String(),
  batchId: Type.String(),
  machineId: Type.String(),
  hostname: Type.String(),
  type: ActionTypeSchema,
  params: Type.Record(Type.String(), Type.Unknown()),
  status: ActionStatusSchema,
  stage: nullable(Type.String()),
  createdAt: Type.Integer(),
  createdBy: Type.String(),
  expiresAt: Type.Integer(),
  deliveredAt: nullable(Type.Integer()),
  startedAt: nullable(Type.Integer()),
  finishedAt: nullable(Type.Integer()),
  result: nullable(ActionResultSchema),
  retryOf: nullable(Type.String()),
  hasArtifact: Type.Boolean(),
});

export const ActionEventSchema = Type.Object({
  status: ActionStatusSchema,
  stage: nullable(Type.String()),
  at: Type.Integer(),
});

export const ActionDetailSchema = Type.Object({
  ...ActionViewSchema.properties,
  events: Type.Array(ActionEventSchema),
});

export const CreatedActionsSchema = Type.Object({
  batchId: Type.String(),
  actions: Type.Array(ActionViewSchema),
});

export const ActionListSchema = Type.Object({
  actions: Type.Array(ActionViewSchema),
  nextBefore: Type.Optional(Type.String()),
});

/** Default and largest page of the action list and the audit log. */
export const PAGE_LIMITS = { default: 100, max: 500 } as const;

const CursorSchema = Type.String({ minLength: 1, maxLength: 200 });
const LimitSchema = Type.Integer({ minimum: 1, maximum: PAGE_LIMITS.max });

export const ActionListQuerySchema = Type.Object(
  {
    machineId: Type.Optional(MachineIdSchema),
    batchId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    status: Type.Optional(ActionStatusSchema),
    type: Type.Optional(ActionTypeSchema),
    limit: Type.Optional(LimitSchema),
    before: Type.Optional(CursorSchema),
  },
  strict,
);

export const ActionParamsSchema = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 100 }),
});

export const AuditEntrySchema = Type.Object({
  id: Type.String(),
  at: Type.Integer(),
  actorType: Type.Union([Type.Literal('user'), Type.Literal('api-key')]),
  actorId: Type.String(),
  actorName: Type.String(),
  ip: Type.String(),
  event: Type.String(),
  actionType: nullable(ActionTypeSchema),
  batchId: nullable(Type.String()),
  machineIds: Type.Array(Type.String()),
  target: Type.String(),
  summary: Type.String(),
});

export const AuditListSchema = Type.Object({
  entries: Type.Array(AuditEntrySchema),
  nextBefore: Type.Optional(Type.String()),
});

export const AuditQuerySchema = Type.Object(
  { limit: Type.Optional(LimitSchema), before: Type.Optional(CursorSchema) },
  strict,
);

/** GET AGENT_API.actions?wait=<seconds>. Other parameters are ignored (newer agents). */
export const PollQuerySchema = Type.Object({
  wait: Type.Optional(Type.Integer({ minimum: 0, maximum: ACTION_LIMITS.maxPollWaitSeconds })),
});
