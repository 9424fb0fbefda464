import type { EventDocument } from '../../../shared/journeys/documents'
import type { FunnelQuery, FunnelUsersQuery } from '../../../shared/journeys/query-schemas'
import type { FunnelResult, FunnelUsersResult } from '../../../shared/journeys/results'
import { funnelUsersWithContacts } from '../rules/user-contacts'
import type { CallContext } from '../../../shared/rpc/contract'
import type { EngineQuery } from '../rules/engine-query'
import { FunnelAccumulator, FunnelUsersCollector } from '../reducers/funnel-accumulator'
import { deviceKeyOf } from '../rules/device-values'
import { compileFunnel, type CompiledFunnel } from '../reducers/funnel-compile'
import { FunnelEventBuffer, type UserFunnelOutcome } from '../reducers/funnel-events'
import type { FunnelUserSelection } from '../reducers/funnel-user-selection'
import type { LocalDataset } from './local-dataset'
import { compileLocalScope, sessionDevice, type LocalScope } from './local-scope'
import { localUserContact } from './local-user-contact'
import { WorkTicker } from './work-ticker'

/**
 * Step masks per (event type, page) of a data set in one flat table: `masks[type * stride + page
 * + 1]`, 0 for types no step names, -1 until `maskOf(type, page)` has computed the pair (once per
 * query), so the hot loop reads one array per event instead of comparing strings.
 */
class StepMaskTable {
  readonly masks: Int32Array
  readonly stride: number

  constructor(
    private readonly dataset: LocalDataset,
    private readonly funnel: CompiledFunnel
  ) {
    const types = dataset.eventTypes.values
    this.stride = dataset.pages.size + 1
    this.masks = new Int32Array(types.length * this.stride)
    types.forEach((type, code) => {
      if (funnel.matcher.eventTypes.has(type)) {
        this.masks.fill(-1, code * this.stride, (code + 1) * this.stride)
      }
    })
  }

  maskOf(type: number, page: number): number {
    const mask = this.funnel.matcher.match(
      this.dataset.eventTypes.values[type] as string,
      page < 0 ? undefined : this.dataset.pages.values[page]
    )
    this.masks[type * this.stride + page + 1] = mask
    return mask
  }
}

export interface LocalFunnelRun {
  result: Omit<FunnelResult, 'plan'>
  users?: Omit<FunnelUsersResult, 'plan'>
  eventsConsidered: number
  usersEntered: number
}

/**
 * One user at a time through a funnel over the data set: the scope, step masks and reducer compiled
 * once, then `outcomeOf(u)` per user index. The funnel and its streaming users both walk with it.
 */
export class LocalFunnelWalker {
  readonly funnel: CompiledFunnel
  /** Events that passed the scope and step filters so far, over every user walked. */
  eventsConsidered = 0
  private readonly scope: LocalScope
  private readonly masks: StepMaskTable
  private readonly buffer = new FunnelEventBuffer<number>()
  private readonly breakdown: FunnelQuery['breakdown']
  /** The data set's columns the walk reads, fetched once (each is a getter). */
  private readonly columns: Pick<
    LocalDataset,
    'eventTime' | 'eventSession' | 'eventType' | 'eventPage' | 'userEventStart'
  >

  constructor(
    private readonly dataset: LocalDataset,
    query: EngineQuery<FunnelQuery>
  ) {
    this.breakdown = query.breakdown
    this.funnel = compileFunnel(query)
    this.scope = compileLocalScope(dataset, query, this.funnel.shape.windowMs)
    this.masks = new StepMaskTable(dataset, this.funnel)
    const { eventTime, eventSession, eventType, eventPage, userEventStart } = dataset
    this.columns = { eventTime, eventSession, eventType, eventPage, userEventStart }
  }

  /** The breakdown group of an outcome (its entry session's browser or OS); none without one. */
  breakdownKey(outcome: UserFunnelOutcome<number>): string | undefined {
    const field = this.breakdown === 'os' ? 'os' : 'browser'
    return this.breakdown
      ? deviceKeyOf(sessionDevice(this.dataset, outcome.entrySession)[field])
      : undefined
  }

  /** User u's outcome (furthest step, step times, entry session index), null when not entered. */
  outcomeOf(u: number): UserFunnelOutcome<number> | null {
    const { eventTime, eventSession, eventType, eventPage, userEventStart } = this.columns
    const { fromMs, toMs, sessionPasses, eventPasses } = this.scope
    const { keepNonMatching, reduce, shape } = this.funnel
    const { masks, stride } = this.masks
    const buffer = this.buffer
    buffer.reset()
    const end = userEventStart[u + 1] as number
    for (let i = userEventStart[u] as number; i < end; i++) {
      const t = eventTime[i] as number
      if (t < fromMs) continue
      if (t >= toMs) break // a user's events are in time order
      const type = eventType[i] as number
      const page = eventPage[i] as number
      let mask = masks[type * stride + page + 1] as number
      if (mask < 0) mask = this.masks.maskOf(type, page)
      if (mask === 0 && !keepNonMatching) continue
      const session = eventSession[i] as number
      if (sessionPasses !== null && sessionPasses[session] !== 1) continue
      if (eventPasses !== null && eventPasses[i] !== 1) continue
      buffer.push(t, mask, session)
    }
    this.eventsConsidered += buffer.length
    return buffer.length > 0 ? reduce(buffer, shape) : null
  }
}

/** The funnel (and, with `usersOf`, its users page) over every user of the data set. */
export async function runLocalFunnel(
  dataset: LocalDataset,
  query: EngineQuery<FunnelQuery> | EngineQuery<FunnelUsersQuery>,
  context: CallContext,
  usersOf?: FunnelUserSelection & Pick<FunnelUsersQuery, 'page'>
): Promise<LocalFunnelRun> {
  const walker = new LocalFunnelWalker(dataset, query)
  const accumulator = new FunnelAccumulator(walker.funnel.labels, query.breakdown !== undefined)
  const collector = usersOf ? new FunnelUsersCollector(usersOf) : null
  const userCount = dataset.userCount
  const userIds = usersOf ? dataset.userIds : []
  const ticker = new WorkTicker(context, 'Funnel', userCount)
  let usersEntered = 0

  for (let u = 0; u < userCount; u++) {
    if ((u & 255) === 0) await ticker.tick(u)
    const outcome = walker.outcomeOf(u)
    let key: string | undefined
    if (outcome) {
      usersEntered++
      key = walker.breakdownKey(outcome)
      accumulator.add(outcome, key)
    }
    collector?.add(userIds[u] as EventDocument['userId'], outcome, key)
  }
  ticker.throwIfCancelled()
  const run: LocalFunnelRun = {
    result: accumulator.result(),
    eventsConsidered: walker.eventsConsidered,
    usersEntered
  }
  if (collector && usersOf) {
    const page = collector.result(usersOf.page)
    run.users = {
      ...funnelUsersWithContacts(page.userIds, (id) => localUserContact(dataset, id)),
      total: page.total
    }
  }
  return run
}
