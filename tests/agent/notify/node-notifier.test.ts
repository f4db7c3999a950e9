import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createNodeNotifier,
  toNodeNotifierOptions,
} from '../../../src/agent/notify/node-notifier.js';

/**
 * The real node-notifier module on Linux, with a notify-send first on PATH that records the
 * arguments it was given (the true edge: what reaches the notification daemon over D-Bus is
 * checked end to end elsewhere).
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
  it('calls notify-send with the title, the escaped body, the urgency and the app name', async () => {
    const notifier = createNodeNotifier();

    await notifier.notify({
      title: 'Message from IT: Printer',
      body: 'Floor 2 <b>now</b> & later',
      urgency: 'critical',
    });

    const argv = recordedArgv();
    expect(argv.slice(0, 2)).toEqual([
      'Message from IT: Printer',
      'Floor 2 &lt;b&gt;now&lt;/b&gt; &amp; later',
    ]);
    expect(argv).toEqual(
      expect.arrayContaining(['--urgency', 'critical', '--app-name', 'DashFleet']),
    );
  });

  it('hands shell syntax to notify-send as text, never running it', async () => {
    const notifier = createNodeNotifier();
    const title = `$(touch ${pwned}) \`touch ${pwned}\` "; touch ${pwned}; echo "`;

    await notifier.notify({ title, body: `; touch ${pwned} $(touch ${pwned})`, urgency: 'normal' });

    expect(recordedArgv()[0]).toBe(title);
    expect(recordedArgv()[1]).toBe(`; touch ${pwned} $(touch ${pwned})`);
    expect(fs.existsSync(pwned)).toBe(false);
  });

  it('rejects when notify-send fails', async () => {
    const notifier = createNodeNotifier();

    await expect(notifier.notify({ title: 'FAIL', body: 'x', urgency: 'low' })).rejects.toThrow();
  });
});

describe('toNodeNotifierOptions', () => {
  it('does not wait for a click, and escapes the body only where markup is rendered', () => {
    const request = { title: 'A & B', body: '<i>x</i>', urgency: 'normal' as const };

    expect(toNodeNotifierOptions(request, { platform: 'linux', appName: 'DashFleet' })).toEqual({
      title: 'A & B',
      message: '&lt;i&gt;x&lt;/i&gt;',
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
      { platform: 'linux', appName: 'DashFleet' },
    );

    expect(options['message']).toBe(' ');
  });
});
