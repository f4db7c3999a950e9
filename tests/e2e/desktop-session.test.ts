import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DesktopSession, NotifyCall } from '../helpers/desktop-session.js';
import { createNotifyParser, startDesktopSession } from '../helpers/desktop-session.js';

const run = promisify(execFile);

describe('the desktop session the notification tests run on', () => {
  let desktop: DesktopSession;
  beforeAll(async () => {
    desktop = await startDesktopSession();
  });
  afterAll(async () => {
    await desktop?.stop();
  });

  it('sees a real Notify call that notify-send makes, markup and line breaks as sent', async () => {
    await run('notify-send', ['-a', 'Probe', 'Title <b>x</b>', 'line1 &lt;b&gt;\nline2 "q"'], {
      env: { ...process.env, ...desktop.env },
    });
    const call = await desktop.waitForNotify((c) => c.appName === 'Probe');
    expect(call).toEqual({
      appName: 'Probe',
      summary: 'Title <b>x</b>',
      body: 'line1 &lt;b&gt;\nline2 "q"',
    });
  });
});

describe('createNotifyParser', () => {
  const output = [
    'signal time=1 sender=org.freedesktop.DBus -> destination=:1.1 serial=2 path=/org/freedesktop/DBus; interface=org.freedesktop.DBus; member=NameAcquired',
    '   string ":1.1"',
    'method call time=2 sender=:1.2 -> destination=:1.0 serial=9 path=/org/freedesktop/Notifications; interface=org.freedesktop.Notifications; member=Notify',
    '   string "App"',
    '   uint32 0',
    '   string ""',
    '   string "Summary"',
    '   string "two',
    'lines"',
    '   array [',
    '   ]',
    '   array [',
    '      dict entry(',
    '         string "urgency"',
    '         variant             byte 1',
    '      )',
    '   ]',
    '   int32 -1',
    '',
  ].join('\n');

  it('reads a call however the output is cut into chunks, without waiting for the next one', () => {
    for (const size of [1, 7, 40, output.length]) {
      const calls: NotifyCall[] = [];
      const parser = createNotifyParser((call) => calls.push(call));
      for (let i = 0; i < output.length; i += size) parser.push(output.slice(i, i + size));
      expect(calls).toEqual([{ appName: 'App', summary: 'Summary', body: 'two\nlines' }]);
    }
  });

  it('ignores calls other than Notify', () => {
    const calls: NotifyCall[] = [];
    const parser = createNotifyParser((call) => calls.push(call));
    parser.push(output.replace('member=Notify', 'member=GetServerInformation'));
    expect(calls).toEqual([]);
  });
});
