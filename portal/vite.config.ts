/**
 * The portal build: a static bundle in portal/dist that the local cloud serves on :3000 and the
 * CDK stack deploys to the portal bucket. `npm run portal:dev` adds hot reload on :5173 with the
 * API and config proxied to the running local cloud.
 */
import { defineConfig } from 'vite';
import { appIcons } from './app-icons.ts';
import { importTemplates } from './import-templates.ts';

const localCloud = 'http://127.0.0.1:3000';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [importTemplates(), appIcons()],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // chart.js is loaded on the pages that draw charts, not at boot.
    chunkSizeWarningLimit: 250,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: { '/api': localCloud, '/config.json': localCloud },
  },
});
