import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import type { Document } from 'mongodb'
import { parseExtendedJsonLine } from '../data/ndjson/parse-extended-json-line'

/**
 * Calls `use` with every non-blank line of the first `bytes` bytes of a text file (a workspace's
 * own file, or the checkpointed part of one, so every line is whole).
 */
export async function forEachLineText(
  path: string,
  use: (line: string) => void | Promise<void>,
  bytes = Infinity
): Promise<void> {
  if (bytes <= 0) return
  const stream = createReadStream(path, Number.isFinite(bytes) ? { end: bytes - 1 } : {})
  const lines = createInterface({ input: stream, crlfDelay: Infinity })
  try {
    for await (const line of lines) {
      if (line.trim() !== '') await use(line)
    }
  } finally {
    lines.close()
    stream.destroy()
  }
}

/** Like `forEachLineText`, each line parsed as Extended JSON. */
export async function forEachLineDocument(
  path: string,
  bytes: number,
  use: (document: Document) => void
): Promise<void> {
  await forEachLineText(
    path,
    (line) => {
      use(parseExtendedJsonLine(line) as Document)
    },
    bytes
  )
}
