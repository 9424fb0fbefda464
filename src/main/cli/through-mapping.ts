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
  return async (source, context) => {
    if (source.kind !== 'folder') {
      throw new AppError(
        'INVALID_INPUT',
        '--mapping reads NDJSON folders (--data <folder>) so far: queries on a server or the demo read the seed schema. journey doctor and journey map take --mapping anywhere.'
      )
    }
    const mapping = await readMappingFile(mappingFile)
    context.reportProgress({ phase: `Reading ${source.path} through ${mappingFile}`, done: 0 })
    const mapped = await openMappedFolder(source.path, mapping, { signal: context.signal })
    for (const note of mapped.notes) writeNote(note)
    return { kind: 'folder', path: mapped.folder }
  }
}
