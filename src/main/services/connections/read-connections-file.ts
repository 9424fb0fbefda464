import { readFile, stat } from 'node:fs/promises'
import { z } from 'zod'
import type { ConnectionRecord } from './connection-repository'

/** What reading a saved-connections file found. */
export type ReadOutcome =
  | { kind: 'missing' }
  /** Parsed; `skipped` names the entries that are not connections (then the file needs repair). */
  | { kind: 'ok'; records: ConnectionRecord[]; skipped: string[]; text: string; modified: Date }
  | { kind: 'damaged'; reason: string; text: string; modified: Date }

/** A stored connection; unknown fields (from a newer version) are kept, not dropped. */
const recordSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().min(1),
  uriWithoutPassword: z.string().min(1),
  defaultDatabase: z.string().nullable(),
  passwordStorage: z.enum(['safeStorage', 'session', 'none']),
  encryptedPassword: z.string().optional(),
  createdAt: z.string(),
  querySettings: z.unknown().optional()
})

export async function readConnectionsFile(path: string): Promise<ReadOutcome> {
  let text: string
  let modified: Date
  try {
    ;[text, modified] = await Promise.all([
      readFile(path, 'utf8'),
      stat(path).then((info) => info.mtime)
    ])
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' }
    throw error
  }
  if (text.trim() === '') return { kind: 'damaged', reason: 'it is empty', text, modified }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    // Where, not what: the parser's message quotes the file, which is not for a notice.
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1]
    const where = position ? ` from character ${position}` : ''
    return { kind: 'damaged', reason: `it is not valid JSON${where}`, text, modified }
  }
  const list = (parsed as { connections?: unknown } | null)?.connections
  if (!Array.isArray(list)) {
    return { kind: 'damaged', reason: 'it holds no list of connections', text, modified }
  }
  const records: ConnectionRecord[] = []
  const skipped: string[] = []
  list.forEach((entry: unknown, index) => {
    const record = recordSchema.safeParse(entry)
    if (record.success) records.push(record.data as ConnectionRecord)
    else skipped.push(`entry ${String(index + 1)} is not a connection`)
  })
  return { kind: 'ok', records, skipped, text, modified }
}

/**
 * The complete connections in a damaged file's text: every `{...}` object inside the
 * `connections` array that parses and is a connection. A file cut off half-way keeps every
 * connection written before the cut.
 */
export function salvageRecords(text: string): { records: ConnectionRecord[] } {
  const records: ConnectionRecord[] = []
  const start = text.indexOf('[', Math.max(0, text.indexOf('"connections"')))
  if (start < 0) return { records }
  let depth = 0
  let inString = false
  let escaped = false
  let objectStart = -1
  for (let i = start + 1; i < text.length; i++) {
    const char = text[i]
    if (inString) {
      if (escaped) escaped = false
      else if (char === '\\') escaped = true
      else if (char === '"') inString = false
      continue
    }
    if (char === '"') inString = true
    else if (char === '{') {
      if (depth === 0) objectStart = i
      depth++
    } else if (char === '}' && depth > 0) {
      depth--
      if (depth === 0 && objectStart >= 0) {
        const record = parseRecord(text.slice(objectStart, i + 1))
        if (record) records.push(record)
        objectStart = -1
      }
    } else if (char === ']' && depth === 0) break
  }
  return { records }
}

function parseRecord(text: string): ConnectionRecord | null {
  try {
    const record = recordSchema.safeParse(JSON.parse(text))
    return record.success ? (record.data as ConnectionRecord) : null
  } catch {
    return null
  }
}
