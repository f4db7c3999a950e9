import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createNodeNotifier,
  toNodeNotifierOptions,
} from '../../../src/agent/notify/node-notifier.js';

/**
 * On Linux the notifier runs notify-send itself (no node-notifier, no shell): a notify-send
 * first on PATH records the arguments it was given (the true edge: what reaches the
 * notification daemon over D-Bus is checked end to end elsewhere).
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashfleet-notify-'));
const argvFile = path.join(dir, 'argv.json');
const pwned = path.join(dir, 'pwned');
const savedPath = process.env.PATH;

beforeAll(() => {
  const fake = path.join(dir, 'notify-send');
  fs.writeFileSync(
    fake,
    `#!${process.execPath}\n` +
      `const fs = require('node:fs');\n` +
      `fs.writeFileSync(${JSON.stringify(argvFile)}, JSON.stringify(process.argv.slice(2)));\n` +
      `if (process.argv.includes('FAIL')) { console.error('daemon unavailable'); process.exit(1); }\n`,
    { mode: 0o755 },
  );
  process.env.PATH = `${dir}${path.delimiter}${savedPath ?? ''}`;
});

afterAll(() => {
  process.env.PATH = savedPath;
  fs.rmSync(dir, { recursive: true, force: true });
});

const recordedArgv = (): string[] => JSON.parse(fs.readFileSync(argvFile, 'utf8')) as string[];

describe.runIf(process.platform === 'linux')('createNodeNotifier on Linux', () => {
  it('calls notify-send with fixed options, then `--`, the title and the escaped body', async () => {
    const notifier = createNodeNotifier();

    await notifier.notify({
      title: 'Message from IT: Printer',
      body: 'Floor 2 <b>now</b> & later',
      urgency: 'critical',
    });

    expect(recordedArgv()).toEqual([
      '--app-name=DashFleet',
      '--urgency=critical',
      '--expire-time=10000',
      '--',
      'Message from IT: Printer',
      'Floor 2 &lt;b&gt;now&lt;/b&gt; &amp; later',
    ]);
  });

  it.each([
    ['an option', '--icon=/etc/passwd'],
    ['another option', '--expire-time=0'],
    ['a command substitution in quotes', '"$(id)"'],
    ['a lone dash', '-u'],
  ])('hands a body that looks like %s over as the text after `--`', async (_, body) => {
    const notifier = createNodeNotifier();

    await notifier.notify({ title: '--app-name=Bank', body, urgency: 'normal' });

    const argv = recordedArgv();
    expect(argv.slice(0, 4)).toEqual([
      '--app-name=DashFleet',
      '--urgency=normal',
      '--expire-time=10000',
      '--',
    ]);
    expect(argv.slice(4)).toEqual(['--app-name=Bank', body.replaceAll('"', '&quot;')]);
  });

  it('hands shell syntax to notify-send as text, never running it', async () => {
    const notifier = createNodeNotifier();
    const title = `$(touch ${pwned}) \`touch ${pwned}\` "; touch ${pwned}; echo "`;

    await notifier.notify({ title, body: `; touch ${pwned} $(touch ${pwned})`, urgency: 'normal' });

    expect(recordedArgv().slice(-2)).toEqual([title, `; touch ${pwned} $(touch ${pwned})`]);
    expect(fs.existsSync(pwned)).toBe(false);
  });

  it('sends the title alone when nothing is left of the body', async () => {
    const notifier = createNodeNotifier();

    await notifier.notify({ title: 'Restart cancelled', body: '\u0000 ', urgency: 'low' });

    expect(recordedArgv().slice(3)).toEqual(['--', 'Restart cancelled']);
  });

  it('rejects with what notify-send said when it fails', async () => {
    const notifier = createNodeNotifier();

    await expect(notifier.notify({ title: 'FAIL', body: 'x', urgency: 'low' })).rejects.toThrow(
      'notify-send failed: exit status 1: daemon unavailable',
    );
  });

  it('never loads node-notifier', async () => {
    let loads = 0;
    const notifier = createNodeNotifier({
      load: () => {
        loads++;
        return Promise.reject(new Error('not on Linux'));
      },
    });

    await notifier.notify({ title: 'T', body: 'B', urgency: 'low' });

    expect(loads).toBe(0);
  });
});

describe('createNodeNotifier on Windows and macOS', () => {
  it('hands node-notifier the options once it is loaded, on the first notification', async () => {
    const calls: Array<Record<string, unknown>> = [];
    let loads = 0;
    const notifier = createNodeNotifier({
      platform: 'win32',
      appId: 'com.dashfleet.agent',
      load: () => {
        loads++;
        return Promise.resolve({
          notify(options, callback) {
            calls.push(options);
            callback(null);
          },
        });
      },
    });
    expect(loads).toBe(0);

    await notifier.notify({ title: 'T', body: '--icon=x <i>', urgency: 'normal' });
    await notifier.notify({ title: 'T2', body: 'B2', urgency: 'low' });

    expect(loads).toBe(1);
    expect(calls[0]).toEqual({
      title: 'T',
      message: '--icon=x <i>',
      urgency: 'normal',
      wait: false,
      'app-name': 'DashFleet',
      appID: 'com.dashfleet.agent',
    });
  });
});

describe('toNodeNotifierOptions', () => {
  it('does not wait for a click, and passes the text as plain text where no markup is read', () => {
    const request = { title: 'A & B', body: '<i>x</i>', urgency: 'normal' as const };

    expect(toNodeNotifierOptions(request, { platform: 'darwin', appName: 'DashFleet' })).toEqual({
      title: 'A & B',
      message: '<i>x</i>',
      urgency: 'normal',
      wait: false,
      'app-name': 'DashFleet',
    });
    expect(
      toNodeNotifierOptions(request, {
        platform: 'win32',
        appName: 'DashFleet',
        appId: 'com.dashfleet.agent',
      }),
    ).toMatchObject({ message: '<i>x</i>', appID: 'com.dashfleet.agent', wait: false });
  });

  it('never hands node-notifier an empty message (it refuses one)', () => {
    const options = toNodeNotifierOptions(
      { title: 'T', body: '\u0000', urgency: 'low' },
      { platform: 'win32', appName: 'DashFleet' },
    );

    expect(options['message']).toBe(' ');
  });
});
