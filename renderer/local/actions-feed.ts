import type { ActionsState } from '../../src/shared/local-api.js';
import type { ApiError, Result } from '../ui/api-client.js';

export interface ActionsFeedDeps {
  load: () => Promise<Result<ActionsState>>;
  onState: (state: ActionsState) => void;
  onError: (error: ApiError) => void;
}

export interface ActionsFeed {
  /** Loads the state; the answer is dropped when a newer state arrived while it was on its way. */
  refresh(): Promise<void>;
  /** A state from the live stream or from a POST's answer: always the newest. */
  apply(state: ActionsState): void;
}

/**
 * One place that decides which ActionsState the page shows. States come from three sources
 * (a GET, the `actions` event, the answer to a read or snooze) in any order; each gets a
 * ticket when it starts, and an older ticket never replaces what a newer one showed.
 */
export function createActionsFeed(deps: ActionsFeedDeps): ActionsFeed {
  let lastTicket = 0;
  let shownTicket = 0;
  const show = (ticket: number, state: ActionsState): void => {
    if (ticket < shownTicket) return;
    shownTicket = ticket;
    deps.onState(state);
  };
  return {
    async refresh() {
      const ticket = ++lastTicket;
      const result = await deps.load();
      if (result.ok) show(ticket, result.value);
      else if (ticket >= shownTicket) deps.onError(result.error);
    },
    apply(state) {
      show(++lastTicket, state);
    },
  };
}
