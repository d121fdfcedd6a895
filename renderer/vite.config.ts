/**
 * Renderer build: React + a locally bundled Monaco (never a CDN). `base: './'` so the same
 * output loads from Electron's file:// and from the bridge's http://127.0.0.1.
 */
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Monaco's core alone is ~2 MB minified; the warning would only be noise.
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      output: {
        // Keep Monaco and the chart in their own chunks so a change in app code keeps them cached.
        manualChunks(id) {
          if (id.includes('node_modules/monaco-editor')) return 'monaco';
          if (id.includes('node_modules/recharts') || id.includes('node_modules/d3-')) return 'charts';
          return undefined;
        },
      },
    },
  },
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
});
