import { pathFor } from './routes.js';
import type { Route } from './routes.js';

const NAVIGATE_EVENT = 'dashfleet:navigate';

/** Moves to a page without a reload; the shell listens for popstate and this event. */
export function navigate(route: Route | string, options: { replace?: boolean } = {}): void {
  const path = typeof route === 'string' ? route : pathFor(route);
  if (path === location.pathname + location.search) return;
  if (options.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  dispatchEvent(new Event(NAVIGATE_EVENT));
}

export function onNavigate(listener: () => void): () => void {
  addEventListener('popstate', listener);
  addEventListener(NAVIGATE_EVENT, listener);
  return () => {
    removeEventListener('popstate', listener);
    removeEventListener(NAVIGATE_EVENT, listener);
  };
}

/**
 * A click on a same-origin link becomes a page change without reload; modified clicks
 * (new tab, download) keep the browser's behaviour.
 */
export function interceptLinks(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = (event.target as Element | null)?.closest?.('a');
  if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
  const url = new URL(anchor.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
}
