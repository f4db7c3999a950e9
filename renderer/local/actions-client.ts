import { LOCAL_API } from '../../src/shared/local-api.js';
import type { ActionsState } from '../../src/shared/local-api.js';
import type { FetchLike, Result } from '../ui/api-client.js';
import { sendJson, toResult } from '../ui/api-client.js';

/** The local API's actions routes: the inbox, the pending restart, what IT ran here. */
export interface ActionsClient {
  /** `api/actions` */
  load(): Promise<Result<ActionsState>>;
  /** The person opened this message; the answer is the new state. */
  markRead(messageId: string): Promise<Result<ActionsState>>;
  /** Postpones the pending restart; 409 E_SNOOZE_NOT_ALLOWED / 404 E_NO_RESTART as values. */
  snooze(restartId: string): Promise<Result<ActionsState>>;
}

export function createActionsClient(fetchFn: FetchLike): ActionsClient {
  return {
    load: () =>
      toResult<ActionsState>(() =>
        fetchFn(LOCAL_API.actions, { headers: { accept: 'application/json' } }),
      ),
    markRead: (messageId) => sendJson(fetchFn, 'POST', LOCAL_API.messageRead(messageId)),
    snooze: (restartId) => sendJson(fetchFn, 'POST', LOCAL_API.restartSnooze(restartId)),
  };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/**
 * The outline of an ActionsState, checked before a live event replaces what the page shows:
 * a truncated or foreign event must not blank the inbox.
 */
export function isActionsState(value: unknown): value is ActionsState {
  if (!isObject(value)) return false;
  const { inbox, unread, pendingRestart, history } = value;
  return (
    Array.isArray(inbox) &&
    inbox.every((message) => isObject(message) && typeof message['id'] === 'string') &&
    typeof unread === 'number' &&
    Array.isArray(history) &&
    history.every((action) => isObject(action) && typeof action['id'] === 'string') &&
    (pendingRestart === null ||
      (isObject(pendingRestart) &&
        typeof pendingRestart['id'] === 'string' &&
        typeof pendingRestart['rebootAt'] === 'number'))
  );
}
