import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { ActionsState } from '../../shared/local-api.js';
import { LocalApiError } from './errors.js';
import type { ActionsPort, LocalApiDeps } from './types.js';

/** The person's record of what IT ran here: the newest this many. */
export const ACTIONS_HISTORY_LIMIT = 100;

const IdParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) },
  { additionalProperties: false },
);

const EMPTY: ActionsState = { inbox: [], unread: 0, pendingRestart: null, history: [] };

/** Inbox, pending restart and history; empty while this PC has no action engine (not enrolled). */
export function readActions(actions: ActionsPort | undefined): ActionsState {
  const engine = actions?.engine();
  if (!engine) return EMPTY;
  return {
    inbox: engine.inbox(),
    unread: engine.unreadCount(),
    pendingRestart: engine.pendingRestart(),
    history: engine.history(ACTIONS_HISTORY_LIMIT),
  };
}

/** `api/actions`, `api/inbox/:id/read`, `api/restart/:id/snooze` (LOCAL_API). */
export function registerActionsRoutes(app: FastifyInstance, deps: LocalApiDeps): void {
  app.get('/api/actions', async () => readActions(deps.actions));

  const options = { schema: { params: IdParams } };
  app.post('/api/inbox/:id/read', options, async (request) => {
    const { id } = request.params as { id: string };
    const engine = deps.actions?.engine();
    if (!engine?.markRead(id)) {
      throw new LocalApiError('E_NOT_FOUND', `there is no message ${id} in the inbox`);
    }
    return readActions(deps.actions);
  });

  app.post('/api/restart/:id/snooze', options, async (request) => {
    const { id } = request.params as { id: string };
    const engine = deps.actions?.engine();
    if (!engine) throw new LocalApiError('E_NO_RESTART', 'no restart is pending on this PC');
    const result = engine.snooze(id);
    if (!result.ok) throw new LocalApiError(result.error.code, result.error.message);
    return readActions(deps.actions);
  });
}
