import { useCallback, useEffect, useRef, useState } from 'react'
import { useStore } from 'zustand'
import type { WorkbenchApi } from '../../../../shared/contracts'
import type { CallOptions } from '../../../../shared/rpc/contract'
import { api } from '../../api/workbench-api'
import { useSourceStore } from '../source/source-store'
import { queryKey } from './query-key'
import { createQueryRunner, type QueryRunner, type QueryRunState } from './query-runner'

type JourneysApi = WorkbenchApi['journeys']
export type JourneyMethod = keyof JourneysApi
export type JourneyInput<M extends JourneyMethod> = Parameters<JourneysApi[M]>[0]
export type JourneyResult<M extends JourneyMethod> = Awaited<ReturnType<JourneysApi[M]>>

export interface JourneyQuery<R> extends QueryRunState<R> {
  /** The key of the input asked for now; `resultKey !== wantedKey` means the result is older. */
  wantedKey: string | null
  /** Runs the current input again (Retry, Reconnect). */
  rerun: () => void
  cancel: () => void
}

/**
 * Runs `api.journeys[method](input)` whenever the input changes (null: nothing to run), through one
 * query runner per component: progress after 300 ms, Cancel, errors, the last good result kept.
 */
export function useJourneyQuery<M extends JourneyMethod>(
  method: M,
  input: JourneyInput<M> | null
): JourneyQuery<JourneyResult<M>> {
  return useKeyedQuery<JourneyInput<M>, JourneyResult<M>>(
    (query, options) =>
      (api.journeys[method] as (i: unknown, o: CallOptions) => Promise<JourneyResult<M>>)(
        query,
        options
      ),
    method,
    input
  )
}

/**
 * Runs `call(input)` whenever the input changes (null: nothing to run), keyed by `name` and the
 * input, through one query runner per component: what every service query of a screen uses.
 */
export function useKeyedQuery<I, R>(
  call: (input: I, options: CallOptions) => Promise<R>,
  name: string,
  input: I | null
): JourneyQuery<R> {
  const runner = useQueryRunner<I, R>(call)
  // A source's data that changed under the app (an offline copy refreshed) is asked again.
  const revision = useSourceStore((state) => state.dataRevision)
  const key = input === null ? null : `${queryKey(name, input)} #${String(revision)}`
  const latest = useRef(input)
  latest.current = input
  useEffect(() => {
    if (key === null || latest.current === null) return
    void runner.run(latest.current, key)
  }, [runner, key])
  const state = useStore(runner.store)
  const rerun = useCallback(() => {
    if (key !== null && latest.current !== null) void runner.run(latest.current, key)
  }, [runner, key])
  return { ...state, wantedKey: key, rerun, cancel: runner.cancel }
}

/** One runner for the component's lifetime; cancelled when it unmounts. */
export function useQueryRunner<I, R>(
  call: (input: I, options: CallOptions) => Promise<R>
): QueryRunner<I, R> {
  const callRef = useRef(call)
  callRef.current = call
  const [runner] = useState(() =>
    createQueryRunner<I, R>((input, options) => callRef.current(input, options))
  )
  useEffect(
    () => () => {
      runner.cancel()
    },
    [runner]
  )
  return runner
}
