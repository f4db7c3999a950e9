import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type * as FastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { loadAtRunTime } from './load-at-run-time.js';
import { notBuiltPage } from './pages.js';

/** The dashboard page: the built files when there are any, else a page saying how to build. */
export async function registerPageRoutes(
  app: FastifyInstance,
  staticDir: string | undefined,
): Promise<void> {
  if (staticDir !== undefined && existsSync(join(staticDir, 'index.html'))) {
    const { default: fastifyStatic } = await loadAtRunTime<typeof FastifyStatic>('@fastify/static');
    await app.register(fastifyStatic, {
      root: staticDir,
      prefix: '/',
      index: 'index.html',
      // The page is rebuilt between releases, never while the agent runs: check on each request
      // that the files exist, rather than listing them all at start.
      wildcard: true,
      dotfiles: 'deny',
      cacheControl: true,
      maxAge: 0,
    });
    return;
  }
  app.get('/', async (request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(notBuiltPage(request.headers['accept-language'])),
  );
}
