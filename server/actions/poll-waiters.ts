/** Why a held poll stopped waiting. */
export type WakeReason = 'woken' | 'timeout' | 'closing';

export interface PollWait {
  /** Settles once: woken (something for this machine), timeout, or the server closing. */
  readonly done: Promise<WakeReason>;
  /** Stop waiting (the poll answered at once). */
  cancel(): void;
}

export interface PollWaiters {
  /** Starts waiting at once, so a wake that comes while the caller still queries is not lost. */
  wait(machineId: string, ms: number): PollWait;
  /** Something new for this machine: every poll it holds answers now. */
  wake(machineId: string): void;
  /** The server is closing: every held poll answers now. */
  closeAll(): void;
  readonly size: number;
}

interface Waiter {
  settle(reason: WakeReason): void;
}

/**
 * The long-polls agents hold when a WebSocket cannot be (design §3), by machine. A poll is
 * the fallback, so a timer per held poll is fine here; sockets get none.
 */
export function createPollWaiters(): PollWaiters {
  const byMachine = new Map<string, Set<Waiter>>();
  let size = 0;
  let isClosing = false;

  function remove(machineId: string, waiter: Waiter): void {
    const set = byMachine.get(machineId);
    if (!set?.delete(waiter)) return;
    size -= 1;
    if (set.size === 0) byMachine.delete(machineId);
  }

  return {
    wait(machineId, ms) {
      let settle!: (reason: WakeReason) => void;
      const done = new Promise<WakeReason>((resolve) => (settle = resolve));
      if (isClosing) {
        settle('closing');
        return { done, cancel: () => undefined };
      }
      const waiter: Waiter = {
        settle: (reason) => {
          clearTimeout(timer);
          remove(machineId, waiter);
          settle(reason);
        },
      };
      const timer = setTimeout(() => waiter.settle('timeout'), ms);
      timer.unref();
      let set = byMachine.get(machineId);
      if (!set) byMachine.set(machineId, (set = new Set()));
      set.add(waiter);
      size += 1;
      return { done, cancel: () => waiter.settle('timeout') };
    },
    wake(machineId) {
      for (const waiter of [...(byMachine.get(machineId) ?? [])]) waiter.settle('woken');
    },
    closeAll() {
      isClosing = true;
      for (const set of [...byMachine.values()]) {
        for (const waiter of [...set]) waiter.settle('closing');
      }
    },
    get size() {
      return size;
    },
  };
}
