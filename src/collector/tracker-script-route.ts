import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { RequestHandler } from 'express'

/** Where `npm run build` writes the tracker. */
export const BUILT_TRACKER_PATH = fileURLToPath(
  new URL('../../out/tracker/journey-tracker.js', import.meta.url)
)

/** `GET /tracker.js`: the built tracker, so a shop's tag can load it from the collector itself. */
export function trackerScript(path: string = BUILT_TRACKER_PATH): RequestHandler {
  return (_request, response) => {
    if (!existsSync(path)) {
      response.status(404).json({ error: 'The tracker is not built: run npm run build.' })
      return
    }
    response.set('Cache-Control', 'public, max-age=300')
    response.type('application/javascript').sendFile(path)
  }
}
