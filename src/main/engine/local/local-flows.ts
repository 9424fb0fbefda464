import { EVENT_TYPES, type EventDocument } from '../../../shared/journeys/documents'
import type { FlowQuery, FlowUsersQuery } from '../../../shared/journeys/query-schemas'
import type { FlowResult, FlowUsersResult } from '../../../shared/journeys/results'
import type { CallContext } from '../../../shared/rpc/contract'
import type { EngineQuery } from '../rules/engine-query'
import { walkFlowPath } from '../reducers/flow-path'
import { FlowAccumulator } from '../reducers/flow-reducer'
import { resolveFlowSelection } from '../reducers/flow-selection'
import { FlowUsersCollector } from '../reducers/flow-users'
import type { LocalDataset } from './local-dataset'
import { compileLocalScope } from './local-scope'
import { localUserContact } from './local-user-contact'
import { flowUsersWithContacts } from '../rules/user-contacts'
import { WorkTicker } from './work-ticker'

export interface LocalFlowRun {
  result: Omit<FlowResult, 'plan'>
  sessionsScanned: number
}

export interface LocalFlowUsersRun {
  result: Omit<FlowUsersResult, 'plan'>
  keptPerStep: number
  sessionsScanned: number
}

/**
 * Flows over every session that has a view of the page: its in-scope page views go to the flow
 * reducer with the session's user (the `userId` of its first in-scope page view), in session
 * order; the reducer groups each user's sessions when it counts users.
 */
export async function runLocalFlows(
  dataset: LocalDataset,
  query: EngineQuery<FlowQuery>,
  context: CallContext
): Promise<LocalFlowRun> {
  const accumulator = new FlowAccumulator<number>(query)
  const sessionsScanned = await walkLocalFlowPaths(dataset, query, context, (path, user) => {
    accumulator.addPath(path, user)
  })
  return { result: accumulator.result(), sessionsScanned }
}

/** The users behind one node or edge of the flow: the same walk, collecting the sessions there. */
export async function runLocalFlowUsers(
  dataset: LocalDataset,
  query: EngineQuery<FlowUsersQuery>,
  context: CallContext
): Promise<LocalFlowUsersRun> {
  const collector = new FlowUsersCollector<number>(resolveFlowSelection(query, query.selection))
  const accumulator = new FlowAccumulator<number>(query)
  const { userIds, sessionIds } = dataset
  const sessionsScanned = await walkLocalFlowPaths(
    dataset,
    query,
    context,
    (path, user, session) => {
      accumulator.addPath(path, user)
      collector.add(
        path,
        user,
        userIds[user] as EventDocument['userId'],
        sessionIds[session] as EventDocument['sessionId']
      )
    }
  )
  const { kept, names } = accumulator.budgetedNames()
  const page = collector.result(names, query.users)
  const users = flowUsersWithContacts(page.users, (id) => localUserContact(dataset, id))
  return { result: { ...page, users }, keptPerStep: kept, sessionsScanned }
}

/**
 * Walks every session in the flow (in scope, viewing the page), user by user, and hands its path
 * (walkFlowPath), user index and session index to `onPath`. Returns the sessions that viewed the
 * page at all (before the scope's time and metadata rules).
 */
async function walkLocalFlowPaths(
  dataset: LocalDataset,
  query: EngineQuery<FlowQuery>,
  context: CallContext,
  onPath: (path: readonly string[], user: number, session: number) => void
): Promise<number> {
  const target = dataset.pages.codeOf(query.page)
  const pageView = dataset.eventTypes.codeOf(EVENT_TYPES.pageView)
  const sessionCount = dataset.sessionCount
  if (target < 0 || pageView < 0) return 0

  const { fromMs, toMs, sessionPasses, eventPasses } = compileLocalScope(dataset, query)
  const { sessionEventStart, sessionEvents, sessionEventTime, sessionEventType, sessionEventPage } =
    dataset
  const { eventUser } = dataset
  const pageNames = dataset.pages.values
  // Reused from session to session: only the first `length` entries are the session's.
  const urls: string[] = []
  const path: string[] = []
  const ticker = new WorkTicker(context, 'Flows', sessionCount)
  let sessionsScanned = 0
  // In session order: the session-ordered columns are then read front to back (user by user,
  // they were read in jumps, a cache miss or more per session on 10 M events).
  for (let s = 0; s < sessionCount; s++) {
    if ((s & 1023) === 0) await ticker.tick(s)
    if (sessionPasses !== null && sessionPasses[s] !== 1) continue
    const from = sessionEventStart[s] as number
    const to = sessionEventStart[s + 1] as number
    // Most sessions never view the page: find that out before building anything.
    let first = -1
    for (let k = from; k < to; k++) {
      if (sessionEventPage[k] === target && sessionEventType[k] === pageView) {
        first = k
        break
      }
    }
    if (first < 0) continue
    sessionsScanned++
    let length = 0
    let user = -1
    for (let k = from; k < to; k++) {
      const page = sessionEventPage[k] as number
      if (page < 0 || sessionEventType[k] !== pageView) continue
      const t = sessionEventTime[k] as number
      if (!(t >= fromMs && t < toMs)) continue
      const i = sessionEvents[k] as number
      if (eventPasses !== null && eventPasses[i] !== 1) continue
      if (user < 0) user = eventUser[i] as number
      urls[length++] = pageNames[page] as string
    }
    if (length > 0 && walkFlowPath(query, urls, length, path)) onPath(path, user, s)
  }
  ticker.throwIfCancelled()
  return sessionsScanned
}
