import { AppError } from '../../shared/errors'
import type { DataSource } from '../../shared/journeys/data-source'
import type { FieldMapping } from '../../shared/mapping/field-mapping'
import type { CallContext } from '../../shared/rpc/contract'
import { openMappedFolder } from '../mapping/normalise/mapped-folder-cache'
import { mappingReadNotes } from '../mapping/normalise/normalise-data'
import { readMappingFile } from './read-mapping-file'

/**
 * The command line's `--mapping FILE.json` for the queries: a `--data` folder of any shape is read
 * through the mapping into a seed-shaped copy (made once, reused while nothing changed), and the
 * notes on how it was read go to stderr. Servers are left as they are (their engine reads through
 * the mapping, see `serverMappingFile`); the demo is refused: it is the seed schema.
 */
export function throughMappingFile(
  mappingFile: string,
  writeNote: (note: string) => void
): (source: DataSource, context: CallContext) => Promise<DataSource> {
  // One command may resolve its source more than once (export: rows, then the plan): read the
  // mapping and make the copy once per folder, and say how it was read once.
  const copies = new Map<string, Promise<DataSource>>()
  return (source, context) => {
    if (source.kind === 'uri' || source.kind === 'connection') return Promise.resolve(source)
    if (source.kind !== 'folder') {
      return Promise.reject(
        new AppError(
          'INVALID_INPUT',
          '--mapping reads --data folders and --uri servers: the demo is the seed schema already.'
        )
      )
    }
    let copy = copies.get(source.path)
    if (!copy) {
      copy = mappedCopy(source.path, mappingFile, writeNote, context)
      copies.set(source.path, copy)
      copy.catch(() => copies.delete(source.path))
    }
    return copy
  }
}

async function mappedCopy(
  folder: string,
  mappingFile: string,
  writeNote: (note: string) => void,
  context: CallContext
): Promise<DataSource> {
  const mapping = await readMappingFile(mappingFile)
  context.reportProgress({ phase: `Reading ${folder} through ${mappingFile}`, done: 0 })
  const mapped = await openMappedFolder(folder, mapping, { signal: context.signal })
  for (const note of mapped.notes) writeNote(note)
  return { kind: 'folder', path: mapped.folder }
}

/**
 * `--mapping FILE.json` for server sources: the mapping their engine reads through, read once per
 * command; how the data is read is said once, on stderr.
 */
export function serverMappingFile(
  mappingFile: string,
  writeNote: (note: string) => void
): () => Promise<FieldMapping> {
  let mapping: Promise<FieldMapping> | null = null
  return () => {
    if (!mapping) {
      const reading = readMappingFile(mappingFile)
      mapping = reading
      reading.then(
        (read) => {
          for (const note of mappingReadNotes(read)) writeNote(note)
        },
        () => {
          mapping = null
        }
      )
    }
    return mapping
  }
}
