import { pino } from 'pino';
import type { Logger } from 'pino';

export type { Logger };

/**
 * JSON lines on stdout (what service managers and journald expect). Anything that could carry
 * a credential is redacted before it is written.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { name: 'dashfleet-agent' },
      redact: {
        paths: [
          'token',
          '*.token',
          'agentToken',
          '*.agentToken',
          'secret',
          '*.secret',
          'headers.authorization',
          'headers.cookie',
        ],
        censor: '[redacted]',
      },
    },
    destination ?? process.stdout,
  );
}
