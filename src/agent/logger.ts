import { closeSync, fstatSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { multistream, pino } from 'pino';
import type { Logger } from 'pino';

export type { Logger };

/** `<dataDir>/logs/agent.log`, and agent.log.1 once it rotated. */
export const AGENT_LOG_FILE_NAME = 'agent.log';
/** The log file rotates to agent.log.1 when a line would take it past this size. */
export const LOG_FILE_MAX_BYTES = 1024 * 1024;

export interface LoggerOptions {
  /** Also write every line to this file (bounded: one rotation to `<file>.1`). */
  logFile?: string;
  /** Rotation size; default LOG_FILE_MAX_BYTES. */
  logFileMaxBytes?: number;
}

/** Where the agent's log file lives in its data dir. */
export function agentLogFile(dataDir: string): string {
  return join(dataDir, 'logs', AGENT_LOG_FILE_NAME);
}

/** The agent's log files, oldest first (what collect-logs bundles); missing files are fine. */
export function agentLogFiles(dataDir: string): string[] {
  const file = agentLogFile(dataDir);
  return [`${file}.1`, file];
}

/**
 * JSON lines on stdout (what service managers and journald expect), and with `logFile` also in a
 * bounded file the collect-logs action can send to IT. Anything that could carry a credential
 * is redacted before it is written.
 */
export function createLogger(
  level: string,
  destination?: NodeJS.WritableStream,
  options: LoggerOptions = {},
): Logger {
  const out = destination ?? process.stdout;
  const stream = options.logFile
    ? multistream([
        { level: 'trace', stream: out },
        {
          level: 'trace',
          stream: createRotatingFile(
            options.logFile,
            options.logFileMaxBytes ?? LOG_FILE_MAX_BYTES,
          ),
        },
      ])
    : out;
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
    stream,
  );
}

/** What pino needs from a destination. */
export interface LineSink {
  write(line: string): boolean;
}

/**
 * Appends lines to `path` (owner-only: logs name the machine and its server), moving it to
 * `<path>.1` when the next line would pass `maxBytes`, so the agent's logs never take more than
 * about twice that. Synchronous appends: the agent logs a few lines a minute, and a line written
 * before a crash is exactly the one IT needs. A file that cannot be written never stops the
 * agent: file logging turns itself off and says so once on stderr.
 */
export function createRotatingFile(path: string, maxBytes: number): LineSink {
  let fd: number | undefined;
  let size = 0;
  let isBroken = false;

  function open(): number {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const handle = openSync(path, 'a', 0o600);
    size = fstatSync(handle).size;
    return handle;
  }

  function rotate(): void {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
    renameSync(path, `${path}.1`);
  }

  return {
    write(line) {
      if (isBroken) return true;
      try {
        fd ??= open();
        const bytes = Buffer.byteLength(line);
        if (size > 0 && size + bytes > maxBytes) {
          rotate();
          fd = open();
        }
        writeSync(fd, line);
        size += bytes;
      } catch (error) {
        isBroken = true;
        process.stderr.write(
          `logger: cannot write ${path} (${(error as Error).message}); logging to stdout only\n`,
        );
      }
      return true;
    },
  };
}
