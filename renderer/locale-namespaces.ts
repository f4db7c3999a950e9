import type { Plugin } from 'vite';

/**
 * Every locale file holds the text of every program (agent CLI, tray, notifications, both
 * pages). A page ships only the top-level namespaces it uses: the rest would be downloaded,
 * in four languages, and never shown. Runs before Vite's own JSON handling.
 */
export function localeNamespacesPlugin(namespaces: readonly string[]): Plugin {
  const keep = new Set(namespaces);
  return {
    name: 'dashfleet-locale-namespaces',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]locales[\\/][a-z]{2}\.json$/.test(id)) return null;
      const all = JSON.parse(code) as Record<string, unknown>;
      const missing = [...keep].filter((namespace) => !(namespace in all));
      if (missing.length > 0) this.error(`${id} has no namespace ${missing.join(', ')}`);
      const kept = Object.fromEntries(Object.entries(all).filter(([name]) => keep.has(name)));
      return { code: JSON.stringify(kept), map: null };
    },
  };
}
