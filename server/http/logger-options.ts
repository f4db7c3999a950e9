import type { LoggerOptions } from 'pino';
import type { LogLevel } from '../config/server-config.js';

/** Body fields that carry a secret, wherever they are logged. */
const SECRET_FIELDS = [
  'token',
  'agentToken',
  'enrollmentToken',
  'password',
  'newPassword',
  'currentPassword',
  'setupToken',
  'key',
];

const SECRET_HEADERS = ['authorization', 'cookie', '["set-cookie"]', '["x-csrf-token"]'];

/** Every path pino blanks out: headers on requests and replies, and secret body fields. */
const REDACT_PATHS: string[] = [
  ...SECRET_HEADERS.flatMap((h) => {
    const dotted = h.startsWith('[') ? h : `.${h}`;
    return ['req', 'res', 'request', 'reply', ''].map((root) =>
      root ? `${root}.headers${dotted}` : `headers${dotted}`,
    );
  }),
  ...SECRET_FIELDS.flatMap((f) => [f, `body.${f}`, `req.body.${f}`, `request.body.${f}`, `*.${f}`]),
];

/** pino settings for Fastify: the configured level, secrets never written. */
export function loggerOptions(level: LogLevel): LoggerOptions {
  return { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
}
