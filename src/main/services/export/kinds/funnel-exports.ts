import type { ExportRequestOf } from '../../../../shared/export/export-request'
import { TIME_TO_CONVERT_BUCKETS } from '../../../../shared/journeys/results'
import { funnelStepLabels } from '../../../engine/rules/step-labels'
import type { FunnelUserRow } from '../../../engine/row-sources'
import { csvFileName } from '../export-file-name'
import { engineQueryOf, type ExportKindDefinition } from '../export-kind'
import { describeColumns, tableOf, type TableColumn } from '../export-table'

type FunnelUsersRequest = ExportRequestOf<'funnelUsers'>

/** User, furthest step, entry, then one time column per step (empty past the furthest step). */
function funnelUserColumns(request: FunnelUsersRequest): TableColumn<FunnelUserRow>[] {
  const labels = funnelStepLabels(request.steps, request.mode)
  const stepTime = (row: FunnelUserRow, index: number): Date | null => {
    const time = row.times[index]
    return time === undefined ? null : new Date(time)
  }
  return [
    { key: 'userId', header: 'User id', value: (row) => row.userId },
    { key: 'furthestStep', header: 'Furthest step', value: (row) => row.furthest },
    { key: 'entryTime', header: 'Entry time (UTC)', value: (row) => stepTime(row, 0) },
    { key: 'entrySessionId', header: 'Entry session id', value: (row) => row.entrySessionId },
    ...labels.map((label, index): TableColumn<FunnelUserRow> => ({
      key: `step${index + 1}Time`,
      header: `Step ${index + 1}: ${label} (UTC)`,
      value: (row) => stepTime(row, index)
    }))
  ]
}

/** `funnel-reached-step-2`, then the group (`chrome`) and the bucket (`1-5-min`) when narrowed. */
function funnelUsersNameParts(request: FunnelUsersRequest): string[] {
  const parts = ['funnel', request.outcome, 'step', String(request.step)]
  if (request.breakdownValue !== undefined) parts.push(request.breakdownValue)
  const bucket =
    request.timeToConvertBucket === undefined
      ? undefined
      : TIME_TO_CONVERT_BUCKETS[request.timeToConvertBucket]
  if (bucket) parts.push(bucket.label)
  return parts
}

/**
 * Every user who reached, or dropped off at, a funnel step (of one breakdown group or one
 * time-to-convert bucket, when the request narrows it), with their step times.
 */
export const funnelUsersExport: ExportKindDefinition<FunnelUsersRequest> = {
  fileName: (request) => csvFileName(...funnelUsersNameParts(request), 'users'),
  columns: (request) => Promise.resolve(describeColumns(funnelUserColumns(request))),
  async open(request, engine, context, chosen) {
    const stream = await engine.rowSources.funnelUsers(engineQueryOf(request), context)
    return tableOf(funnelUserColumns(request), stream, chosen)
  }
}
