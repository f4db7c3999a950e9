import { defaultSettings } from '../../../server/config/load-server-config.js';
import type { ServerConfig } from '../../../server/config/server-config.js';

/**
 * The server's defaults, but on 127.0.0.1 with a free port, in `dataDir` and silent, so a
 * test spells out only what it is about.
 */
export function testServerConfig(
  dataDir: string,
  overrides: Partial<ServerConfig> = {},
): ServerConfig {
  return {
    ...defaultSettings(),
    host: '127.0.0.1',
    port: 0,
    dataDir,
    publicUrl: 'http://127.0.0.1',
    logLevel: 'silent',
    ...overrides,
  };
}
