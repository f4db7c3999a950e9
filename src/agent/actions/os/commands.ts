/** One fixed command: a program and its arguments, never a shell line. */
export interface OsCommand {
  file: string;
  args: readonly string[];
}

export interface CommandStep {
  command: OsCommand;
  /** The plan goes on when this step fails (stopping a service that is already stopped). */
  mayFail?: boolean;
}

/**
 * How a task's commands run: `each` runs every step in order and fails at the first failing
 * step that may not fail; `first-that-works` tries alternatives until one succeeds.
 */
export interface CommandPlan {
  mode: 'each' | 'first-that-works';
  steps: readonly CommandStep[];
}

/** The fixed commands of one OS; null where the OS has no such task. */
export interface OsCommands {
  flushDns: CommandPlan | null;
  restartPrintSpooler: CommandPlan | null;
  reboot: OsCommand | null;
}

const command = (file: string, ...args: string[]): OsCommand => ({ file, args });

const WINDOWS: OsCommands = {
  flushDns: { mode: 'each', steps: [{ command: command('ipconfig', '/flushdns') }] },
  restartPrintSpooler: {
    mode: 'each',
    // `net stop` fails when the spooler is already stopped; starting it is what matters.
    steps: [
      { command: command('net', 'stop', 'spooler'), mayFail: true },
      { command: command('net', 'start', 'spooler') },
    ],
  },
  reboot: command('shutdown', '/r', '/t', '0', '/c', 'DashFleet restart'),
};

const MACOS: OsCommands = {
  flushDns: {
    mode: 'each',
    steps: [
      { command: command('dscacheutil', '-flushcache') },
      { command: command('killall', '-HUP', 'mDNSResponder') },
    ],
  },
  restartPrintSpooler: null,
  reboot: command('shutdown', '-r', 'now'),
};

const LINUX: OsCommands = {
  flushDns: {
    mode: 'first-that-works',
    // systemd-resolve is the name resolvectl had before systemd 239.
    steps: [
      { command: command('resolvectl', 'flush-caches') },
      { command: command('systemd-resolve', '--flush-caches') },
    ],
  },
  restartPrintSpooler: null,
  reboot: command('systemctl', 'reboot'),
};

const NONE: OsCommands = { flushDns: null, restartPrintSpooler: null, reboot: null };

/** The command table of a platform (process.platform values). */
export function commandsFor(platform: string): OsCommands {
  switch (platform) {
    case 'win32':
      return WINDOWS;
    case 'darwin':
      return MACOS;
    case 'linux':
      return LINUX;
    default:
      return NONE;
  }
}

/** `shutdown /r /t 0 /c "DashFleet restart"`: how a command reads in a log line. */
export function displayCommand(cmd: OsCommand): string {
  return [cmd.file, ...cmd.args]
    .map((part) => (part === '' || /[\s"'\\$`;&|<>()]/.test(part) ? JSON.stringify(part) : part))
    .join(' ');
}
