import { resolve } from 'node:path'
import { defineConfig } from 'vite'

// The browser tracker: one classic script (IIFE) with no dependencies, built apart from the app's
// bundles (`npm run build` runs this after electron-vite) so nothing of the renderer reaches it.
export default defineConfig({
  build: {
    outDir: resolve(__dirname, 'out/tracker'),
    emptyOutDir: true,
    target: 'es2020',
    minify: true,
    sourcemap: false,
    lib: {
      entry: resolve(__dirname, 'src/tracker/main.ts'),
      formats: ['iife'],
      name: 'journeyTracker',
      fileName: () => 'journey-tracker.js'
    }
  }
})
