/**
 * Path routes (the server answers index.html for every page path). Pure: a path in, a route
 * out, and back, so links and the address bar always agree.
 */
export type Route =
  | { name: 'fleet' }
  | { name: 'machine'; id: string }
  | { name: 'add' }
  | { name: 'actions' }
  | { name: 'admin' }
  | { name: 'login' }
  | { name: 'setup' }
  | { name: 'not-found' };

export function routeFromPath(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { name: 'fleet' };
  if (path === '/add') return { name: 'add' };
  if (path === '/actions') return { name: 'actions' };
  if (path === '/admin') return { name: 'admin' };
  if (path === '/login') return { name: 'login' };
  if (path === '/setup') return { name: 'setup' };
  const machine = /^\/machines\/([^/]+)$/.exec(path);
  if (machine?.[1] !== undefined) {
    try {
      return { name: 'machine', id: decodeURIComponent(machine[1]) };
    } catch {
      return { name: 'not-found' };
    }
  }
  return { name: 'not-found' };
}

export function pathFor(route: Route): string {
  switch (route.name) {
    case 'fleet':
    case 'not-found':
      return '/';
    case 'machine':
      return `/machines/${encodeURIComponent(route.id)}`;
    case 'add':
      return '/add';
    case 'actions':
      return '/actions';
    case 'admin':
      return '/admin';
    case 'login':
      return '/login';
    case 'setup':
      return '/setup';
  }
}

/** The one-time setup token from `#token=…`; null when the fragment has none. */
export function setupTokenFromHash(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token === null || token === '' ? null : token;
}

/** Pages anyone may see; the others need a session. */
export function isPublic(route: Route): boolean {
  return route.name === 'login' || route.name === 'setup';
}
