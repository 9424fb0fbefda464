import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

export default defineConfig({
  main: {
    build: {
      externalizeDeps: { exclude: ['zod', 'csv-stringify'] },
      rollupOptions: {
        input: {
          // The Electron main process, and the web mode's server (the same services, no Electron).
          index: resolve(__dirname, 'src/main/index.ts'),
          web: resolve(__dirname, 'src/main/web/start-web.ts'),
          // The journey command line, prebuilt so a command starts without transforming TypeScript.
          cli: resolve(__dirname, 'src/main/cli/cli-entry.ts'),
          // The worker thread that reads the tail of a big events file on a first open.
          'events-range-worker': resolve(__dirname, 'src/main/engine/local/events-range-worker.ts')
        }
      }
    }
  },
  preload: {
    // A sandboxed preload cannot load ES modules or node_modules: bundle everything into one CJS file.
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      // Smaller and faster to parse: web mode must be usable within 1.5 s of start.
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } }
    }
  }
})
