import type { ActionsPort, ActionsView } from './types.js';

/** The ActionsPort the running agent hands the dashboard before it knows whether it has an engine. */
export interface ActionsSlot extends ActionsPort {
  /** The engine appeared (or went): listeners move to it and hear about the change. */
  set(engine: ActionsView | undefined): void;
}

/**
 * Holds the action engine for the dashboard, which is built before the agent knows whether this
 * PC is enrolled (the engine and what it loads wait for link.json). Live streams listen here
 * once and keep hearing the engine's changes whichever engine, if any, is in the slot.
 */
export function createActionsSlot(onError?: (error: unknown) => void): ActionsSlot {
  const listeners = new Set<() => void>();
  let current: ActionsView | undefined;
  let detach: (() => void) | undefined;

  const notify = (): void => {
    for (const listener of [...listeners]) {
      try {
        listener();
      } catch (error) {
        onError?.(error);
      }
    }
  };

  return {
    engine: () => current,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(engine) {
      if (engine === current) return;
      detach?.();
      detach = undefined;
      current = engine;
      if (engine) detach = engine.onChange(notify);
      notify();
    },
  };
}
