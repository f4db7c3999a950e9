import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import { notFound } from '../http/api-error.js';

/** Paths that belong to the API (or are files): never answered with the page. */
const NOT_PAGES = /^\/(api(\/|$)|healthz$|assets\/)/;

/**
 * Where the built page is: `dist/renderer/fleet` next to the compiled server
 * (`dist/server/web` → `../../renderer/fleet`), or under `dist/` when run from the sources.
 * A folder counts only once it has `assets/`: the source folder has an index.html too.
 */
export function fleetPageRoot(here: string = import.meta.dirname): string | null {
  const candidates = [
    resolve(here, '../../dist/renderer/fleet'),
    resolve(here, '../../renderer/fleet'),
  ];
  return (
    candidates.find(
      (dir) => existsSync(join(dir, 'index.html')) && existsSync(join(dir, 'assets')),
    ) ?? null
  );
}

export interface FleetPageOptions {
  /** The built page's folder; found next to the server by default. */
  root?: string | null;
}

/**
 * Serves the fleet page: hashed files under /assets/ cached for a year (their name changes
 * with their content), index.html never cached (so a new release is picked up at once), and
 * index.html for every other GET path that is not the API, so /machines/<id> can be reloaded.
 */
export async function registerFleetPage(
  app: FastifyInstance,
  ctx: ServerContext,
  options: FleetPageOptions = {},
): Promise<void> {
  const root = options.root === undefined ? fleetPageRoot() : options.root;
  if (root === null) {
    ctx.log.warn('fleet page: not built (run `npm run build`); the API still works');
  } else {
    await app.register(fastifyStatic, {
      root: join(root, 'assets'),
      prefix: '/assets/',
      decorateReply: false,
      index: false,
      immutable: true,
      maxAge: '365d',
    });
  }

  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (NOT_PAGES.test(path)) throw notFound(`${request.method} ${path}`);
    reply.header('cache-control', 'no-cache');
    if (root === null) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The fleet page is not built. Run `npm run build` and restart the server.\n');
    }
    return reply.type('text/html; charset=utf-8').send(await readFile(join(root, 'index.html')));
  });
}
