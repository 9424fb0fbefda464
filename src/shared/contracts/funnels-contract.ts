import { z } from 'zod'
import { dataSourceSchema } from '../journeys/data-source'
import { funnelDefinitionSchema, savedFunnelNameSchema } from '../funnels/funnel-definition'
import type { FunnelDefinition } from '../funnels/funnel-definition'
import { defineService, method } from '../rpc/contract'

/** A funnel definition saved under a name, for one source (the demo, a folder, a connection's database). */
export interface SavedFunnel {
  id: string
  name: string
  definition: FunnelDefinition
  createdAt: Date
  updatedAt: Date
}

export interface SavedFunnelList {
  /** The source's saved funnels by name (case-insensitive, numbers in order), then id. */
  funnels: SavedFunnel[]
  /**
   * What went wrong reading the saved funnels (a damaged file, records that no longer fit), what
   * was kept and where the backup is. Empty when all is well.
   */
  notices: string[]
}

/** How many funnels one source may keep. */
export const MAX_SAVED_FUNNELS_PER_SOURCE = 200

const savedFunnelIdSchema = z.string().min(1).max(100)

export const funnelsContract = defineService('funnels', {
  list: method<SavedFunnelList>()(
    z.object({ source: dataSourceSchema }),
    'The funnel definitions saved for a source, by name.'
  ),
  save: method<SavedFunnel>()(
    z.object({
      source: dataSourceSchema,
      /** Absent: a new saved funnel. Present: replaces that funnel's name and definition. */
      id: savedFunnelIdSchema.optional(),
      name: savedFunnelNameSchema,
      definition: funnelDefinitionSchema
    }),
    'Saves a funnel definition under a name (names are unique per source, case-insensitive).'
  ),
  rename: method<SavedFunnel>()(
    z.object({ source: dataSourceSchema, id: savedFunnelIdSchema, name: savedFunnelNameSchema }),
    'Gives a saved funnel a new name.'
  ),
  remove: method<{ removed: boolean }>()(
    z.object({ source: dataSourceSchema, id: savedFunnelIdSchema }),
    'Deletes a saved funnel; false when it was already gone.'
  )
})

export type FunnelsContract = typeof funnelsContract
