import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { localeNamespacesPlugin } from '../locale-namespaces.js';
import { sizeBudgetPlugin } from './size-budget.js';

/**
 * The agent's local dashboard. `base: './'` keeps every URL relative, so the same build works
 * on http://127.0.0.1:<port>/ and under the desktop app's custom scheme.
 */
/** The locale namespaces this page's text comes from (tests/renderer checks none is missing). */
export const PAGE_NAMESPACES = [
  'app',
  'cards',
  'common',
  'health',
  'history',
  'inbox',
  'link',
  'local',
  'nav',
  'overview',
  'restart',
  'settings',
  'thisPc',
];

// eslint-disable-next-line no-restricted-syntax -- Vite reads the config's default export.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [preact(), localeNamespacesPlugin(PAGE_NAMESPACES), sizeBudgetPlugin()],
  build: {
    outDir: '../../dist/renderer/local',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
  },
});
