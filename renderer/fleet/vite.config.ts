import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { sizeBudgetPlugin } from '../local/size-budget.js';

/** The companion server's fleet page, served by server/ at /. */
// eslint-disable-next-line no-restricted-syntax -- Vite reads the config's default export.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [preact(), sizeBudgetPlugin()],
  build: {
    outDir: '../../dist/renderer/fleet',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
  },
});
