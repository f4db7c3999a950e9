import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { stopChild } from './server-process.js';

const run = promisify(execFile);

/** One `org.freedesktop.Notifications.Notify` call as seen on the session bus. */
export interface NotifyCall {
  appName: string;
  summary: string;
  body: string;
}

export interface DesktopSession {
  /** DISPLAY and DBUS_SESSION_BUS_ADDRESS for the processes that should notify on this desktop. */
  env: { DISPLAY: string; DBUS_SESSION_BUS_ADDRESS: string };
  /** Every Notify call observed so far, in order. */
  calls: NotifyCall[];
  /** Resolves with the first call (seen or to come) that matches. */
  waitForNotify(predicate: (call: NotifyCall) => boolean, timeoutMs?: number): Promise<NotifyCall>;
  stop(): Promise<void>;
}

/**
 * A real Linux desktop without a screen: a virtual X display (Xvfb), a D-Bus session bus,
 * the dunst notification daemon, and dbus-monitor watching the Notifications interface. What a
 * test sees here is exactly what a notification daemon on a person's desktop receives.
 */
export async function startDesktopSession(): Promise<DesktopSession> {
  const children: ChildProcess[] = [];
  let busPid: number | undefined;
  const stop = async (): Promise<void> => {
    for (const child of children.reverse()) await stopChild(child);
    if (busPid !== undefined) {
      try {
        process.kill(busPid);
      } catch {
        // Already gone.
      }
    }
  };
  try {
    const display = await startXvfb(children);
    const bus = await run('dbus-launch', ['--sh-syntax'], {
      env: { ...process.env, DISPLAY: display },
    });
    const address = /DBUS_SESSION_BUS_ADDRESS='([^']+)'/.exec(bus.stdout)?.[1];
    busPid = Number(/DBUS_SESSION_BUS_PID=(\d+)/.exec(bus.stdout)?.[1]);
    if (!address) throw new Error(`dbus-launch printed no address: ${bus.stdout}`);
    const env = { DISPLAY: display, DBUS_SESSION_BUS_ADDRESS: address };
    const childEnv = { ...process.env, ...env };
    const calls: NotifyCall[] = [];
    const waiters: Array<() => void> = [];
    const monitor = spawn(
      'dbus-monitor',
      ['--session', "interface='org.freedesktop.Notifications'"],
      { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(monitor);
    const parser = createNotifyParser((call) => {
      calls.push(call);
      for (const wake of waiters.splice(0)) wake();
    });
    monitor.stdout.setEncoding('utf8').on('data', (chunk: string) => parser.push(chunk));
    await waitForOutput(monitor, /NameAcquired|member=/);
    const dunst = spawn('dunst', [], { env: childEnv, stdio: 'ignore' });
    children.push(dunst);
    await waitForDaemon(childEnv);

    const waitForNotify = (predicate: (call: NotifyCall) => boolean, timeoutMs = 15_000) =>
      new Promise<NotifyCall>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no matching Notify call; seen: ${JSON.stringify(calls)}`)),
          timeoutMs,
        );
        const check = () => {
          const found = calls.find(predicate);
          if (found) {
            clearTimeout(timer);
            resolve(found);
          } else waiters.push(check);
        };
        check();
      });
    return { env, calls, waitForNotify, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Starts Xvfb on a display number it picks itself (-displayfd), so parallel runs never clash. */
async function startXvfb(children: ChildProcess[]): Promise<string> {
  const xvfb = spawn(
    'Xvfb',
    ['-displayfd', '3', '-screen', '0', '1024x768x24', '-nolisten', 'tcp'],
    {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    },
  );
  children.push(xvfb);
  const fd = xvfb.stdio[3] as NodeJS.ReadableStream;
  const number = await new Promise<string>((resolve, reject) => {
    let text = '';
    fd.setEncoding('utf8');
    fd.on('data', (chunk: string) => {
      text += chunk;
      if (text.includes('\n')) resolve(text.trim());
    });
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it was ready`)));
  });
  return `:${number}`;
}

function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`no ${pattern} from dbus-monitor`)), 10_000);
    child.stdout?.on('data', (chunk: string) => {
      text += chunk;
      if (pattern.test(text)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

/** dunst owns org.freedesktop.Notifications once it answers GetServerInformation. */
async function waitForDaemon(env: NodeJS.ProcessEnv): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await run(
        'dbus-send',
        [
          '--session',
          '--print-reply',
          '--dest=org.freedesktop.Notifications',
          '/org/freedesktop/Notifications',
          'org.freedesktop.Notifications.GetServerInformation',
        ],
        { env },
      );
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * Reads dbus-monitor's text output. A Notify call is a `method call ... member=Notify` line
 * followed by its arguments, the top-level ones indented by three spaces: app name, replaces
 * id, icon, summary, body, actions, hints, timeout. Strings are printed raw and may span lines.
 */
export function createNotifyParser(onCall: (call: NotifyCall) => void): {
  push(chunk: string): void;
} {
  let buffer = '';
  const header = /^(method call|method return|signal|error) /m;
  function parseBlock(block: string): void {
    if (!/member=Notify\b/.test(block.split('\n', 1)[0] ?? '')) return;
    const args = block.slice(block.indexOf('\n') + 1);
    const strings: string[] = [];
    const token =
      /(?:^|\n) {3}(string|uint32|int32|array) ([\s\S]*?)(?=\n {3}(?:string|uint32|int32|array) |\n?$)/g;
    for (const match of args.matchAll(token)) {
      if (match[1] !== 'string') continue;
      const raw = match[2] ?? '';
      strings.push(raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw);
    }
    const [appName = '', , summary = '', body = ''] = strings;
    onCall({ appName, summary, body });
  }
  return {
    push(chunk) {
      buffer += chunk;
      for (;;) {
        // A block ends where the next header starts or, for Notify, after its last argument
        // (the timeout): dunst's answer is not on this interface, so no header may follow soon.
        const next = buffer.slice(1).search(header);
        const complete = /\n {3}int32 -?\d+\n/.exec(buffer);
        const end =
          complete && (next < 0 || complete.index + complete[0].length <= next + 1)
            ? complete.index + complete[0].length
            : next < 0
              ? -1
              : next + 1;
        if (end < 0) return;
        parseBlock(buffer.slice(0, end).replace(/\n$/, ''));
        buffer = buffer.slice(end);
      }
    },
  };
}
