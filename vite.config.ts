import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('./renderer', import.meta.url));
const dataDir = fileURLToPath(new URL('./data', import.meta.url));

// The renderer is one web page shared by the Electron shell and the plain web build;
// `base: './'` keeps every asset URL relative so it loads under app:// and http:// alike.
export default defineConfig({
  root,
  base: './',
  publicDir: dataDir,
  plugins: [react()],
  // React's profiling entry, so the e2e runs can count commits with <Profiler> (app/render-profile.tsx).
  resolve: { alias: [{ find: /^react-dom\/client$/, replacement: 'react-dom/profiling' }] },
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
    target: 'es2022',
  },
  server: { port: 5173, strictPort: false },
});
