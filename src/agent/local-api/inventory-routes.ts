import type { FastifyInstance } from 'fastify';
import { LocalApiError } from './errors.js';
import type { LocalApiDeps } from './types.js';

/** The machine's static facts, once the agent has read them. */
export function registerInventoryRoutes(app: FastifyInstance, deps: LocalApiDeps): void {
  app.get('/api/inventory', async () => {
    const { inventory } = deps.store.latest();
    if (!inventory) {
      throw new LocalApiError('E_NO_INVENTORY', 'the agent has not read this machine yet');
    }
    return inventory;
  });
}
