import type { Db, Document } from 'mongodb'
import type { QueryPlanStep } from '../../../shared/journeys/results'
import { RECOMMENDED_INDEXES, type RecommendedIndex } from '../../data/recommended-indexes'

/** What queries lose when a recommended index is missing, by the index's name. */
const MISSING_COSTS: Record<string, string> = {
  userId_1_timestamp_1__id_1:
    'funnels sort every event in the range in memory (slow, and spilling to disk on large data) and each case file reads the whole events collection.',
  sessionId_1_timestamp_1__id_1:
    'flows sort every page view in the range in memory, and session timelines read the whole events collection.',
  eventType_1_timestamp_1:
    'funnel and overview filters on event type and date read the whole events collection.',
  'userId_1_startTime_-1': 'each case file reads the whole sessions collection.',
  email_1: 'customer search by email reads every user.'
}

export interface IndexStatus {
  index: RecommendedIndex
  /** The existing index with these keys (under any name), if any. */
  existingName: string | null
  /** The key exists but its collation differs from the recommended one. */
  collationDiffers: boolean
}

/** How long a listing of the indexes is trusted before it is read again. */
const STATUS_TTL_MS = 60_000

/**
 * Says which recommended indexes exist on a database and what each missing one costs. The listing
 * is read at most once a minute, so an index made while the app runs is noticed soon after.
 */
export class IndexAdvisor {
  private statuses: Promise<IndexStatus[]> | null = null
  private readAt = 0

  constructor(
    private readonly db: Db,
    private readonly recommended: readonly RecommendedIndex[] = RECOMMENDED_INDEXES
  ) {}

  refresh(): void {
    this.statuses = null
  }

  status(): Promise<IndexStatus[]> {
    if (this.statuses && Date.now() - this.readAt > STATUS_TTL_MS) this.statuses = null
    if (!this.statuses) {
      this.readAt = Date.now()
      this.statuses = this.readStatuses().catch((error: unknown) => {
        this.statuses = null
        throw error
      })
    }
    return this.statuses
  }

  /**
   * Notes for a plan: every missing recommended index that the plan's steps name (`step.index`) or,
   * for steps that name none, every missing one on `collections`. Never fails a query: when the
   * indexes cannot be listed (no rights), the note says so.
   */
  async notesFor(
    steps: readonly QueryPlanStep[],
    collections: readonly string[]
  ): Promise<string[]> {
    let statuses: IndexStatus[]
    try {
      statuses = await this.status()
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      return [`Could not list indexes to check the recommended ones (${reason}).`]
    }
    const named = new Set(steps.map((step) => step.index).filter((name) => name !== undefined))
    const relevant = statuses.filter((status) =>
      named.size > 0 ? named.has(status.index.name) : collections.includes(status.index.collection)
    )
    const notes: string[] = []
    for (const status of relevant) {
      const label = `${status.index.collection} ${describeKey(status.index.keys)}`
      const cost =
        status.index.missingCost ?? MISSING_COSTS[status.index.name] ?? status.index.serves
      if (status.existingName === null) {
        notes.push(`Missing index ${label}: without it ${cost}`)
      } else if (status.collationDiffers) {
        notes.push(
          `Index ${label} has no case-insensitive collation: exact email lookups ignore case only by a full scan.`
        )
      }
    }
    return notes
  }

  private async readStatuses(): Promise<IndexStatus[]> {
    const byCollection = new Map<string, Document[]>()
    for (const collection of new Set(this.recommended.map((index) => index.collection))) {
      byCollection.set(collection, await listIndexesOrNone(this.db, collection))
    }
    return this.recommended.map((index) => {
      const existing = (byCollection.get(index.collection) ?? []).find((candidate) =>
        sameKey(candidate.key as Document | undefined, index.keys)
      )
      return {
        index,
        existingName: existing ? String(existing.name) : null,
        collationDiffers: existing ? !sameCollation(existing.collation, index.collation) : false
      }
    })
  }
}

/** A collection that does not exist yet has no indexes (MongoDB answers NamespaceNotFound). */
async function listIndexesOrNone(db: Db, collection: string): Promise<Document[]> {
  try {
    return (await db.collection(collection).listIndexes().toArray()) as Document[]
  } catch (error) {
    if ((error as { code?: unknown }).code === 26) return []
    throw error
  }
}

function sameKey(actual: Document | undefined, wanted: Readonly<Record<string, 1 | -1>>): boolean {
  if (!actual) return false
  const a = Object.entries(actual)
  const w = Object.entries(wanted)
  return (
    a.length === w.length &&
    a.every(([field, direction], i) => {
      const [wantedField, wantedDirection] = w[i] as [string, number]
      return field === wantedField && Number(direction) === wantedDirection
    })
  )
}

function sameCollation(actual: unknown, wanted: RecommendedIndex['collation']): boolean {
  if (!wanted) return true
  if (typeof actual !== 'object' || actual === null) return false
  const collation = actual as { locale?: unknown; strength?: unknown }
  return collation.locale === wanted.locale && collation.strength === wanted.strength
}

export function describeKey(key: Readonly<Record<string, 1 | -1>>): string {
  return `{ ${Object.entries(key)
    .map(([field, direction]) => `${field}: ${direction}`)
    .join(', ')} }`
}
