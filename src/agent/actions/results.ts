import { ACTION_LIMITS } from '../../shared/protocol/action-constants.js';
import type { ActionResult } from '../../shared/protocol/action-schemas.js';

/** Why an action failed or was refused: a stable code and a sentence. */
export interface ActionError {
  code: string;
  message: string;
}

/** What a task ends with: success, or a failure with its code; either way what it produced. */
export type TaskOutcome =
  { ok: true; result: ActionResult } | { ok: false; error: ActionError; result: ActionResult };

const MESSAGE_CHARS = 1000;
const DETAIL_STRING_CHARS = 1000;
const DETAIL_KEYS = 32;

/**
 * Output bounded to `max` characters keeping its head and its tail: the head says what the
 * command started doing, the tail how it ended, and both matter more than the middle.
 */
export function boundOutput(text: string, max: number = ACTION_LIMITS.outputChars): string {
  if (text.length <= max) return text;
  const marker = (left: number) => `\n… [${left} characters left out] …\n`;
  // The marker's length depends on the number in it: size it for the worst case.
  const room = max - marker(text.length).length;
  if (room < 2) return text.slice(0, max);
  const head = Math.ceil(room / 2);
  const tail = room - head;
  return text.slice(0, head) + marker(text.length - head - tail) + text.slice(text.length - tail);
}

export function boundMessage(message: string): string {
  return message.length <= MESSAGE_CHARS ? message : `${message.slice(0, MESSAGE_CHARS - 1)}…`;
}

/** A result that fits ActionResultSchema whatever a task put in it. */
export function boundResult(result: ActionResult): ActionResult {
  const bounded: ActionResult = { ...result };
  if (bounded.output !== undefined) bounded.output = boundOutput(bounded.output);
  if (bounded.error) {
    bounded.error = {
      code: bounded.error.code.slice(0, 64),
      message: boundMessage(bounded.error.message),
    };
  }
  if (bounded.detail) {
    bounded.detail = Object.fromEntries(
      Object.entries(bounded.detail)
        .slice(0, DETAIL_KEYS)
        .map(([key, value]) => [
          key.slice(0, 64),
          typeof value === 'string' ? value.slice(0, DETAIL_STRING_CHARS) : value,
        ]),
    );
  }
  return bounded;
}

export function failure(code: string, message: string, result: ActionResult = {}): TaskOutcome {
  return { ok: false, error: { code, message }, result };
}
