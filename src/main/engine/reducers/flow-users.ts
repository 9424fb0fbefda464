import type { DocumentId } from '../../../shared/journeys/documents'
import type { PageRequest } from '../../../shared/journeys/query-schemas'
import { compareIds } from '../rules/compare-ids'
import { pathMayMatch, type FlowPosition } from './flow-selection'

interface Candidate<K> {
  /** The raw pages at the selection's positions. */
  pages: string[]
  userKey: K
  userId: DocumentId
  sessionId: DocumentId
}

/** One page of a node's or edge's users with their sessions (contacts are added by the engine). */
export interface FlowUserIdsPage {
  users: { userId: DocumentId; sessionIds: DocumentId[] }[]
  total: number
  sessions: number
  page: { offset: number; limit: number }
}

/**
 * The sessions behind one node or edge of a flow, and their users. Feed it every session's path
 * (alongside the flow accumulator, which decides the kept pages); it keeps only the sessions that
 * can be shown at the selection, and checks them against the shown names at the end. `K` is the
 * user's key with value equality (an index, or an id key).
 */
export class FlowUsersCollector<K> {
  private readonly candidates: Candidate<K>[] = []

  constructor(private readonly positions: readonly FlowPosition[]) {}

  add(path: readonly string[], userKey: K, userId: DocumentId, sessionId: DocumentId): void {
    if (!pathMayMatch(path, this.positions)) return
    const pages = this.positions.map(({ step }) => path[step] as string)
    this.candidates.push({ pages, userKey, userId, sessionId })
  }

  /**
   * `names[j]` maps a raw page at step j to its shown name (FlowAccumulator.budgetedNames). Users
   * by id in BSON order, each with their sessions' ids in BSON order; one page of users.
   */
  result(names: readonly ReadonlyMap<string, string>[], page: PageRequest): FlowUserIdsPage {
    const byUser = new Map<K, { userId: DocumentId; sessionIds: DocumentId[] }>()
    let sessions = 0
    for (const candidate of this.candidates) {
      const shown = this.positions.every(
        ({ step, name }, i) => names[step]?.get(candidate.pages[i] as string) === name
      )
      if (!shown) continue
      sessions++
      let user = byUser.get(candidate.userKey)
      if (!user) {
        user = { userId: candidate.userId, sessionIds: [] }
        byUser.set(candidate.userKey, user)
      }
      user.sessionIds.push(candidate.sessionId)
    }
    const users = [...byUser.values()].sort((a, b) => compareIds(a.userId, b.userId))
    return {
      users: users.slice(page.offset, page.offset + page.limit).map((user) => ({
        userId: user.userId,
        sessionIds: user.sessionIds.sort(compareIds)
      })),
      total: users.length,
      sessions,
      page: { offset: page.offset, limit: page.limit }
    }
  }
}
