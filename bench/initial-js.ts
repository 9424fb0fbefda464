import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

export interface InitialJs {
  /** The scripts the first paint needs: the entry module and what index.html preloads. */
  files: { name: string; bytes: number; gzipBytes: number }[]
  bytes: number
  gzipBytes: number
  /** Every script of the build, lazy chunks included (for context). */
  allScriptsGzipBytes: number
}

/**
 * The JavaScript a cold start downloads before the first screen: index.html's module script and its
 * `modulepreload` links (Vite lists the entry's static imports there). Screens, charts and the graph
 * layout load later, on first use. Sizes gzipped at level 9, as a production server would send them.
 */
export async function measureInitialJs(rendererDir: string): Promise<InitialJs> {
  const html = await readFile(join(rendererDir, 'index.html'), 'utf8')
  const names = new Set<string>()
  for (const match of html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)) names.add(match[1] ?? '')
  for (const match of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)) {
    names.add(match[1] ?? '')
  }
  const files = await Promise.all(
    [...names].filter(Boolean).map(async (name) => {
      const bytes = await readFile(join(rendererDir, name.replace(/^\.?\//, '')))
      return { name, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length }
    })
  )
  const assets = await readdir(join(rendererDir, 'assets'))
  let allScriptsGzipBytes = 0
  for (const asset of assets.filter((name) => name.endsWith('.js'))) {
    allScriptsGzipBytes += gzipSync(await readFile(join(rendererDir, 'assets', asset)), {
      level: 9
    }).length
  }
  return {
    files,
    bytes: files.reduce((sum, file) => sum + file.bytes, 0),
    gzipBytes: files.reduce((sum, file) => sum + file.gzipBytes, 0),
    allScriptsGzipBytes
  }
}
