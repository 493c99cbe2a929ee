// The explorer UI is a static site: `npm run build` (or ensureUiBuild() from
// server/ui-build.ts) writes dist/explorer-ui at the repo root, which opens
// from any static server, from `wsx serve`, or straight from disk (base './').

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const uiRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root: uiRoot,
  base: './',
  plugins: [react()],
  // The app imports engine/ from outside its root; the dev server may read it.
  server: { fs: { allow: [repoRoot] } },
  // The decoder's worker (features/decoder/decode-worker.ts) is an ES module, as it is constructed.
  worker: { format: 'es' },
  build: {
    outDir: `${repoRoot}dist/explorer-ui`,
    emptyOutDir: true,
    // One small app: a single chunk keeps the static build simple to serve.
    chunkSizeWarningLimit: 1024,
  },
});
