import type { CatalogueResult } from '../../../shared/journeys/results'
import { compareUtf8 } from './compare-ids'

/** The most pages a catalogue lists (by views); `pagesTotal` counts them all. */
export const CATALOGUE_PAGE_LIMIT = 1000

/** What every engine counts for the catalogue, before sorting and cutting. */
export interface CatalogueCounts {
  /** Events per `eventType` (string values only). */
  eventTypes: ReadonlyMap<string, number>
  /** Page views per string `metadata.pageUrl`, already limited to the prefix. */
  pages: ReadonlyMap<string, number>
  /** Distinct pages with the prefix, when `pages` was already cut (the pipeline strategy). */
  pagesTotal?: number
  /** Session documents per string `deviceInfo.browser` / `.os`. */
  browsers: ReadonlyMap<string, number>
  operatingSystems: ReadonlyMap<string, number>
}

export type CatalogueLists = Omit<CatalogueResult, 'computedAt' | 'fromCache' | 'plan'>

/**
 * The catalogue's lists from counts (docs/query-semantics.md): by count desc then name in UTF-8 byte
 * order; pages cut to the first 1,000, `pagesTotal` counting them all.
 */
export function catalogueLists(counts: CatalogueCounts): CatalogueLists {
  const ranked = (map: ReadonlyMap<string, number>): [string, number][] =>
    [...map.entries()].sort(([a, x], [b, y]) => y - x || compareUtf8(a, b))
  return {
    eventTypes: ranked(counts.eventTypes).map(([name, events]) => ({ name, events })),
    pages: ranked(counts.pages)
      .slice(0, CATALOGUE_PAGE_LIMIT)
      .map(([page, views]) => ({ page, views })),
    pagesTotal: counts.pagesTotal ?? counts.pages.size,
    browsers: ranked(counts.browsers).map(([name, sessions]) => ({ name, sessions })),
    operatingSystems: ranked(counts.operatingSystems).map(([name, sessions]) => ({
      name,
      sessions
    }))
  }
}

/** Whether a page belongs to the catalogue's prefix (literal and case-sensitive; none: all). */
export function hasPagePrefix(page: string, prefix: string | undefined): boolean {
  return prefix === undefined || page.startsWith(prefix)
}

function increment(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1)
}

/** Counts a session's raw `deviceInfo`: its browser and its OS, each when it is a string. */
export function countDevice(
  browsers: Map<string, number>,
  operatingSystems: Map<string, number>,
  deviceInfo: unknown
): void {
  if (typeof deviceInfo !== 'object' || deviceInfo === null) return
  const { browser, os } = deviceInfo as { browser?: unknown; os?: unknown }
  if (typeof browser === 'string') increment(browsers, browser)
  if (typeof os === 'string') increment(operatingSystems, os)
}
