import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../locales/en.json' with { type: 'json' };
import { PAGE_NAMESPACES as FLEET_NAMESPACES } from '../../renderer/fleet/vite.config.js';
import { PAGE_NAMESPACES as LOCAL_NAMESPACES } from '../../renderer/local/vite.config.js';
import { localeNamespacesPlugin } from '../../renderer/locale-namespaces.js';

const ROOT = resolve(import.meta.dirname, '../..');
const NAMESPACES = Object.keys(en);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Namespaces of every `'<namespace>.<key>'` literal in a page's code and what it shares. */
function namespacesUsedBy(page: string): string[] {
  const files = [
    ...sources(join(ROOT, 'renderer', page)),
    ...sources(join(ROOT, 'renderer/ui')),
    ...sources(join(ROOT, 'src/shared')),
  ];
  const pattern = new RegExp(`['"\`](${NAMESPACES.join('|')})\\.[a-zA-Z]`, 'g');
  const used = new Set<string>();
  for (const file of files) {
    for (const match of readFileSync(file, 'utf8').matchAll(pattern)) used.add(match[1] as string);
  }
  return [...used].sort();
}

describe('each page ships the locale namespaces its text comes from', () => {
  it.each([
    ['fleet', FLEET_NAMESPACES],
    ['local', LOCAL_NAMESPACES],
  ])('%s: every namespace its code names is kept', (page, kept) => {
    const used = namespacesUsedBy(page);
    expect(used.length).toBeGreaterThan(3);
    expect(used.filter((namespace) => !kept.includes(namespace))).toEqual([]);
  });

  it('keeps only the chosen namespaces, and refuses one that does not exist', () => {
    const plugin = localeNamespacesPlugin(['common']);
    const transform = plugin.transform as (code: string, id: string) => { code: string } | null;
    const errors: string[] = [];
    const context = { error: (message: string) => errors.push(message) };
    const code = JSON.stringify({ common: { ok: 'OK' }, tray: { quit: 'Quit' } });
    expect(transform.call(context, code, '/x/locales/en.json')?.code).toBe(
      '{"common":{"ok":"OK"}}',
    );
    expect(transform.call(context, code, '/x/renderer/data.json')).toBeNull();
    (localeNamespacesPlugin(['nope']).transform as typeof transform).call(
      context,
      code,
      '/x/locales/fr.json',
    );
    expect(errors).toEqual(['/x/locales/fr.json has no namespace nope']);
  });
});
