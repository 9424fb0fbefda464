import type { DuckDBConnection } from '@duckdb/node-api'
import { funnelStepLabels } from '../../src/main/engine/rules/step-labels'
import { stepConversions } from '../../src/main/engine/rules/funnel-arithmetic'
import {
  TIME_TO_CONVERT_BUCKETS,
  type FunnelResult,
  type FunnelStepResult
} from '../../src/shared/journeys/results'
import { rowsOf } from './duckdb-load'
import { funnelAggregateSql, type SqlFunnel } from './funnel-sql'

/** A funnel answered by DuckDB, in the shape the engines answer (without the plan). */
export async function duckDbFunnel(
  connection: DuckDBConnection,
  funnel: SqlFunnel
): Promise<Omit<FunnelResult, 'plan'>> {
  const [row = {}] = await rowsOf(connection, funnelAggregateSql(funnel))
  const labels = funnelStepLabels(funnel.steps, funnel.mode)
  const users = labels.map((_, k) => Number(row[`users${k + 1}`] ?? 0))
  const steps: FunnelStepResult[] = labels.map((label, index) => {
    const k = index + 1
    const median = row[`median${k}`]
    return {
      label,
      users: users[index] ?? 0,
      ...stepConversions(users, index),
      medianSecondsFromPrevious:
        k === 1 || median === null || median === undefined ? null : Number(median),
      timeToConvert:
        k === 1
          ? null
          : TIME_TO_CONVERT_BUCKETS.map((bucket, b) => ({
              label: bucket.label,
              fromSeconds: bucket.from,
              toSeconds: bucket.to,
              users: Number(row[`bucket${k}_${b}`] ?? 0)
            }))
    }
  })
  return { steps }
}
