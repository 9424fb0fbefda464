import { AppError } from '../../shared/errors'
import type { DataSource } from '../../shared/journeys/data-source'
import type { CallContext } from '../../shared/rpc/contract'
import { openMappedFolder } from '../mapping/normalise/mapped-folder-cache'
import { readMappingFile } from './read-mapping-file'

/**
 * The command line's `--mapping FILE.json` for the queries: a `--data` folder of any shape is read
 * through the mapping into a seed-shaped copy (made once, reused while nothing changed), and the
 * notes on how it was read go to stderr. Servers and the demo are refused: their queries read
 * the seed schema.
 */
export function throughMappingFile(
  mappingFile: string,
  writeNote: (note: string) => void
): (source: DataSource, context: CallContext) => Promise<DataSource> {
  // One command may resolve its source more than once (export: rows, then the plan): read the
  // mapping and make the copy once per folder, and say how it was read once.
  const copies = new Map<string, Promise<DataSource>>()
  return (source, context) => {
    if (source.kind !== 'folder') {
      return Promise.reject(
        new AppError(
          'INVALID_INPUT',
          '--mapping reads NDJSON folders (--data <folder>) so far: queries on a server or the demo read the seed schema. journey doctor and journey map take --mapping anywhere.'
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
