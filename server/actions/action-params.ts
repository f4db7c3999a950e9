import type { FastifySchemaValidationError } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import type { Validator } from 'typebox/compile';
import {
  ACTION_LIMITS,
  ActionParamsSchemas,
  isActionType,
} from '../../src/shared/protocol/index.js';
import type { ActionType } from '../../src/shared/protocol/index.js';
import { ApiError } from '../http/api-error.js';
import { schemaErrorFormatter } from '../http/validation.js';

/** What a restart leaves out gets these (CreateActionRequest). */
export const RESTART_DEFAULTS = {
  delaySeconds: ACTION_LIMITS.defaultRestartDelaySeconds,
  snooze: { maxCount: 1, lengthSeconds: 600 },
} as const;

const checkers = new Map<ActionType, Validator>();
function checkerOf(type: ActionType): Validator {
  let checker = checkers.get(type);
  if (!checker) checkers.set(type, (checker = Compile(ActionParamsSchemas[type] as TSchema)));
  return checker;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function withDefaults(type: ActionType, params: unknown): unknown {
  if (params === undefined && type !== 'message' && type !== 'restart') return {};
  if (type === 'restart' && isPlainObject(params)) return { ...RESTART_DEFAULTS, ...params };
  return params;
}

/**
 * The params as they will be stored and sent: the type's defaults applied, then checked
 * against the same schema the agent checks with. 400 E_ACTION_UNKNOWN_TYPE for a type not on
 * the allow-list, 400 E_ACTION_INVALID naming the first wrong field.
 */
export function checkActionParams(
  type: string,
  params: unknown,
): { type: ActionType; params: Record<string, unknown> } {
  if (!isActionType(type)) {
    throw new ApiError('E_ACTION_UNKNOWN_TYPE', `unknown action type "${type.slice(0, 64)}"`);
  }
  const value = withDefaults(type, params);
  const checker = checkerOf(type);
  if (!isPlainObject(value) || !checker.Check(value)) {
    const errors = isPlainObject(value) ? [...checker.Errors(value)] : [];
    const message = isPlainObject(value)
      ? schemaErrorFormatter(errors as unknown as FastifySchemaValidationError[], 'params').message
      : `params of a ${type} action must be an object`;
    throw new ApiError('E_ACTION_INVALID', message);
  }
  return { type, params: value };
}

/** A line for the audit log: the message title, the restart reason, or the type. */
export function summaryOf(type: ActionType, params: Record<string, unknown>): string {
  const text =
    type === 'message' ? params['title'] : type === 'restart' ? params['reason'] : undefined;
  return typeof text === 'string' && text !== '' ? text.slice(0, 200) : type;
}
