import type { FastifyInstance } from 'fastify';
import { buildServer } from './build-server.js';
import type { ServerConfig } from './config/server-config.js';
import { ensureSetupLink } from './setup/setup-tokens.js';

export interface RunningServer {
  app: FastifyInstance;
  /** Where it listens, e.g. http://127.0.0.1:8080. */
  url: string;
  /** Graceful stop: no new connections, in-flight requests finish, the database closes. */
  stop(): Promise<void>;
  /** Resolves once the server has stopped, whoever stopped it. */
  stopped: Promise<void>;
}

/**
 * Builds and listens, and stops gracefully on SIGINT/SIGTERM; a second signal while stopping
 * exits at once. The only place that calls listen().
 */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const app = await buildServer(config);
  // Signals are handled before listening: one that arrives while the port opens (a service
  // manager stopping a server that is still starting) still ends it gracefully.
  let stopping: Promise<void> | undefined;
  let resolveStopped = (): void => {};
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));
  const stop = (): Promise<void> => {
    stopping ??= app.close().then(() => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      app.log.info('server: stopped');
      resolveStopped();
    });
    return stopping;
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      app.log.warn(`server: ${signal} again, exiting without waiting`);
      process.exit(1);
    }
    app.log.info(`server: ${signal} received, finishing open requests (send again to force)`);
    void stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const exposure = isLoopback(config.host)
    ? 'this PC only; use --host 0.0.0.0 to let other PCs reach it'
    : `public URL ${config.publicUrl}`;
  try {
    await app.listen({
      host: config.host,
      port: config.port,
      listenTextResolver: (address) => `server: listening on ${address} (${exposure})`,
    });
  } catch (error) {
    await stop();
    throw error;
  }
  const url = listeningUrl(app, config.host);
  if (!stopping) {
    await announceSetupLink(app, config).catch((error: unknown) => {
      // Only a stop that began meanwhile (the database is closed) gets here.
      if (!stopping) throw error;
    });
  }
  return { app, url, stop, stopped };
}

/**
 * A server nobody can log in to yet says so where its administrator looks: the one-time link
 * that creates the first owner, on stdout as a plain line (it is meant to be read and clicked),
 * not in the JSON log.
 */
async function announceSetupLink(app: FastifyInstance, config: ServerConfig): Promise<void> {
  const link = await ensureSetupLink(app.ctx);
  if (link === null) return;
  app.log.info('server: no account yet, setup link printed on stdout');
  process.stdout.write(
    `\nNo account exists yet. Create the first owner within ${config.setupTokenMinutes} minutes at:\n  ${link}\n\n`,
  );
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

function listeningUrl(app: FastifyInstance, host: string): string {
  const address = app.server.address();
  const port = address !== null && typeof address === 'object' ? address.port : 0;
  const shown = host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}
