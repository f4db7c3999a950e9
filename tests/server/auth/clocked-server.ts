import type { ServerConfig } from '../../../server/config/server-config.js';
import { startTestServer } from '../helpers/test-server.js';
import type { TestServer } from '../helpers/test-server.js';

export interface ClockedServer extends TestServer {
  /** Moves the server's clock forward; nothing sleeps. */
  advance(ms: number): void;
}

/** startTestServer with a clock the test turns. */
export async function startClockedServer(
  overrides: Partial<ServerConfig> = {},
): Promise<ClockedServer> {
  let offset = 0;
  const server = await startTestServer(overrides, { now: () => Date.now() + offset });
  return {
    ...server,
    advance: (ms) => {
      offset += ms;
    },
  };
}
