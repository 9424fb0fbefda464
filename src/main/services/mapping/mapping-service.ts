import type { Db } from 'mongodb'
import type { DataSource } from '../../../shared/journeys/data-source'
import type { DataQualityReport } from '../../../shared/mapping/data-quality'
import type { FieldMapping } from '../../../shared/mapping/field-mapping'
import type { MappingProposal } from '../../../shared/mapping/mapping-proposal'
import type { CallContext } from '../../../shared/rpc/contract'
import { checkDataQuality } from '../../mapping/doctor/check-data-quality'
import {
  databaseDocumentSource,
  folderDocumentSource,
  type DocumentSource
} from '../../mapping/doctor/document-sources'
import { proposeMapping } from '../../mapping/propose-mapping'
import { sampleDatabase } from '../../mapping/sample-database'
import { sampleFolder } from '../../mapping/sample-folder'

export interface MappingServiceOptions {
  demoFolder: string
  /** The connected database behind a server source; null for folders and the demo. */
  database: (source: DataSource, context: CallContext) => Promise<Db | null>
}

/** Field mappings: what sampling a source proposes, and what is wrong with the data it maps. */
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

  /**
   * Reads every document of the mapped collections and reports missing or mistyped fields, broken
   * links between events, sessions and users, duplicates, impossible times and page variants.
   */
  async checkDataQuality(
    source: DataSource,
    mapping: FieldMapping,
    context: CallContext
  ): Promise<DataQualityReport> {
    return checkDataQuality(await this.documentSource(source, context), mapping, context)
  }

  private async documentSource(source: DataSource, context: CallContext): Promise<DocumentSource> {
    if (source.kind === 'demo') return folderDocumentSource(this.options.demoFolder)
    if (source.kind === 'folder') return folderDocumentSource(source.path)
    const db = await this.options.database(source, context)
    if (!db) throw new Error('a server source has a database')
    return databaseDocumentSource(db)
  }
}
