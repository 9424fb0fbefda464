import type { WorkbenchApi } from '../../../../shared/contracts'
import type { CallOptions } from '../../../../shared/rpc/contract'
import { api } from '../../api/workbench-api'
import { useKeyedQuery, type JourneyQuery } from '../../app/query/use-journey-query'

type MappingApi = WorkbenchApi['mapping']
type MappingMethod = keyof MappingApi
type MappingInput<M extends MappingMethod> = Parameters<MappingApi[M]>[0]
type MappingResult<M extends MappingMethod> = Awaited<ReturnType<MappingApi[M]>>

/** Runs `api.mapping[method](input)` whenever the input changes, as screens run their queries. */
export function useMappingQuery<M extends MappingMethod>(
  method: M,
  input: MappingInput<M> | null
): JourneyQuery<MappingResult<M>> {
  return useKeyedQuery<MappingInput<M>, MappingResult<M>>(
    (query, options) =>
      (api.mapping[method] as (i: unknown, o: CallOptions) => Promise<MappingResult<M>>)(
        query,
        options
      ),
    `mapping.${method}`,
    input
  )
}
