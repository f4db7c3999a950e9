import { Type } from 'typebox';
import type { Static } from 'typebox';
import { ACTION_LIMITS } from './action-constants.js';

/**
 * Actions (design §5) as TypeBox schemas: what IT may ask of a PC, and what crosses the live
 * channel and its HTTP fallback. The server validates requests with these before queueing; the
 * agent validates every action it receives with the same schemas before it runs anything.
 * An allow-list: a type not listed here is refused by both ends.
 */

const strict = { additionalProperties: false } as const;
const protocolVersion = Type.Integer({ minimum: 1, maximum: 1000 });
const actionId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
const epochMs = Type.Integer({ minimum: 0, maximum: 8.64e15 });

export const MessageParamsSchema = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: ACTION_LIMITS.titleChars }),
    body: Type.String({ maxLength: ACTION_LIMITS.bodyChars }),
    level: Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('critical')]),
  },
  strict,
);
export type MessageParams = Static<typeof MessageParamsSchema>;

export const RestartParamsSchema = Type.Object(
  {
    /** Seconds from delivery to the reboot. Default 300 (5 min), at least 60. */
    delaySeconds: Type.Integer({
      minimum: ACTION_LIMITS.minRestartDelaySeconds,
      maximum: ACTION_LIMITS.maxRestartDelaySeconds,
    }),
    /** Shown to the person; may be empty. */
    reason: Type.String({ maxLength: ACTION_LIMITS.reasonChars }),
    snooze: Type.Object(
      {
        /** How many times the person may postpone; 0 forbids snoozing. */
        maxCount: Type.Integer({ minimum: 0, maximum: ACTION_LIMITS.maxSnoozeCount }),
        /** A snooze moves the reboot to now + this many seconds (at least 60). */
        lengthSeconds: Type.Integer({
          minimum: ACTION_LIMITS.minSnoozeSeconds,
          maximum: ACTION_LIMITS.maxSnoozeSeconds,
        }),
      },
      strict,
    ),
  },
  strict,
);
export type RestartParams = Static<typeof RestartParamsSchema>;

/** Maintenance tasks take no parameters: the command is fixed per OS on the agent. */
export const NoParamsSchema = Type.Object({}, strict);
export type NoParams = Static<typeof NoParamsSchema>;

export const ActionParamsSchemas = {
  message: MessageParamsSchema,
  restart: RestartParamsSchema,
  'flush-dns': NoParamsSchema,
  'clear-temp': NoParamsSchema,
  'collect-logs': NoParamsSchema,
  'restart-print-spooler': NoParamsSchema,
} as const;

/** What one action carries to the agent. `params` is checked against its type's schema. */
export const ActionEnvelopeSchema = Type.Object(
  {
    id: actionId,
    type: Type.String({ minLength: 1, maxLength: 64 }),
    params: Type.Unknown(),
    createdAt: epochMs,
    expiresAt: epochMs,
    /** Who sent it, for the person at the PC ("from Jane Doe, IT"). */
    sentBy: Type.String({ maxLength: 200 }),
  },
  strict,
);
export type ActionEnvelope = Static<typeof ActionEnvelopeSchema>;

/** Free-form facts of a result: bytes freed, the new boot time, dryRun, ... */
export const ActionDetailSchema = Type.Record(
  Type.String({ maxLength: 64 }),
  Type.Union([Type.String({ maxLength: 1000 }), Type.Number(), Type.Boolean(), Type.Null()]),
  { maxProperties: 32 },
);

export const ActionResultSchema = Type.Object(
  {
    /** The command's exit status; null when it was killed (timeout) or no command ran. */
    exitCode: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
    /** Output, bounded by the agent (head and tail kept) to ACTION_LIMITS.outputChars. */
    output: Type.Optional(Type.String({ maxLength: ACTION_LIMITS.outputChars })),
    /** Why it failed or was refused: a stable code and a sentence. */
    error: Type.Optional(
      Type.Object(
        {
          code: Type.String({ maxLength: 64 }),
          message: Type.String({ maxLength: 1000 }),
        },
        strict,
      ),
    ),
    detail: Type.Optional(ActionDetailSchema),
  },
  strict,
);
export type ActionResult = Static<typeof ActionResultSchema>;

