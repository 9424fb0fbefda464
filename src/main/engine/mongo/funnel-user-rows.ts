import type { Db } from 'mongodb'
import type { DocumentId, EventDocument } from '../../../shared/journeys/documents'
import type { CallContext } from '../../../shared/rpc/contract'
import {
  buildFunnelUserRowsPipeline,
  type FunnelUserPipelineRow
} from '../pipelines/funnel-user-rows'
import type { ArrayCapOptions } from '../pipelines/pipeline-spec'
import { FunnelDocumentReducer } from '../reducers/funnel-document-reducer'
import { selectsFunnelUserOutcome } from '../reducers/funnel-user-selection'
import {
  rowStream,
  type FunnelUserRow,
  type FunnelUsersRowsQuery,
  type RowStream
} from '../row-sources'
import { cursorBatches, openSpecCursor } from './cursor-rows'
import { funnelEventsFind, toPlanStep } from './find-specs'
import { ConsecutiveEventGroups } from './group-consecutive'
import type { CursorOptions } from './run-find'
import { loadSessionDevices, needsSessionDevices } from './session-devices'

/**
 * The reducer strategy's funnel users: the funnel's one sorted find, cut user by user into the same
 * reducer as the funnel, each selected user yielded as soon as their events have passed. Memory is
 * one user's events (plus the session devices when the segment names browsers or systems).
 */
export async function reducerFunnelUserRows(
  db: Db,
  cursorOptions: CursorOptions,
  query: FunnelUsersRowsQuery,
  context: CallContext
): Promise<RowStream<FunnelUserRow>> {
  // Session devices when the scope names browsers or systems, or a breakdown group is selected.
  const groupBy = query.breakdownValue === undefined ? undefined : query.breakdown
  const devices = needsSessionDevices(query.segment, groupBy)
    ? (await loadSessionDevices(db, query.segment, cursorOptions, context)).devices
    : null
  const reducer = new FunnelDocumentReducer(query, (sessionId) => devices?.get(sessionId))
  return rowStream(async function* () {
    const ready: FunnelUserRow[] = []
    const groups = new ConsecutiveEventGroups(
      (event) => event.userId,
      (userId, events) => {
        const outcome = reducer.addUser(userId, events)
        if (outcome && selectsFunnelUserOutcome(query, outcome, reducer.breakdownKey(outcome))) {
          ready.push({
            userId,
            furthest: outcome.furthest,
            times: outcome.times,
            entrySessionId: outcome.entrySession
          })
        }
      }
    )
    const cursor = openSpecCursor(db, toPlanStep(funnelEventsFind(query)), cursorOptions)
    for await (const batch of cursorBatches(cursor, context.signal)) {
      for (const event of batch) groups.push(event as EventDocument)
      if (ready.length > 0) yield* ready.splice(0)
    }
    groups.finish()
    yield* ready
  })
}

/**
 * The pipeline strategy's funnel users: one aggregation (`buildFunnelUserRowsPipeline`) read as a
 * cursor. Users whose events passed the array cap are counted into a note.
 */
export function pipelineFunnelUserRows(
  db: Db,
  cursorOptions: CursorOptions,
  caps: ArrayCapOptions,
  query: FunnelUsersRowsQuery,
  context: CallContext
): Promise<RowStream<FunnelUserRow>> {
  const spec = buildFunnelUserRowsPipeline(query, caps)
  return Promise.resolve(
    rowStream(async function* (notes) {
      let capped = 0
      const cursor = openSpecCursor<FunnelUserPipelineRow>(db, spec, cursorOptions)
      for await (const batch of cursorBatches(cursor, context.signal)) {
        for (const row of batch) {
          if (row.capped) capped++
          yield {
            userId: row._id as DocumentId,
            furthest: row.f,
            times: row.ts.map(epochMs),
            entrySessionId: (row.s ?? null) as DocumentId | null
          }
        }
      }
      if (capped > 0) {
        notes.push(
          `${capped.toLocaleString('en-US')} user${capped === 1 ? '' : 's'} had more events in scope than the per-user cap; only their first events were evaluated.`
        )
      }
    })
  )
}

function epochMs(time: unknown): number {
  return time instanceof Date ? time.getTime() : Number(time)
}
