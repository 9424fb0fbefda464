import { existsSync, readdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { EventRangeSnapshot } from './columns/event-range-snapshot'
import type { EventsRangeMessage, EventsRangeRequest } from './events-range-messages'

/** A range of the events file being loaded in a worker thread. */
export interface EventsRangeThread {
  /** The range's columns, or null when the worker failed (the caller then reads the range). */
  result: Promise<EventRangeSnapshot | null>
  /** Ends the worker (on cancel or when the caller fails first). */
  stop(): void
}

const here = dirname(fileURLToPath(import.meta.url))

/** The newest modification time under a folder (as bin/cli-bundle.mjs walks it for the CLI). */
function newestChange(folder: string): number {
  let latest = 0
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs)
  }
  return latest
}

/** From the sources: out/main's worker when `npm run build` made it after their last change. */
function freshBuiltWorker(source: string): string | null {
  const root = join(dirname(source), '..', '..', '..', '..')
  const built = join(root, 'out', 'main', 'events-range-worker.js')
  if (!existsSync(built)) return null
  const builtAt = statSync(built).mtimeMs
  const fresh = ['src/main', 'src/shared'].every((f) => newestChange(join(root, f)) <= builtAt)
  return fresh ? built : null
}

/**
 * The worker: the built script beside the bundle (out/main, reached from a chunk or an entry); from
 * the sources, the built one when fresh (it starts in a fraction of the time), else the TypeScript
 * source imported through tsx's API (Node 20 does not apply the hooks of `--import tsx` to a
 * worker's entry).
 */
function workerScript(): { path: string } | { code: string } | null {
  for (const path of [
    join(here, 'events-range-worker.js'),
    join(here, '..', 'events-range-worker.js')
  ]) {
    if (existsSync(path)) return { path }
  }
  const source = join(here, 'events-range-worker.ts')
  if (!existsSync(source)) return null
  try {
    const built = freshBuiltWorker(source)
    if (built) return { path: built }
    // The ESM entry of tsx's API (`require.resolve` gives its CommonJS twin).
    const api = createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs')
    const [apiUrl, sourceUrl] = [pathToFileURL(api).href, pathToFileURL(source).href]
    return {
      code: `import(${JSON.stringify(apiUrl)}).then((tsx) => tsx.tsImport(${JSON.stringify(sourceUrl)}, ${JSON.stringify(sourceUrl)}))`
    }
  } catch {
    return null
  }
}

/**
 * Starts loading `[start, end)` of a plain events file in a worker thread; null when no worker
 * script is at hand (the caller reads the range itself). `onProgress` gets the range's bytes read.
 */
export function startEventsRangeThread(
  request: EventsRangeRequest,
  onProgress: (bytesRead: number) => void
): EventsRangeThread | null {
  const script = workerScript()
  if (!script) return null
  let worker: Worker
  try {
    worker =
      'path' in script
        ? new Worker(script.path, { workerData: request })
        : new Worker(script.code, { eval: true, workerData: request })
  } catch {
    return null
  }
  const result = new Promise<EventRangeSnapshot | null>((resolve) => {
    worker.on('message', (message: EventsRangeMessage) => {
      if (message.kind === 'progress') onProgress(message.bytesRead)
      else resolve(message.kind === 'done' ? message.range : null)
    })
    worker.on('error', () => {
      resolve(null)
    })
    worker.on('exit', () => {
      resolve(null)
    })
  })
  return {
    result: result.finally(() => void worker.terminate()),
    stop: () => void worker.terminate()
  }
}
