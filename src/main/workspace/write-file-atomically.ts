import { open, rename, rm } from 'node:fs/promises'

/** Writes a whole file through `<path>.<pid>.partial`, synced, then renamed over `path`. */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  const partial = `${path}.${process.pid}.partial`
  const file = await open(partial, 'w')
  try {
    await file.writeFile(text)
    await file.sync()
    await file.close()
    await rename(partial, path)
  } catch (error) {
    await file.close().catch(() => undefined)
    await rm(partial, { force: true })
    throw error
  }
}
