// The explorer UI is a static site: `npm run build` (or ensureUiBuild() from
// server/ui-build.ts) writes dist/explorer-ui at the repo root, which opens
// from any static server, from `wsx serve`, or straight from disk.
//
// Straight from disk (file://) a page has an opaque origin, and Chromium
// fetches module scripts, and anything marked crossorigin, with CORS, which
// file:// URLs cannot answer: a default Vite build is a blank page there. So
// the build is one classic script (format 'iife', loaded with defer, as a
// module script would be) and one stylesheet, both without crossorigin, all
// addressed relative to index.html (base './'). The app must stay one chunk:
// an iife cannot be split, so no dynamic import().
//
// The decoder's Web Worker stays a module worker beside the app. From
// file:// the browser refuses to start it, and decode-off-thread.ts decodes
// large inputs on the main thread instead.

import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const uiRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * Rewrites the tags Vite writes into index.html for the built app: the
 * script becomes a classic deferred one, and neither it nor the stylesheet
 * asks for CORS. A tag this cannot rewrite fails the build rather than
 * shipping a page that is blank from disk.
 */
function loadableFromDisk(): Plugin {
  return {
    name: 'wsx:loadable-from-disk',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const rewritten = html
          .replace(/<script\b([^>]*)>/g, (_, attributes: string) => {
            if (!/\btype="module"/.test(attributes)) return `<script${attributes}>`;
            return `<script defer${withoutAttributes(attributes, ['type', 'crossorigin'])}>`;
          })
          .replace(/<link\b([^>]*)>/g, (_, attributes: string) => `<link${withoutAttributes(attributes, ['crossorigin'])}>`);
        if (/type="module"|\bcrossorigin\b|rel="modulepreload"/.test(rewritten)) {
          throw new Error('index.html still loads a module script or a CORS resource, which a page opened from file:// cannot');
        }
        return rewritten;
      },
    },
  };
}

function withoutAttributes(attributes: string, names: string[]): string {
  return names.reduce((rest, name) => rest.replace(new RegExp(`\\s+${name}(?:="[^"]*")?(?=[\\s/>]|$)`, 'g'), ''), attributes);
}

export default defineConfig({
  root: uiRoot,
  base: './',
  plugins: [react(), loadableFromDisk()],
  // The app imports engine/ from outside its root; the dev server may read it.
  server: { fs: { allow: [repoRoot] } },
  // The decoder's worker (features/decoder/decode-worker.ts) is an ES module, as it is constructed.
  worker: { format: 'es' },
  build: {
    outDir: `${repoRoot}dist/explorer-ui`,
    emptyOutDir: true,
    // One small app: a single chunk keeps the static build simple to serve.
    chunkSizeWarningLimit: 1024,
    // A classic script, not a module: see the top of this file.
    rolldownOptions: { output: { format: 'iife' } },
    // No module preloads to polyfill in a classic script.
    modulePreload: false,
    // One stylesheet linked from index.html; split per chunk, an iife build would inject CSS from the script instead.
    cssCodeSplit: false,
  },
});
