import {
  EVENT_TYPES,
  type EventDocument,
  type SessionDocument,
  type UserDocument
} from '../../../shared/journeys/documents'
import type { PageRequest } from '../../../shared/journeys/query-schemas'
import type { CustomerCaseFile, CustomerTotals } from '../../../shared/journeys/results'
import { compareIds } from '../rules/compare-ids'
import { currencyOf, MoneyByCurrency } from '../rules/money'
import { JourneyGraphAccumulator } from './journey-graph'

/** A customer's totals over all their events (no range), fed event by event in any order. */
export class CustomerTotalsAccumulator {
  private pageViews = 0
  private purchases = 0
  private secondsOnPages = 0
  private readonly amounts = new MoneyByCurrency()
  private firstSeen = Number.POSITIVE_INFINITY
  private lastSeen = Number.NEGATIVE_INFINITY

  add(event: EventDocument): void {
    const t = event.timestamp.getTime()
    if (t < this.firstSeen) this.firstSeen = t
    if (t > this.lastSeen) this.lastSeen = t
    if (event.eventType === EVENT_TYPES.pageView) {
      this.pageViews++
      const duration = event.metadata?.duration
      if (typeof duration === 'number') this.secondsOnPages += duration
    } else if (event.eventType === EVENT_TYPES.purchase) {
      this.purchases++
      this.amounts.add(currencyOf(event.metadata?.currency), event.metadata?.amount)
    }
  }

  result(sessions: number): CustomerTotals {
    const seen = this.firstSeen !== Number.POSITIVE_INFINITY
    return {
      sessions,
      pageViews: this.pageViews,
      purchases: this.purchases,
      amountSpent: this.amounts.result(),
      secondsOnPages: this.secondsOnPages,
      firstSeen: seen ? new Date(this.firstSeen) : null,
      lastSeen: seen ? new Date(this.lastSeen) : null
    }
  }
}

/** Sessions newest first: `startTime` desc, then `_id` desc (a missing start sorts last). */
export function compareSessionsNewestFirst(a: SessionDocument, b: SessionDocument): number {
  const ta = a.startTime instanceof Date ? a.startTime.getTime() : Number.NEGATIVE_INFINITY
  const tb = b.startTime instanceof Date ? b.startTime.getTime() : Number.NEGATIVE_INFINITY
  if (ta !== tb) return ta > tb ? -1 : 1
  return compareIds(b._id, a._id)
}

export interface CaseFileInput<S extends SessionDocument> {
  user: UserDocument
  /** Every event whose `userId` is the user's, in any order. */
  userEvents: Iterable<EventDocument>
  /** The user's session documents, in any order. */
  sessions: readonly S[]
  /** A session's events (those whose `sessionId` is its `_id`) in event order. */
  eventsOfSession: (session: S) => readonly EventDocument[]
  page: PageRequest
}

/** A customer's case file: totals, one page of sessions newest first, and the journey graph. */
export function buildCaseFile<S extends SessionDocument>(
  input: CaseFileInput<S>
): Omit<CustomerCaseFile, 'plan'> {
  const totals = new CustomerTotalsAccumulator()
  for (const event of input.userEvents) totals.add(event)
  const journey = new JourneyGraphAccumulator()
  for (const session of input.sessions) journey.addSession(input.eventsOfSession(session))
  const { offset, limit } = input.page
  const newestFirst = [...input.sessions].sort(compareSessionsNewestFirst)
  return {
    user: input.user,
    totals: totals.result(input.sessions.length),
    sessions: newestFirst.slice(offset, offset + limit).map((session) => ({
      ...session,
      events: [...input.eventsOfSession(session)]
    })),
    sessionsTotal: input.sessions.length,
    sessionsPage: { offset, limit },
    journey: journey.result()
  }
}
