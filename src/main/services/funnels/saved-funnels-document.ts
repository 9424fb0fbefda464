import { z } from 'zod'
import {
  funnelDefinitionSchema,
  savedFunnelNameSchema
} from '../../../shared/funnels/funnel-definition'

/** One saved funnel as stored: which source it belongs to, its name and its definition. */
export const storedFunnelSchema = z.object({
  id: z.string().min(1).max(100),
  sourceKey: z.string().min(1),
  name: savedFunnelNameSchema,
  definition: funnelDefinitionSchema,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime()
})

export type StoredFunnel = z.infer<typeof storedFunnelSchema>

/** The whole store: every source's saved funnels in one document. */
export interface SavedFunnelsDocument {
  version: 1
  funnels: StoredFunnel[]
}

export interface ParsedSavedFunnels {
  funnels: StoredFunnel[]
  /** One line per thing that could not be read, empty when the document is sound. */
  problems: string[]
}

/**
 * Reads a stored document record by record: a record that no longer fits the schema is left out
 * and described, and never takes the others with it.
 */
export function parseSavedFunnelsDocument(value: unknown): ParsedSavedFunnels {
  const records = (value as { funnels?: unknown } | null)?.funnels
  if (typeof value !== 'object' || value === null || !Array.isArray(records)) {
    return { funnels: [], problems: ['it does not hold a list of funnels'] }
  }
  const funnels: StoredFunnel[] = []
  const problems: string[] = []
  const seenIds = new Set<string>()
  records.forEach((record: unknown, index) => {
    const parsed = storedFunnelSchema.safeParse(record)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const where = issue?.path.length ? issue.path.join('.') : 'the record'
      problems.push(
        `funnel ${describeRecord(record, index)}: ${where}: ${issue?.message ?? 'not readable'}`
      )
    } else if (seenIds.has(parsed.data.id)) {
      problems.push(`funnel ${describeRecord(record, index)}: its id appears twice`)
    } else {
      seenIds.add(parsed.data.id)
      funnels.push(parsed.data)
    }
  })
  return { funnels, problems }
}

function describeRecord(record: unknown, index: number): string {
  const name = (record as { name?: unknown } | null)?.name
  const position = `#${String(index + 1)}`
  return typeof name === 'string' && name.length > 0
    ? `${position} "${name.slice(0, 100)}"`
    : position
}
