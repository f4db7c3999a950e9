import { execFile } from 'node:child_process';
import type { NotificationRequest, Notifier } from './notifier.js';
import { escapeNotificationText, notificationTitle } from './notification-text.js';

/** A notification daemon that does not answer D-Bus by then: notify-send is killed. */
export const NOTIFY_SEND_TIMEOUT_MS = 15_000;
/** How long the daemon shows it (notify-send's --expire-time, ms); critical ones stay anyway. */
const EXPIRE_MS = 10_000;
/** notify-send prints next to nothing; this only bounds a broken one. */
const MAX_BUFFER_BYTES = 64 * 1024;

export interface NotifySendOptions {
  /** Shown as the sender (--app-name). */
  appName: string;
  /** The program; default notify-send, found on PATH. */
  command?: string;
}

/**
 * Linux: notify-send run directly with execFile and a fixed argument list, no shell. node-notifier
 * runs it through a shell (cp.exec) and relies on its own quoting, which has been wrong before
 * (CVE-2020-7789), and puts no `--` before the text, so a body from the server starting with
 * `--icon=…` or `--expire-time=…` would be read as an option. Here the text always follows `--`.
 */
export function createNotifySend(options: NotifySendOptions): Notifier {
  const command = options.command ?? 'notify-send';
  return {
    notify(notification) {
      const args = notifySendArgs(notification, options.appName);
      return new Promise<void>((resolve, reject) => {
        execFile(
          command,
          args,
          {
            shell: false,
            timeout: NOTIFY_SEND_TIMEOUT_MS,
            killSignal: 'SIGKILL',
            maxBuffer: MAX_BUFFER_BYTES,
            encoding: 'utf8',
          },
          (error, _stdout, stderr) => {
            if (!error) resolve();
            else reject(new Error(`notify-send failed: ${describe(error, stderr)}`));
          },
        );
      });
    },
  };
}

/**
 * Options first, each as one `--name=value` word, then `--`, then the title and the body: text
 * after `--` is never taken for an option. The body is entity-escaped (daemons render it as
 * markup), the title only cleaned (daemons show it as plain text).
 */
export function notifySendArgs(notification: NotificationRequest, appName: string): string[] {
  const title = notificationTitle(notification.title) || appName;
  const body = escapeNotificationText(notification.body, 'linux');
  return [
    `--app-name=${appName}`,
    `--urgency=${notification.urgency}`,
    `--expire-time=${EXPIRE_MS}`,
    '--',
    title,
    ...(body === '' ? [] : [body]),
  ];
}

function describe(
  error: Error & { code?: unknown; killed?: boolean; signal?: unknown },
  stderr: string,
): string {
  if (error.code === 'ENOENT') return 'notify-send is not installed';
  if (error.killed || error.signal === 'SIGKILL') {
    return `no answer within ${NOTIFY_SEND_TIMEOUT_MS / 1000} s`;
  }
  const said = stderr.trim().slice(0, 500);
  const status = typeof error.code === 'number' ? `exit status ${error.code}` : error.message;
  return said ? `${status}: ${said}` : status;
}