/**
 * One agent → server report about an action. `seq` is the agent's own, increasing: the server
 * stores each (action, seq) once, so an update resent after a lost answer is not counted twice.
 * `status` moves forward only; `stage` says where in the action it is:
 *  - message: running/`shown`, then succeeded/`shown`, later succeeded/`read`;
 *  - restart: running/`scheduled` -> running/`snoozed` (any number, within the policy) ->
 *    running/`rebooting` -> succeeded/`rebooted` (detail.bootTime) | failed;
 *  - cancelled/`stopped`: the agent stopped it after the server cancelled it.
 * A `delivered` update is the acknowledgement of a received action, sent again for every
 * redelivery; it never moves an action backwards.
 */
export const ActionUpdateSchema = Type.Object(
  {
    seq: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    actionId: actionId,
    status: Type.Union([
      Type.Literal('delivered'),
      Type.Literal('running'),
      Type.Literal('succeeded'),
      Type.Literal('failed'),
      Type.Literal('cancelled'),
    ]),
    stage: Type.Optional(Type.String({ maxLength: 32, pattern: '^[a-z-]+$' })),
    /** When it happened on the agent, epoch ms. */
    at: epochMs,
    result: Type.Optional(ActionResultSchema),
  },
  strict,
);
export type ActionUpdate = Static<typeof ActionUpdateSchema>;

// --- Live channel frames (JSON text frames; heartbeats are WebSocket ping/pong) ---

/** Server -> agent. */
export const ServerFrameSchema = Type.Union([
  /** Sent on connect (everything queued or delivered and unexpired) and for each new action. */
  Type.Object(
    {
      type: Type.Literal('actions'),
      protocolVersion,
      actions: Type.Array(ActionEnvelopeSchema, { maxItems: ACTION_LIMITS.maxActionsPerFrame }),
    },
    strict,
  ),
  /** Stop these actions if they have not finished (sent on cancel, and on connect). */
  Type.Object(
    {
      type: Type.Literal('cancel'),
      protocolVersion,
      actionIds: Type.Array(actionId, { maxItems: ACTION_LIMITS.maxActionsPerFrame }),
    },
    strict,
  ),
  /** The server stored these updates (by seq): the agent may forget them. */
  Type.Object(
    {
      type: Type.Literal('stored'),
      protocolVersion,
      seqs: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: ACTION_LIMITS.maxUpdatesPerPost }),
    },
    strict,
  ),
]);
export type ServerFrame = Static<typeof ServerFrameSchema>;

/** Agent -> server. */
export const AgentFrameSchema = Type.Object(
  {
    type: Type.Literal('updates'),
    protocolVersion,
    updates: Type.Array(ActionUpdateSchema, {
      minItems: 1,
      maxItems: ACTION_LIMITS.maxUpdatesPerPost,
    }),
  },
  strict,
);
export type AgentFrame = Static<typeof AgentFrameSchema>;

// --- HTTP fallback ---

/** GET AGENT_API.actions?wait=<seconds> answers this (at once when something is waiting). */
export const ActionPollResponseSchema = Type.Object(
  {
    protocolVersion,
    actions: Type.Array(ActionEnvelopeSchema, { maxItems: ACTION_LIMITS.maxActionsPerFrame }),
    cancelled: Type.Array(actionId, { maxItems: ACTION_LIMITS.maxActionsPerFrame }),
  },
  strict,
);
export type ActionPollResponse = Static<typeof ActionPollResponseSchema>;

/** POST AGENT_API.actionUpdates: the same updates the channel carries. */
export const ActionUpdatesRequestSchema = Type.Object(
  {
    protocolVersion,
    updates: Type.Array(ActionUpdateSchema, {
      minItems: 1,
      maxItems: ACTION_LIMITS.maxUpdatesPerPost,
    }),
  },
  strict,
);
export type ActionUpdatesRequest = Static<typeof ActionUpdatesRequestSchema>;

export const ActionUpdatesResponseSchema = Type.Object(
  {
    protocolVersion,
    /** Seqs stored (or already stored): the agent may forget them. */
    stored: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: ACTION_LIMITS.maxUpdatesPerPost }),
  },
  strict,
);
export type ActionUpdatesResponse = Static<typeof ActionUpdatesResponseSchema>;
