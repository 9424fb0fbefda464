import type { OverviewQuery } from '../../src/shared/journeys/query-schemas'

/*
 * The overview (docs/query-semantics.md) in DuckDB SQL, days in UTC (the benchmark's zone):
 * per day distinct users and sessions, page views, purchases, revenue per currency; top pages;
 * sessions by browser and OS. Written for the benchmark's overview: no segment.
 */

export type SqlOverview = Pick<OverviewQuery, 'range' | 'topPages'>

function scoped(overview: SqlOverview): string {
  const range = [
    overview.range.from ? `t >= ${overview.range.from.getTime()}` : null,
    overview.range.to ? `t < ${overview.range.to.getTime()}` : null
  ].filter(Boolean)
  return `scoped AS (SELECT *, strftime(epoch_ms(t), '%Y-%m-%d') AS day FROM events
    ${range.length > 0 ? `WHERE ${range.join(' AND ')}` : ''})`
}

export function overviewDaysSql(overview: SqlOverview): string {
  return `WITH ${scoped(overview)}
    SELECT day, count(DISTINCT user_id) AS users, count(DISTINCT session_id) AS sessions,
      count(*) FILTER (WHERE type = 'PAGE_VIEW') AS page_views,
      count(*) FILTER (WHERE type = 'PURCHASE') AS purchases
    FROM scoped GROUP BY day`
}

export function overviewTotalsSql(overview: SqlOverview): string {
  return `WITH ${scoped(overview)}
    SELECT count(DISTINCT user_id) AS users, count(DISTINCT session_id) AS sessions,
      count(*) FILTER (WHERE type = 'PAGE_VIEW') AS page_views,
      count(*) FILTER (WHERE type = 'PURCHASE') AS purchases
    FROM scoped`
}

/** Revenue per day and currency (a purchase without a text currency counts as `(none)`). */
export function overviewRevenueSql(overview: SqlOverview): string {
  return `WITH ${scoped(overview)}
    SELECT day, coalesce(currency, '(none)') AS currency, sum(coalesce(amount, 0)) AS amount
    FROM scoped WHERE type = 'PURCHASE' GROUP BY day, coalesce(currency, '(none)')`
}

export function overviewTopPagesSql(overview: SqlOverview): string {
  return `WITH ${scoped(overview)}
    SELECT page, count(*) AS views, count(DISTINCT user_id) AS users
    FROM scoped WHERE type = 'PAGE_VIEW' AND page IS NOT NULL
    GROUP BY page ORDER BY views DESC, page LIMIT ${overview.topPages}`
}

/** Sessions having in-scope events, by the `deviceInfo` field of their session document. */
export function overviewDevicesSql(overview: SqlOverview, field: 'browser' | 'os'): string {
  return `WITH ${scoped(overview)}, used AS (SELECT DISTINCT session_id FROM scoped)
    SELECT coalesce(s.${field}, '(unknown)') AS name, count(*) AS sessions
    FROM used u LEFT JOIN sessions s ON s.id = u.session_id GROUP BY 1`
}

/** Revenue per currency over the whole range (summed, then rounded, as each day's). */
export function overviewTotalRevenueSql(overview: SqlOverview): string {
  return `WITH ${scoped(overview)}
    SELECT coalesce(currency, '(none)') AS currency, sum(coalesce(amount, 0)) AS amount
    FROM scoped WHERE type = 'PURCHASE' GROUP BY 1`
}
