import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { sizeBudgetPlugin } from './size-budget.js';

/**
 * The agent's local dashboard. `base: './'` keeps every URL relative, so the same build works
 * on http://127.0.0.1:<port>/ and under the desktop app's custom scheme.
 */
// eslint-disable-next-line no-restricted-syntax -- Vite reads the config's default export.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [preact(), sizeBudgetPlugin()],
  build: {
    outDir: '../../dist/renderer/local',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
  },
});
