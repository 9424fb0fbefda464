import { AppError } from '../../../shared/errors'
import type {
  EventDocument,
  SessionDocument,
  UserDocument
} from '../../../shared/journeys/documents'
import type { CollectionName } from './collection-files'
import { describeShapeProblem } from './document-shape'
import { describeJsonError } from './describe-json-error'
import { ExtendedJsonValueError, parseExtendedJsonLine } from './parse-extended-json-line'
import { readTextLines } from './read-text-lines'

export interface NdjsonRecord<T> {
  document: T
  /** 1-based line number of the document in the file. */
  line: number
  /** Bytes read from disk so far (compressed bytes for `.gz`), for progress against the file size. */
  bytesRead: number
}

export interface CollectionDocumentTypes {
  users: UserDocument
  sessions: SessionDocument
  events: EventDocument
}

export interface NdjsonReadOptions {
  signal?: AbortSignal
}

/**
 * Streams the documents of an NDJSON (or `.ndjson.gz`) file of Extended JSON, as `mongoexport` writes
 * it: `$date` becomes Date, `$oid` ObjectId, plain numbers stay numbers. A line that is not JSON fails
 * with DATA_INVALID naming the file and the line.
 */
export async function* readNdjsonFile(
  path: string,
  options: NdjsonReadOptions = {}
): AsyncGenerator<NdjsonRecord<unknown>> {
  try {
    for await (const { text, line, bytesRead } of readTextLines(path, options)) {
      yield { document: parseLine(path, line, text), line, bytesRead }
    }
  } catch (error) {
    throw toReadError(path, error, options.signal)
  }
}

/** Like `readNdjsonFile`, and each document must have the minimum shape of its collection. */
export async function* readCollectionFile<C extends CollectionName>(
  path: string,
  collection: C,
  options: NdjsonReadOptions = {}
): AsyncGenerator<NdjsonRecord<CollectionDocumentTypes[C]>> {
  for await (const record of readNdjsonFile(path, options)) {
    checkDocumentShape(path, collection, record.line, record.document)
    yield record as NdjsonRecord<CollectionDocumentTypes[C]>
  }
}

/** Throws DATA_INVALID naming the file and line when a document lacks its collection's shape. */
export function checkDocumentShape(
  path: string,
  collection: CollectionName,
  line: number,
  document: unknown
): void {
  const problem = describeShapeProblem(collection, document)
  if (problem) {
    throw new AppError('DATA_INVALID', `${path}, line ${line}: ${problem}.`, {
      file: path,
      line,
      collection
    })
  }
}

/** A line that does not parse fails naming the file, the line and what is wrong, never its text. */
export function parseLine(path: string, line: number, text: string): unknown {
  try {
    return parseExtendedJsonLine(text)
  } catch (error) {
    const reason =
      error instanceof ExtendedJsonValueError ? error.message : describeJsonError(error, text)
    throw new AppError(
      'DATA_INVALID',
      `${path}, line ${line}: not valid Extended JSON: ${reason}.`,
      {
        file: path,
        line
      }
    )
  }
}

/** A failure while reading a file, as the app's error (NOT_FOUND, DATA_INVALID for bad gzip...). */
export function toReadError(
  path: string,
  error: unknown,
  signal: AbortSignal | undefined
): unknown {
  if (error instanceof AppError) return error
  if (signal?.aborted) return new AppError('CANCELLED', `Reading ${path} was cancelled.`)
  const code = (error as { code?: unknown } | null)?.code
  if (code === 'ENOENT') return new AppError('NOT_FOUND', `${path} does not exist.`, { file: path })
  const reason = error instanceof Error ? error.message : String(error)
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return new AppError('DATA_INVALID', `${path} is not a valid gzip file (${reason}).`, {
      file: path
    })
  }
  return new AppError('INTERNAL', `Could not read ${path}: ${reason}`, { file: path, reason })
}
