import { z } from 'zod'
import {
  BREAKDOWN_KEYS,
  FUNNEL_MODES,
  funnelStepSchema,
  type FunnelQuery
} from '../journeys/query-schemas'
import { conversionWindowSchema, windowSeconds } from './conversion-window'

/**
 * What a saved funnel keeps: its steps, mode, window (with the unit the user chose) and breakdown.
 * The date range and segment belong to the scope bar, not to the funnel.
 */
export const funnelDefinitionSchema = z.object({
  steps: z.array(funnelStepSchema).min(2, 'a funnel needs at least 2 steps').max(10),
  mode: z.enum(FUNNEL_MODES),
  window: conversionWindowSchema,
  breakdown: z.enum(BREAKDOWN_KEYS).optional()
})

export type FunnelDefinition = z.infer<typeof funnelDefinitionSchema>

/** The query fields of a definition; the caller adds the source and scope. */
export function funnelQueryFields(
  definition: FunnelDefinition
): Pick<FunnelQuery, 'steps' | 'mode' | 'windowSeconds' | 'breakdown'> {
  return {
    steps: definition.steps,
    mode: definition.mode,
    windowSeconds: windowSeconds(definition.window),
    ...(definition.breakdown === undefined ? {} : { breakdown: definition.breakdown })
  }
}

export const savedFunnelNameSchema = z
  .string()
  .trim()
  .min(1, 'a name is needed')
  .max(100, 'a name is at most 100 characters')
