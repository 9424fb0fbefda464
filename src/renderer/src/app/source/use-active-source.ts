import { useMemo } from 'react'
import { paramOf } from '../routes/route'
import { useRoute } from '../routes/navigation'
import { parseSourceParam, type ActiveSource } from './active-source'
import { useSourceStore } from './source-store'

/** The source the current view names in its `source` parameter, else the remembered one. */
export function useActiveSource(): ActiveSource {
  const route = useRoute()
  const remembered = useSourceStore((state) => state.remembered)
  const text = paramOf(route, 'source')
  return useMemo(() => parseSourceParam(text) ?? remembered, [text, remembered])
}
