import { describe, expect, it } from 'vitest';
import {
  enrollCommand,
  quotePosix,
  quotePowerShell,
} from '../../../renderer/fleet/enroll-commands.js';

describe('enrol commands', () => {
  it('gives the headless command for each OS', () => {
    const url = 'https://fleet.example.org:8443';
    expect(enrollCommand('linux', url, 'tok_AbC-123')).toBe(
      'sudo dashfleet-agent enroll --server https://fleet.example.org:8443 --token tok_AbC-123',
    );
    expect(enrollCommand('macos', url, 'tok')).toMatch(/^sudo dashfleet-agent enroll /);
    expect(enrollCommand('windows', url, 'tok')).toBe(
      'dashfleet-agent enroll --server https://fleet.example.org:8443 --token tok',
    );
  });

  it('quotes anything a shell would split or expand', () => {
    expect(quotePosix("it's $HOME")).toBe(`'it'\\''s $HOME'`);
    expect(quotePowerShell("it's $env:X")).toBe("'it''s $env:X'");
    expect(quotePosix('plain')).toBe('plain');
  });
});
