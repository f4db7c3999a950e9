import type { ActionType } from '../../shared/protocol/action-constants.js';
import { ACTION_ERROR_CODES, isActionType } from '../../shared/protocol/action-constants.js';
import type { NewActionRecord } from '../store/types.js';
import { ENGINE_LIMITS } from './limits.js';
import type { ActionError } from './results.js';
import type { AcceptedAction } from './types.js';
import type { ActionChecks } from './validate.js';

/** The protocol's id rule (action-schemas.ts): what may become a row and an update. */
const ACTION_ID = /^[A-Za-z0-9_-]{1,64}$/;

type Raw = Record<string, unknown>;

const isObject = (value: unknown): value is Raw =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The id of something the server sent, when it has a usable one; nothing else is trusted yet. */
export function idOf(raw: unknown): string | undefined {
  if (!isObject(raw)) return undefined;
  const id = raw['id'];
  return typeof id === 'string' && ACTION_ID.test(id) ? id : undefined;
}

/** What is recorded of a received action before any check: bounded, whatever it holds. */
export function recordOf(raw: unknown, id: string, now: number): NewActionRecord {
  const fields = isObject(raw) ? raw : {};
  const text = (value: unknown, max: number) =>
    typeof value === 'string' ? value.slice(0, max) : '';
  const expiresAt = fields['expiresAt'];
  return {
    id,
    type: text(fields['type'], 64),
    paramsJson: paramsJsonOf(fields['params']) ?? 'null',
    sentBy: text(fields['sentBy'], 200),
    receivedAt: now,
    expiresAt: Number.isSafeInteger(expiresAt) ? (expiresAt as number) : null,
  };
}

/** undefined when the params cannot be kept (too large, or not JSON at all). */
function paramsJsonOf(params: unknown): string | undefined {
  try {
    const json = JSON.stringify(params ?? null);
    return json.length <= ENGINE_LIMITS.maxParamsJsonChars ? json : undefined;
  } catch {
    return undefined;
  }
}

export type Verdict = { ok: true; action: AcceptedAction } | { ok: false; error: ActionError };

export interface JudgeOptions {
  now: number;
  /** When it was recorded. */
  receivedAt: number;
  disabledTypes: readonly string[];
}

/**
 * Whether a received action may run. Refused, in this order: a malformed envelope or params
 * (E_ACTION_INVALID), an unknown type (E_ACTION_UNKNOWN_TYPE), a type disabled on this PC
 * (E_ACTION_DISABLED), an expired action (E_ACTION_EXPIRED).
 */
export function judge(raw: unknown, checks: ActionChecks, options: JudgeOptions): Verdict {
  const refuse = (code: string, message: string): Verdict => ({
    ok: false,
    error: { code, message },
  });
  const envelopeProblem = checks.envelope(raw);
  if (envelopeProblem) return refuse(ACTION_ERROR_CODES.invalidParams, envelopeProblem);
  const envelope = raw as Raw & { id: string; type: string; sentBy: string; expiresAt: number };
  const { type } = envelope;
  if (!isActionType(type)) {
    return refuse(
      ACTION_ERROR_CODES.unknownType,
      `"${type}" is not an action this agent knows; it was not run`,
    );
  }
  if (paramsJsonOf(envelope['params']) === undefined) {
    return refuse(ACTION_ERROR_CODES.invalidParams, 'params are too large');
  }
  const paramsProblem = checks.params(type, envelope['params']);
  if (paramsProblem) return refuse(ACTION_ERROR_CODES.invalidParams, paramsProblem);
  if (options.disabledTypes.includes(type)) {
    return refuse(
      ACTION_ERROR_CODES.disabled,
      `"${type}" is disabled on this PC (setting actions.disabledTypes)`,
    );
  }
  if (envelope.expiresAt <= options.now) {
    return refuse(
      ACTION_ERROR_CODES.expired,
      `the action expired at ${new Date(envelope.expiresAt).toISOString()} before it could run`,
    );
  }
  return {
    ok: true,
    action: {
      id: envelope.id,
      type: type as ActionType,
      params: envelope['params'],
      sentBy: envelope.sentBy,
      receivedAt: options.receivedAt,
      expiresAt: envelope.expiresAt,
    },
  };
}
