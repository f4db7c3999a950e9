import type { FastifyInstance } from 'fastify';
import { readStatus } from './status.js';
import type { LocalApiDeps } from './types.js';

/** The overview, and pausing or resuming sampling from it. */
export function registerStatusRoutes(app: FastifyInstance, deps: LocalApiDeps): void {
  app.get('/api/status', async () => readStatus(deps));

  app.post('/api/pause', async () => {
    await deps.agent.pause();
    return readStatus(deps);
  });

  app.post('/api/resume', async () => {
    await deps.agent.resume();
    return readStatus(deps);
  });
}
