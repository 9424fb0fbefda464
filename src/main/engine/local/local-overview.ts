import { EVENT_TYPES } from '../../../shared/journeys/documents'
import type { OverviewQuery } from '../../../shared/journeys/query-schemas'
import type { OverviewResult } from '../../../shared/journeys/results'
import type { CallContext } from '../../../shared/rpc/contract'
import type { EngineQuery } from '../rules/engine-query'
import { OverviewAccumulator } from '../reducers/overview-reducer'
import type { LocalDataset } from './local-dataset'
import { compileLocalScope, eventInScope, sessionDevice } from './local-scope'
import { WorkTicker } from './work-ticker'

export interface LocalOverviewRun {
  result: Omit<OverviewResult, 'plan'>
  eventsInScope: number
}

/** The overview over every in-scope event of the data set. */
export async function runLocalOverview(
  dataset: LocalDataset,
  query: EngineQuery<OverviewQuery>,
  context: CallContext
): Promise<LocalOverviewRun> {
  // Events are stored user by user, so distinct users can be counted by runs.
  const accumulator = new OverviewAccumulator<number>(query.timeZone, query.topPages, {
    usersContiguous: true
  })
  const scope = compileLocalScope(dataset, query)
  const { eventTime, eventUser, eventSession, eventType, eventPage, pages } = dataset
  const typeNames = dataset.eventTypes.values
  const purchase = dataset.eventTypes.codeOf(EVENT_TYPES.purchase)
  const n = dataset.eventCount
  const ticker = new WorkTicker(context, 'Overview', n)
  let eventsInScope = 0
  for (let i = 0; i < n; i++) {
    if ((i & 16383) === 0) await ticker.tick(i)
    if (!eventInScope(dataset, scope, i)) continue
    eventsInScope++
    const type = eventType[i] as number
    const page = eventPage[i] as number
    const isPurchase = type === purchase
    accumulator.add(
      eventTime[i] as number,
      eventUser[i] as number,
      eventSession[i] as number,
      typeNames[type] as string,
      page < 0 ? undefined : pages.values[page],
      isPurchase ? dataset.metadataValue('amount', i) : undefined,
      isPurchase ? dataset.metadataValue('currency', i) : undefined
    )
  }
  ticker.throwIfCancelled()
  const result = accumulator.result((s) => sessionDevice(dataset, s))
  return { result, eventsInScope }
}
