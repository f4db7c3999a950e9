import { useEffect, useState } from 'preact/hooks';
import { msUntilNextTick } from './countdown.js';

/**
 * The current time, refreshed each time the whole seconds left until `targetMs` change. Every
 * tick reads Date.now() afresh, so the countdown stays true to the absolute target however
 * late the timers fire (a busy page, a sleeping laptop).
 */
export function useCountdownNow(targetMs: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (targetMs === null) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = (): void => {
      const current = Date.now();
      setNow(current);
      timer = setTimeout(tick, msUntilNextTick(targetMs, current));
    };
    tick();
    return () => clearTimeout(timer);
  }, [targetMs]);
  return now;
}
