/** Hash routes, so the page needs no server-side routing under any origin or scheme. */
export const ROUTES = ['overview', 'messages', 'history', 'this-pc', 'settings'] as const;
export type Route = (typeof ROUTES)[number];

export function routeFromHash(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[?/]/)[0] ?? '';
  return ROUTES.find((route) => route === name) ?? 'overview';
}

export function hrefFor(route: Route): string {
  return route === 'overview' ? '#/' : `#/${route}`;
}
