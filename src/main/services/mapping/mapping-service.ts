import type { Db } from 'mongodb'
import {
  MAPPING_PREVIEW_EVENTS,
  type MappingContract,
  type MappingPreview
} from '../../../shared/contracts/mapping-contract'
import { AppError } from '../../../shared/errors'
import type { DataSource } from '../../../shared/journeys/data-source'
import type { DataQualityReport } from '../../../shared/mapping/data-quality'
import type { FieldMapping } from '../../../shared/mapping/field-mapping'
import type { MappingProposal } from '../../../shared/mapping/mapping-proposal'
import type { CallContext, ServiceImplementation } from '../../../shared/rpc/contract'
import { checkDataQuality } from '../../mapping/doctor/check-data-quality'
import {
  databaseDocumentSource,
  folderDocumentSource,
  type DocumentSource
} from '../../mapping/doctor/document-sources'
import { previewMappedEvents } from '../../mapping/preview-mapped-events'
import { proposeMapping } from '../../mapping/propose-mapping'
import { sampleDatabase } from '../../mapping/sample-database'
import { sampleFolder } from '../../mapping/sample-folder'
import { assertFolderOpened } from '../opened-folders'

export interface MappingServiceOptions {
  demoFolder: string
  /** The connected database behind a server source; null for folders and the demo. */
  database: (source: DataSource, context: CallContext) => Promise<Db | null>
  /** The folders the user opened in the app; absent: any folder (see `assertFolderOpened`). */
  openedFolders?: readonly string[]
}

/** Field mappings: what sampling a source proposes, how it reads, and what is wrong with the data. */
export class MappingService implements ServiceImplementation<MappingContract> {
  constructor(private readonly options: MappingServiceOptions) {}

  /** Samples the source's collections and proposes a mapping, role by role, with candidates. */
  async propose(input: { source: DataSource }, context: CallContext): Promise<MappingProposal> {
    const { source } = input
    context.reportProgress({ phase: 'Sampling collections', done: 0 })
    if (source.kind === 'demo' || source.kind === 'folder') {
      if (source.kind === 'folder') assertFolderOpened(this.options.openedFolders, source.path)
      const folder = source.kind === 'demo' ? this.options.demoFolder : source.path
      return proposeMapping(await sampleFolder(folder, context.signal))
    }
    return proposeMapping(
      await sampleDatabase(await this.database(source, context), context.signal)
    )
  }

  /** The first events of the mapped events collection as the mapping reads them. */
  async preview(
    input: { source: DataSource; mapping: FieldMapping },
    context: CallContext
  ): Promise<MappingPreview> {
    const documents = await this.documentSource(input.source, context)
    return previewMappedEvents(documents, input.mapping, MAPPING_PREVIEW_EVENTS, context.signal)
  }

  /**
   * Reads every document of the mapped collections and reports missing or mistyped fields, broken
   * links between events, sessions and users, duplicates, impossible times and page variants.
   */
  async checkDataQuality(
    input: { source: DataSource; mapping: FieldMapping },
    context: CallContext
  ): Promise<DataQualityReport> {
    const documents = await this.documentSource(input.source, context)
    return checkDataQuality(documents, input.mapping, context)
  }

  private async database(source: DataSource, context: CallContext): Promise<Db> {
    if (source.kind === 'workspace') {
      throw new AppError(
        'UNSUPPORTED',
        'An offline copy is already in the shape the app reads: it needs no field mapping.'
      )
    }
    const db = await this.options.database(source, context)
    if (!db) throw new AppError('INTERNAL', 'A server source has a database.')
    return db
  }

  private async documentSource(source: DataSource, context: CallContext): Promise<DocumentSource> {
    if (source.kind === 'demo') return folderDocumentSource(this.options.demoFolder)
    if (source.kind === 'folder') {
      assertFolderOpened(this.options.openedFolders, source.path)
      return folderDocumentSource(source.path)
    }
    return databaseDocumentSource(await this.database(source, context))
  }
}
