import type { DocumentId, EventDocument } from '../../../shared/journeys/documents'
import type { PageRequest } from '../../../shared/journeys/query-schemas'
import type { FunnelResult } from '../../../shared/journeys/results'
import { deviceKeyOf } from '../rules/device-values'
import {
  FunnelAccumulator,
  FunnelUsersCollector,
  type FunnelUserIdsPage
} from './funnel-accumulator'
import { compileFunnel, type CompiledFunnel, type FunnelQueryLike } from './funnel-compile'
import { FunnelEventBuffer, type UserFunnelOutcome } from './funnel-events'
import { compileScopeFilter, type DeviceInfo } from './scope-filter'
import type { FunnelUserSelection } from './funnel-user-selection'

/**
 * A funnel over event documents fed user by user (each user's events in event order), for engines
 * that stream a cursor sorted by `{ userId, timestamp, _id }`. Scope filtering happens here.
 */
export class FunnelDocumentReducer {
  private readonly compiled: CompiledFunnel
  private readonly inScope: (event: EventDocument) => boolean
  private readonly buffer = new FunnelEventBuffer<DocumentId>()
  private readonly accumulator: FunnelAccumulator
  private readonly usersCollector: FunnelUsersCollector | null

  constructor(
    private readonly query: FunnelQueryLike,
    private readonly deviceOfSession: (sessionId: DocumentId) => DeviceInfo | undefined,
    usersOf?: FunnelUserSelection
  ) {
    this.compiled = compileFunnel(query)
    this.inScope = compileScopeFilter(query, deviceOfSession, {
      extendToMs: this.compiled.shape.windowMs
    })
    this.accumulator = new FunnelAccumulator(this.compiled.labels, query.breakdown !== undefined)
    this.usersCollector = usersOf ? new FunnelUsersCollector(usersOf) : null
  }

  /** One user's events (any superset of the considered ones), in event order. */
  addUser(
    userId: DocumentId,
    events: readonly EventDocument[]
  ): UserFunnelOutcome<DocumentId> | null {
    const { matcher, keepNonMatching, reduce, shape } = this.compiled
    const buffer = this.buffer
    buffer.reset()
    for (const event of events) {
      if (!this.inScope(event)) continue
      const mask = matcher.eventTypes.has(event.eventType)
        ? matcher.match(event.eventType, event.metadata?.pageUrl)
        : 0
      if (mask !== 0 || keepNonMatching)
        buffer.push(event.timestamp.getTime(), mask, event.sessionId)
    }
    const outcome = reduce(buffer, shape)
    const key = outcome ? this.breakdownKey(outcome) : undefined
    if (outcome) this.accumulator.add(outcome, key)
    this.usersCollector?.add(userId, outcome, key)
    return outcome
  }

  /** The breakdown group of an outcome (its entry session's browser or OS); none without one. */
  breakdownKey(outcome: UserFunnelOutcome<DocumentId>): string | undefined {
    const breakdown = this.query.breakdown
    return breakdown
      ? deviceKeyOf(
          this.deviceOfSession(outcome.entrySession)?.[breakdown === 'os' ? 'os' : 'browser']
        )
      : undefined
  }

  result(): Omit<FunnelResult, 'plan'> {
    return this.accumulator.result()
  }

  /** The funnel users page; only when constructed with `usersOf`. */
  usersResult(page: PageRequest): FunnelUserIdsPage {
    if (!this.usersCollector) throw new Error('FunnelDocumentReducer was built without usersOf')
    return this.usersCollector.result(page)
  }
}
