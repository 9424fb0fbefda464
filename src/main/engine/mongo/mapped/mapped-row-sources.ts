import { AppError } from '../../../../shared/errors'
import type { JourneyRowSources, RowStream } from '../../row-sources'

/**
 * Row streams of a server read through a field mapping: not built yet, so every export says so
 * plainly instead of reading the seed schema's collections (which this source does not have).
 */
export class MappedRowSources implements JourneyRowSources {
  customerEvents(): Promise<RowStream<never>> {
    return refused()
  }

  customerSessions(): Promise<RowStream<never>> {
    return refused()
  }

  funnelUsers(): Promise<RowStream<never>> {
    return refused()
  }

  customers(): Promise<RowStream<never>> {
    return refused()
  }

  documents(): Promise<RowStream<never>> {
    return refused()
  }

  sampleDocuments(): Promise<never[]> {
    return refused()
  }
}

function refused(): Promise<never> {
  return Promise.reject(
    new AppError(
      'UNSUPPORTED',
      'Exports from a server read through a field mapping are not available yet: export the collections (mongoexport) into a folder and export from it with --data FOLDER --mapping FILE.json.'
    )
  )
}
