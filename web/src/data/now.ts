import { useEffect, useState } from 'preact/hooks';

/**
 * The current time for things that count down (SLA badges): one shared interval for the whole
 * page, however many badges are on screen, running only while something shows a countdown. A tab
 * that comes back into view catches up at once instead of waiting for the next tick.
 */
export const NOW_TICK_MS = 30_000;

const listeners = new Set<(now: number) => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function tick(): void {
  const now = Date.now();
  for (const listener of [...listeners]) listener(now);
}

function onVisible(): void {
  if (document.visibilityState === 'visible') tick();
}

function subscribe(listener: (now: number) => void): () => void {
  listeners.add(listener);
  if (!timer) {
    timer = setInterval(tick, NOW_TICK_MS);
    document.addEventListener('visibilitychange', onVisible);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
      document.removeEventListener('visibilitychange', onVisible);
    }
  };
}

/** Epoch milliseconds, re-rendering the caller every {@link NOW_TICK_MS}. */
export function useNow(): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => subscribe(setNow), []);
  return now;
}
