import type { Db } from 'mongodb'
import type { DataSource } from '../../../shared/journeys/data-source'
import type { MappingProposal } from '../../../shared/mapping/mapping-proposal'
import type { CallContext } from '../../../shared/rpc/contract'
import { proposeMapping } from '../../mapping/propose-mapping'
import { sampleDatabase } from '../../mapping/sample-database'
import { sampleFolder } from '../../mapping/sample-folder'

export interface MappingServiceOptions {
  demoFolder: string
  /** The connected database behind a server source; null for folders and the demo. */
  database: (source: DataSource, context: CallContext) => Promise<Db | null>
}

/** Field mappings: what sampling a source proposes (and, later, previews and saved mappings). */
export class MappingService {
  constructor(private readonly options: MappingServiceOptions) {}

  /** Samples the source's collections and proposes a mapping, role by role, with candidates. */
  async propose(source: DataSource, context: CallContext): Promise<MappingProposal> {
    context.reportProgress({ phase: 'Sampling collections', done: 0 })
    if (source.kind === 'demo' || source.kind === 'folder') {
      const folder = source.kind === 'demo' ? this.options.demoFolder : source.path
      return proposeMapping(await sampleFolder(folder, context.signal))
    }
    const db = await this.options.database(source, context)
    if (!db) throw new Error('a server source has a database')
    return proposeMapping(await sampleDatabase(db, context.signal))
  }
}
