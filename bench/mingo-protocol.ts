import type { EngineQuery } from '../src/main/engine/rules/engine-query'
import type {
  CustomerCaseFileQuery,
  FlowQuery,
  FunnelQuery,
  OverviewQuery
} from '../src/shared/journeys/query-schemas'

/** One query for the mingo child: which pipelines to run, and the query they are built from. */
export type MingoJob =
  | { kind: 'funnel'; query: EngineQuery<FunnelQuery> }
  | { kind: 'flows'; query: EngineQuery<FlowQuery> }
  | { kind: 'caseFile'; query: EngineQuery<CustomerCaseFileQuery> }
  | { kind: 'overview'; query: EngineQuery<OverviewQuery> }

/** Messages from the bench process to the mingo child. */
export type ToMingoChild =
  { type: 'load'; folder: string } | { type: 'run'; id: number; job: MingoJob }

/** Messages from the mingo child back. */
export type FromMingoChild =
  | {
      type: 'loaded'
      ms: number
      counts: { users: number; sessions: number; events: number }
      heapUsedMb: number
      rssMb: number
    }
  | {
      type: 'result'
      id: number
      /** Wall time of the pipelines and their post-processing, in the child. */
      ms: number
      result: unknown
      /** Users or sessions whose arrays hit the pipelines' cap (must be 0 for exact answers). */
      capped: number
      /** Peak RSS of the child so far. */
      maxRssMb: number
    }
  | { type: 'error'; id: number | null; message: string }
