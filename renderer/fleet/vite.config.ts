import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { localeNamespacesPlugin } from '../locale-namespaces.js';
import { sizeBudgetPlugin } from '../local/size-budget.js';

/** The companion server's fleet page, served by server/ at /. */
/** The locale namespaces this page's text comes from (tests/renderer checks none is missing). */
export const PAGE_NAMESPACES = [
  'cards',
  'common',
  'fleet',
  'health',
  'history',
  'overview',
  'thisPc',
];

// eslint-disable-next-line no-restricted-syntax -- Vite reads the config's default export.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [preact(), localeNamespacesPlugin(PAGE_NAMESPACES), sizeBudgetPlugin()],
  build: {
    outDir: '../../dist/renderer/fleet',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
  },
});
