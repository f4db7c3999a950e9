import type { ActionView } from '../../../src/shared/actions-api.js';

export interface ActionFeedListener {
  /** Actions that changed or were created (live event, or this page's own call). */
  onActions: (actions: readonly ActionView[]) => void;
  /** The live stream came back after a break: changes may have been missed, load again. */
  onResync: () => void;
}

/**
 * Where the page's action changes meet: the live stream and the page's own calls publish,
 * every history on screen listens. One feed per signed-in page.
 */
export interface ActionFeed {
  publish(actions: readonly ActionView[]): void;
  resync(): void;
  subscribe(listener: ActionFeedListener): () => void;
}

export function createActionFeed(): ActionFeed {
  const listeners = new Set<ActionFeedListener>();
  return {
    publish(actions) {
      if (actions.length === 0) return;
      for (const listener of [...listeners]) listener.onActions(actions);
    },
    resync() {
      for (const listener of [...listeners]) listener.onResync();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
