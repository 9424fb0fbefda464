import { copyFile, mkdir, open, readFile, rename, rm } from 'node:fs/promises'
import { basename, dirname, extname, join } from 'node:path'

/** What a settings file holds: nothing yet, bytes that are not JSON, or a parsed document. */
export type JsonDocumentRead =
  | { kind: 'missing' }
  | { kind: 'unreadable'; reason: string }
  | { kind: 'document'; value: unknown }

/** Reads and parses a JSON settings file; a missing file and broken JSON are answers, not throws. */
export async function readJsonDocument(file: string): Promise<JsonDocumentRead> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' }
    throw error
  }
  try {
    return { kind: 'document', value: JSON.parse(text) as unknown }
  } catch (error) {
    return { kind: 'unreadable', reason: error instanceof Error ? error.message : String(error) }
  }
}

/**
 * Writes JSON to `<file>.partial`, flushes it to disk and renames it over `file`, so a crash or a
 * full disk leaves the old file or the new one, never half of one.
 */
export async function writeJsonDocumentAtomically(
  file: string,
  value: unknown,
  options: { mode?: number } = {}
): Promise<void> {
  await mkdir(dirname(file), { recursive: true })
  const partial = `${file}.partial`
  const handle = await open(partial, 'w', options.mode ?? 0o644)
  try {
    await handle.writeFile(`${JSON.stringify(value, null, 2)}\n`, 'utf8')
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    await rename(partial, file)
  } catch (error) {
    await rm(partial, { force: true })
    throw error
  }
}

/**
 * Copies `file` beside itself as `<name>.backup-<time><ext>` (never overwriting an older backup) and
 * returns the copy's path.
 */
export async function keepBackupCopy(file: string, now: Date = new Date()): Promise<string> {
  const extension = extname(file)
  const stem = basename(file, extension)
  const stamp = now.toISOString().replace(/[:.]/g, '-')
  for (let attempt = 0; ; attempt++) {
    const suffix = attempt === 0 ? '' : `-${String(attempt)}`
    const backup = join(dirname(file), `${stem}.backup-${stamp}${suffix}${extension}`)
    try {
      // COPYFILE_EXCL: fail rather than replace a backup made in the same millisecond.
      await copyFile(file, backup, 1)
      return backup
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 99) throw error
    }
  }
}
