import { createWriteStream } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { writeCsv, type CsvWritten, type WriteCsvInput } from './write-csv'

/** The file a CSV is written to until it is complete. */
export function partialPathOf(path: string): string {
  return `${path}.partial`
}

/**
 * Writes a CSV to `NAME.csv.partial` next to `path` and renames it to `path` only once every row is
 * written and flushed. On failure or cancel the partial file is removed and the error (a
 * CsvWriteError saying how many rows were written) is rethrown: there is never a half file at
 * `path`. A file already at `path` is replaced only by a complete one.
 */
export async function writeCsvFile(path: string, input: WriteCsvInput): Promise<CsvWritten> {
  const partial = partialPathOf(path)
  const output = createWriteStream(partial, { flags: 'w' })
  try {
    const written = await writeCsv(output, { ...input, keepOutputOpen: false })
    await rename(partial, path)
    return written
  } catch (error) {
    output.destroy()
    await rm(partial, { force: true })
    throw error
  }
}
