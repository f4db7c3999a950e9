import type { ActionTarget, CreateActionRequest } from '../../../src/shared/actions-api.js';
import { ACTION_LIMITS } from '../../../src/shared/protocol/action-constants.js';
import type { MaintenanceType } from '../../../src/shared/protocol/action-constants.js';

export type ActionKind = 'message' | 'restart' | 'maintenance';
export type MessageLevel = 'info' | 'warning' | 'critical';
export const MESSAGE_LEVELS: readonly MessageLevel[] = ['info', 'warning', 'critical'];

/** What the form holds, as typed: numbers stay text until they are checked. */
export interface ActionForm {
  kind: ActionKind;
  title: string;
  body: string;
  level: MessageLevel;
  reason: string;
  delayMinutes: string;
  snoozeCount: string;
  snoozeMinutes: string;
  task: MaintenanceType;
  /** Empty: the server's default (7 days). */
  expiryDays: string;
}

export type FieldName =
  'title' | 'body' | 'reason' | 'delayMinutes' | 'snoozeCount' | 'snoozeMinutes' | 'expiryDays';

/** One refused field: the text key under fleet.actions.problems and its numbers. */
export interface FieldProblem {
  field: FieldName;
  key: 'required' | 'tooLong' | 'range';
  params: { max?: number; min?: number };
}

const MINUTE = 60;
const DAY = 24 * 3600;

/** The bounds of the number fields, in the units the form shows (from ACTION_LIMITS). */
export const FORM_BOUNDS = {
  delayMinutes: {
    min: Math.ceil(ACTION_LIMITS.minRestartDelaySeconds / MINUTE),
    max: Math.floor(ACTION_LIMITS.maxRestartDelaySeconds / MINUTE),
  },
  snoozeCount: { min: 0, max: ACTION_LIMITS.maxSnoozeCount },
  snoozeMinutes: {
    min: Math.ceil(ACTION_LIMITS.minSnoozeSeconds / MINUTE),
    max: Math.floor(ACTION_LIMITS.maxSnoozeSeconds / MINUTE),
  },
  expiryDays: { min: 1, max: Math.floor(ACTION_LIMITS.maxExpirySeconds / DAY) },
} as const;

export function defaultForm(kind: ActionKind): ActionForm {
  return {
    kind,
    title: '',
    body: '',
    level: 'info',
    reason: '',
    delayMinutes: String(ACTION_LIMITS.defaultRestartDelaySeconds / MINUTE),
    snoozeCount: '1',
    snoozeMinutes: '10',
    task: 'flush-dns',
    expiryDays: String(ACTION_LIMITS.defaultExpirySeconds / DAY),
  };
}

/** Characters as the server's schema counts them (code points, not UTF-16 units). */
function length(text: string): number {
  return [...text].length;
}

export type FormCheck =
  { ok: true; request: CreateActionRequest } | { ok: false; problems: FieldProblem[] };

/**
 * Checks the form against the same bounds the server applies (ACTION_LIMITS) and builds the
 * request; every refused field is reported at once, so the person fixes them in one go.
 */
export function buildRequest(form: ActionForm, target: ActionTarget): FormCheck {
  const problems: FieldProblem[] = [];
  const text = (field: FieldName, value: string, max: number, isRequired = false): string => {
    const trimmed = value.trim();
    if (isRequired && trimmed === '') problems.push({ field, key: 'required', params: {} });
    else if (length(trimmed) > max) problems.push({ field, key: 'tooLong', params: { max } });
    return trimmed;
  };
  const whole = (field: keyof typeof FORM_BOUNDS, value: string): number => {
    const { min, max } = FORM_BOUNDS[field];
    const trimmed = value.trim();
    const number = /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
    if (!(number >= min && number <= max)) {
      problems.push({ field, key: 'range', params: { min, max } });
    }
    return number;
  };

  const expiry = form.expiryDays.trim() === '' ? null : whole('expiryDays', form.expiryDays);
  const common = {
    target,
    ...(expiry === null ? {} : { expiresInSeconds: expiry * DAY }),
  };
  let request: CreateActionRequest;
  switch (form.kind) {
    case 'message':
      request = {
        ...common,
        type: 'message',
        params: {
          title: text('title', form.title, ACTION_LIMITS.titleChars, true),
          body: text('body', form.body, ACTION_LIMITS.bodyChars),
          level: form.level,
        },
      };
      break;
    case 'restart':
      request = {
        ...common,
        type: 'restart',
        params: {
          reason: text('reason', form.reason, ACTION_LIMITS.reasonChars),
          delaySeconds: whole('delayMinutes', form.delayMinutes) * MINUTE,
          snooze: {
            maxCount: whole('snoozeCount', form.snoozeCount),
            lengthSeconds: whole('snoozeMinutes', form.snoozeMinutes) * MINUTE,
          },
        },
      };
      break;
    case 'maintenance':
      request = { ...common, type: form.task };
      break;
    default:
      return assertNever(form.kind);
  }
  return problems.length === 0 ? { ok: true, request } : { ok: false, problems };
}

function assertNever(value: never): never {
  throw new Error(`unexpected action kind: ${String(value)}`);
}
