/**
 * Renderer build: React + a locally bundled Monaco (never a CDN). `base: './'` so the same
 * output loads from Electron's file:// and from the bridge's http://127.0.0.1.
 */
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * dockerfile-ast (under shared/'s parser) calls `Buffer.from(char, "UTF-8")` once per parse to
 * spot a UTF-8 BOM. Browsers have no Buffer, and a global shim would fool other libraries that
 * feature-test `Buffer`; so rewrite that one call, in that one file, to TextEncoder.
 */
function dockerfileAstWithoutBuffer(): Plugin {
  return {
    name: 'whittle:dockerfile-ast-without-buffer',
    transform(code, id) {
      if (!/dockerfile-ast[\\/]lib[\\/]util\.js$/.test(id)) return null;
      const out = code.replace('Buffer.from(char, "UTF-8")', 'new TextEncoder().encode(char)');
      if (out === code) this.error('dockerfile-ast changed: Buffer.from call not found in lib/util.js');
      return { code: out, map: null };
    },
  };
}

export default defineConfig({
  root,
  base: './',
  plugins: [react(), dockerfileAstWithoutBuffer()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Monaco's core alone is ~2 MB minified; the warning would only be noise.
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      output: {
        // Monaco in its own chunk so an app change keeps it cached. The chart is split off by
        // its dynamic import (a manual chunk for it would drag shared React helpers along).
        manualChunks(id) {
          if (id.includes('node_modules/monaco-editor')) return 'monaco';
          return undefined;
        },
      },
    },
  },
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
});
