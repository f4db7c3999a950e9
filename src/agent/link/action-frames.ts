import type { TSchema } from 'typebox';
import type * as ActionSchemas from '../../shared/protocol/action-schemas.js';
import { ACTION_LIMITS } from '../../shared/protocol/action-constants.js';
import { describeProblem } from '../../shared/validation.js';

/**
 * What the server sent, checked before the engine sees it. The actions themselves are passed
 * on unchecked: the engine validates each one and answers a malformed one with a `failed`
 * update, which a frame-level refusal would silently swallow (and take its valid siblings
 * with it). Everything else (the frame's shape, cancel ids, stored seqs) is checked here
 * against the protocol's schemas. Top-level fields a newer server adds are ignored.
 */
export type ServerMessage =
  | { type: 'actions'; actions: unknown[] }
  | { type: 'cancel'; actionIds: string[] }
  | { type: 'stored'; seqs: number[] };

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

type Schemas = typeof ActionSchemas;

/** The action schemas, loaded with the first frame to check (never by an agent without a link). */
let schemas: Promise<Schemas> | undefined;
export const loadActionSchemas = (): Promise<Schemas> =>
  (schemas ??= import('../../shared/protocol/action-schemas.js'));

/** One text frame of the live channel. */
export async function readServerFrame(text: string): Promise<Checked<ServerMessage>> {
  const value = parseJson(text);
  if (!isRecord(value)) return { ok: false, problem: 'the frame is not a JSON object' };
  const { ServerFrameSchema } = await loadActionSchemas();
  const [, cancelFrame, storedFrame] = ServerFrameSchema.anyOf;
  switch (value.type) {
    case 'actions': {
      const problem = actionsProblem(value);
      if (problem !== undefined) return { ok: false, problem };
      return { ok: true, value: { type: 'actions', actions: value.actions as unknown[] } };
    }
    case 'cancel': {
      const problem = describeProblem(cancelFrame, known(value, cancelFrame));
      if (problem !== undefined) return { ok: false, problem: `cancel frame: ${problem}` };
      return { ok: true, value: { type: 'cancel', actionIds: value.actionIds as string[] } };
    }
    case 'stored': {
      const problem = describeProblem(storedFrame, known(value, storedFrame));
      if (problem !== undefined) return { ok: false, problem: `stored frame: ${problem}` };
      return { ok: true, value: { type: 'stored', seqs: value.seqs as number[] } };
    }
    default:
      return { ok: false, problem: `unknown frame type ${JSON.stringify(value.type)}` };
  }
}

/** A long-poll answer: actions (unchecked, as above) and ids cancelled since the last poll. */
export async function readPollAnswer(
  text: string,
): Promise<Checked<{ actions: unknown[]; cancelled: string[] }>> {
  const value = parseJson(text);
  if (!isRecord(value)) return { ok: false, problem: 'the answer is not a JSON object' };
  const { ActionPollResponseSchema } = await loadActionSchemas();
  const problem = actionsProblem(value);
  if (problem !== undefined) return { ok: false, problem };
  const cancelled = value.cancelled;
  const idsProblem = describeProblem(ActionPollResponseSchema.properties.cancelled, cancelled);
  if (idsProblem !== undefined) return { ok: false, problem: `cancelled ${idsProblem}` };
  return {
    ok: true,
    value: { actions: value.actions as unknown[], cancelled: cancelled as string[] },
  };
}

/** An updates receipt: the seqs the server stored. */
export async function readUpdatesReceipt(text: string): Promise<Checked<number[]>> {
  const value = parseJson(text);
  const { ActionUpdatesResponseSchema } = await loadActionSchemas();
  const problem = describeProblem(
    ActionUpdatesResponseSchema,
    known(value, ActionUpdatesResponseSchema),
  );
  if (problem !== undefined) return { ok: false, problem };
  return { ok: true, value: (value as { stored: number[] }).stored };
}

/** The frame around the actions: version and a bounded list, whatever the list holds. */
function actionsProblem(value: Record<string, unknown>): string | undefined {
  const version = value.protocolVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return 'protocolVersion must be a positive integer';
  }
  const { actions } = value;
  if (!Array.isArray(actions)) return 'actions must be a list';
  if (actions.length > ACTION_LIMITS.maxActionsPerFrame) {
    return `actions must hold at most ${ACTION_LIMITS.maxActionsPerFrame} items`;
  }
  return undefined;
}

/** Keeps the top-level fields the schema names (a newer server may add more). */
function known(value: unknown, schema: TSchema): unknown {
  const properties = (schema as { properties?: Record<string, unknown> }).properties;
  if (!properties || !isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value).filter(([key]) => Object.hasOwn(properties, key)),
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
