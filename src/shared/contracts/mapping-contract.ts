import { z } from 'zod'
import { dataSourceSchema } from '../journeys/data-source'
import type { DataQualityReport } from '../mapping/data-quality'
import { fieldMappingSchema } from '../mapping/field-mapping'
import type { MappingProposal } from '../mapping/mapping-proposal'
import { defineService, method } from '../rpc/contract'

/** How many events the preview of a mapping shows. */
export const MAPPING_PREVIEW_EVENTS = 10

/** One event as a mapping reads it (the seed's meaning), or why it cannot be read. */
export interface MappedEventPreview {
  /** The event's id as stored, as text. */
  id: string
  userId: string | null
  sessionId: string | null
  /** `PAGE_VIEW`, `PURCHASE` or the data's own name. */
  eventType: string | null
  timestamp: Date | null
  pageUrl: string | null
  amount: unknown
  currency: unknown
  /** Why queries leave this event out (no user id, name or readable time); null when read. */
  problem: string | null
}

export interface MappingPreview {
  collection: string
  events: MappedEventPreview[]
}

export const mappingContract = defineService('mapping', {
  propose: method<MappingProposal>()(
    z.object({ source: dataSourceSchema }),
    'Samples the collections of a source and proposes a field mapping, role by role, with candidates.'
  ),
  preview: method<MappingPreview>()(
    z.object({ source: dataSourceSchema, mapping: fieldMappingSchema }),
    'The first events of the mapped events collection as the mapping reads them.'
  ),
  checkDataQuality: method<DataQualityReport>()(
    z.object({ source: dataSourceSchema, mapping: fieldMappingSchema }),
    'Reads every mapped document and reports missing or mistyped fields, broken links, duplicates, impossible times and page variants.'
  )
})

export type MappingContract = typeof mappingContract
