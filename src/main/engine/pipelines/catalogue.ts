import type { CatalogueQuery } from '../../../shared/journeys/query-schemas'
import type { EngineQuery } from '../rules/engine-query'
import { CATALOGUE_PAGE_LIMIT, catalogueLists, type CatalogueLists } from '../rules/catalogue-lists'
import { prefixRegex } from './expressions'
import {
  aggregateOn,
  COLLECTIONS,
  INDEXES,
  type AggregateSpec,
  type SessionDeviceOptions,
  type Stage
} from './pipeline-spec'
import { pageViewFilter } from './scope-match'

export interface CataloguePipelines {
  /** Rows `{ _id: eventType, events }`. */
  eventTypes: AggregateSpec
  /** Rows `{ _id: page, views }`: the first 1,000 by views desc, then page. */
  pages: AggregateSpec
  /** One row `{ pages }`: distinct pages with the prefix (none when there are none). */
  pageCount: AggregateSpec
  /** Rows `{ _id: { b, o }, sessions }`: session documents per (browser, OS) pair. */
  devices: AggregateSpec
}

/**
 * The catalogue as four small aggregations, each shaped for an index:
 * - event types: `$sort` on `eventType` then `$group` with a count, which the `{ eventType: 1,
 *   timestamp: 1 }` index answers as a covered scan (no document is fetched);
 * - pages: the page views (equality on `eventType`, so the same index narrows them) with the prefix
 *   as an anchored regex, grouped by page; ranked and cut on the server;
 * - devices: sessions grouped by (browser, OS); few rows, one pass over the sessions.
 */
export function buildCataloguePipelines(
  query: EngineQuery<CatalogueQuery>,
  options: SessionDeviceOptions = {}
): CataloguePipelines {
  const pageMatch =
    query.pagePrefix === undefined || query.pagePrefix === ''
      ? pageViewFilter()
      : {
          $and: [
            pageViewFilter(),
            { 'metadata.pageUrl': { $regex: prefixRegex(query.pagePrefix) } }
          ]
        }
  const byPage = [
    { $match: pageMatch },
    { $group: { _id: '$metadata.pageUrl', views: { $sum: 1 } } }
  ]
  return {
    eventTypes: aggregateOn(
      COLLECTIONS.events,
      [{ $sort: { eventType: 1 } }, { $group: { _id: '$eventType', events: { $sum: 1 } } }],
      INDEXES.eventsByType
    ),
    pages: aggregateOn(
      COLLECTIONS.events,
      [...byPage, { $sort: { views: -1, _id: 1 } }, { $limit: CATALOGUE_PAGE_LIMIT }],
      INDEXES.eventsByType
    ),
    pageCount: aggregateOn(
      COLLECTIONS.events,
      [...byPage, { $group: { _id: null, pages: { $sum: 1 } } }],
      INDEXES.eventsByType
    ),
    devices: devicesSpec(options)
  }
}

/** Session documents per (browser, OS); with devices on the events, their sessions per device. */
function devicesSpec(options: SessionDeviceOptions): AggregateSpec {
  const byDevice: Stage = {
    $group: {
      _id: { b: '$deviceInfo.browser', o: '$deviceInfo.os' },
      sessions: { $sum: 1 }
    }
  }
  const field = options.sessionDeviceField
  if (field === undefined) return aggregateOn(COLLECTIONS.sessions, [byDevice])
  return aggregateOn(COLLECTIONS.events, [
    { $match: { sessionId: { $ne: null } } },
    { $group: { _id: '$sessionId', deviceInfo: { $first: `$${field}` } } },
    byDevice
  ])
}

export interface CatalogueRows {
  eventTypes: Iterable<{ _id: unknown; events: number }>
  pages: Iterable<{ _id: unknown; views: number }>
  pageCount: Iterable<{ pages: number }>
  devices: Iterable<{ _id: { b?: unknown; o?: unknown }; sessions: number }>
}

/** The catalogue's lists from the rows (string values only; the server's order is not trusted). */
export function catalogueFromRows(rows: CatalogueRows): CatalogueLists {
  const eventTypes = new Map<string, number>()
  for (const row of rows.eventTypes) {
    if (typeof row._id === 'string') eventTypes.set(row._id, row.events)
  }
  const pages = new Map<string, number>()
  for (const row of rows.pages) if (typeof row._id === 'string') pages.set(row._id, row.views)
  let pagesTotal = 0
  for (const row of rows.pageCount) pagesTotal += row.pages
  const browsers = new Map<string, number>()
  const operatingSystems = new Map<string, number>()
  for (const { _id, sessions } of rows.devices) {
    if (typeof _id.b === 'string') browsers.set(_id.b, (browsers.get(_id.b) ?? 0) + sessions)
    if (typeof _id.o === 'string') {
      operatingSystems.set(_id.o, (operatingSystems.get(_id.o) ?? 0) + sessions)
    }
  }
  return catalogueLists({ eventTypes, pages, pagesTotal, browsers, operatingSystems })
}
