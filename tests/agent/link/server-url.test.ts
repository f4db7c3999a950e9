import { describe, expect, it } from 'vitest';
import { parseServerUrl } from '../../../src/agent/link/server-url.js';

describe('parseServerUrl', () => {
  it.each([
    ['https://fleet.example.com', 'https://fleet.example.com'],
    ['https://fleet.example.com/', 'https://fleet.example.com'],
    ['  http://10.0.0.5:8080  ', 'http://10.0.0.5:8080'],
    ['https://example.com/dashfleet/', 'https://example.com/dashfleet'],
    ['HTTPS://Fleet.Example.COM:443', 'https://fleet.example.com'],
    ['http://[::1]:9000', 'http://[::1]:9000'],
  ])('accepts %j as %j', (text, canonical) => {
    expect(parseServerUrl(text)).toEqual({ ok: true, value: canonical });
  });

  it.each([
    '',
    'fleet.example.com',
    'ftp://fleet.example.com',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'ws://fleet.example.com',
    'https://user:pass@fleet.example.com',
    'https://fleet.example.com/?token=x',
    'https://fleet.example.com/#x',
    'https://',
  ])('refuses %j with one sentence', (text) => {
    const result = parseServerUrl(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).not.toContain('\n');
  });
});
