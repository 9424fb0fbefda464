import { EVENT_TYPES } from '../../../shared/journeys/documents'
import type { CatalogueQuery } from '../../../shared/journeys/query-schemas'
import type { CallContext } from '../../../shared/rpc/contract'
import type { EngineQuery } from '../rules/engine-query'
import { catalogueLists, hasPagePrefix, type CatalogueLists } from '../rules/catalogue-lists'
import type { LocalDataset } from './local-dataset'
import { WorkTicker } from './work-ticker'

export interface LocalCatalogueRun {
  lists: CatalogueLists
  /** Sessions with a document (the ones whose browser and OS are counted). */
  sessionDocuments: number
}

/**
 * The catalogue over the whole data set (no scope): event types and page views counted by their
 * codes in one pass over the event columns, browsers and OS by their codes over the sessions that
 * have a document (a session known only from its events has no device).
 */
export async function runLocalCatalogue(
  dataset: LocalDataset,
  query: EngineQuery<CatalogueQuery>,
  context: CallContext
): Promise<LocalCatalogueRun> {
  const { eventType, eventPage, eventTypes, pages } = dataset
  const typeCounts = new Float64Array(eventTypes.size)
  const pageCounts = new Float64Array(pages.size)
  const pageView = eventTypes.codeOf(EVENT_TYPES.pageView)
  const n = eventType.length
  const ticker = new WorkTicker(context, 'Catalogue', n)
  for (let i = 0; i < n; i++) {
    if ((i & 262143) === 0) await ticker.tick(i)
    const type = eventType[i] as number
    typeCounts[type] = (typeCounts[type] as number) + 1
    const page = eventPage[i] as number
    if (type === pageView && page >= 0) pageCounts[page] = (pageCounts[page] as number) + 1
  }
  ticker.throwIfCancelled()
  const typeMap = new Map<string, number>()
  typeCounts.forEach((count, code) => {
    if (count > 0) typeMap.set(eventTypes.values[code] as string, count)
  })
  const pageMap = new Map<string, number>()
  pageCounts.forEach((count, code) => {
    const page = pages.values[code] as string
    if (count > 0 && hasPagePrefix(page, query.pagePrefix)) pageMap.set(page, count)
  })
  const { sessionBrowser, sessionOs, deviceValues } = dataset
  const browserCounts = new Float64Array(deviceValues.length)
  const osCounts = new Float64Array(deviceValues.length)
  let sessionDocuments = 0
  for (let s = 0; s < dataset.sessionCount; s++) {
    if (!dataset.hasSessionDocument(s)) continue
    sessionDocuments++
    const browser = sessionBrowser[s] as number
    const os = sessionOs[s] as number
    if (browser >= 0) browserCounts[browser] = (browserCounts[browser] as number) + 1
    if (os >= 0) osCounts[os] = (osCounts[os] as number) + 1
  }
  const byValue = (counts: Float64Array) => {
    const map = new Map<string, number>()
    counts.forEach((count, code) => {
      if (count > 0) map.set(deviceValues[code] as string, count)
    })
    return map
  }
  return {
    lists: catalogueLists({
      eventTypes: typeMap,
      pages: pageMap,
      browsers: byValue(browserCounts),
      operatingSystems: byValue(osCounts)
    }),
    sessionDocuments
  }
}
