import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { generateDemoFolder, type DemoFolderResult } from './generate-demo-folder'

/** The demo workspace shipped in `resources/demo`: regenerate it only by changing these. */
export const BUNDLED_DEMO = {
  seed: 42,
  users: 1500,
  idKind: 'string',
  gzip: true,
  gzipLevel: 9
} as const

export const BUNDLED_DEMO_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  '..',
  'resources',
  'demo'
)

/** (Re)writes `users`, `sessions` and `events` `.ndjson.gz` of the bundled demo. */
export function generateBundledDemo(outDir: string = BUNDLED_DEMO_DIR): Promise<DemoFolderResult> {
  return generateDemoFolder({ outDir, ...BUNDLED_DEMO })
}

// `npx tsx src/main/data/generate-bundled-demo.ts`
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = Date.now()
  const result = await generateBundledDemo()
  console.log(
    `Wrote ${result.counts.users} users, ${result.counts.sessions} sessions, ` +
      `${result.counts.events} events to ${BUNDLED_DEMO_DIR} in ${Date.now() - started} ms`
  )
}
