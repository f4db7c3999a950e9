import { describe, expect, it } from 'vitest';
import { pathFor, routeFromPath, setupTokenFromHash } from '../../../renderer/fleet/routes.js';
import type { Route } from '../../../renderer/fleet/routes.js';

describe('fleet page routes', () => {
  it('reads each page from its path and writes it back', () => {
    const routes: Route[] = [
      { name: 'fleet' },
      { name: 'machine', id: 'm 1/ü' },
      { name: 'add' },
      { name: 'admin' },
      { name: 'login' },
      { name: 'setup' },
    ];
    for (const route of routes) expect(routeFromPath(pathFor(route))).toEqual(route);
    expect(routeFromPath('/admin/')).toEqual({ name: 'admin' });
    expect(routeFromPath('/nope')).toEqual({ name: 'not-found' });
    expect(routeFromPath('/machines/%E0%A4%A')).toEqual({ name: 'not-found' });
  });

  it('takes the setup token from the fragment only', () => {
    expect(setupTokenFromHash('#token=abc-123')).toBe('abc-123');
    expect(setupTokenFromHash('#token=')).toBeNull();
    expect(setupTokenFromHash('')).toBeNull();
  });
});
