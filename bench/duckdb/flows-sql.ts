import type { FlowQuery } from '../../src/shared/journeys/query-schemas'

/*
 * Flows (docs/query-semantics.md) in DuckDB SQL: per session, page views in event order with
 * consecutive repeats merged, cut at the first view of the page, walked `depth` steps forward (or
 * back), `(exit)`/`(entry)` where the session ends; the top N pages per step keep their name and
 * the rest become `(other)`. Nodes and edges with sessions and distinct users (a session's user is
 * the userId of its first page view). Written for the benchmark's flows: no segment.
 */

export type SqlFlow = Pick<FlowQuery, 'page' | 'direction' | 'depth' | 'topN' | 'range'>

const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`

function walkSql(flow: SqlFlow): string {
  const range = [
    flow.range.from ? `t >= ${flow.range.from.getTime()}` : null,
    flow.range.to ? `t < ${flow.range.to.getTime()}` : null
  ].filter(Boolean)
  const forward = flow.direction === 'from'
  const bound = forward ? "'(exit)'" : "'(entry)'"
  const steps = forward
    ? `SELECT m.session_id, m.pos - f.p0 AS step, m.page FROM merged m JOIN firsts f USING (session_id)
         WHERE m.pos > f.p0 AND m.pos - f.p0 <= ${flow.depth}
       UNION ALL SELECT session_id, len - p0 + 1 AS step, ${bound} FROM firsts WHERE len - p0 + 1 <= ${flow.depth}`
    : `SELECT m.session_id, f.p0 - m.pos AS step, m.page FROM merged m JOIN firsts f USING (session_id)
         WHERE m.pos < f.p0 AND f.p0 - m.pos <= ${flow.depth}
       UNION ALL SELECT session_id, p0 AS step, ${bound} FROM firsts WHERE p0 <= ${flow.depth}`
  return `views AS (SELECT session_id, user_id, id, t, page FROM events
      WHERE type = 'PAGE_VIEW' AND page IS NOT NULL${range.map((r) => ` AND ${r}`).join('')}),
    ordered AS (SELECT *, lag(page) OVER w AS previous, row_number() OVER w AS rn FROM views
      WINDOW w AS (PARTITION BY session_id ORDER BY t, id)),
    session_users AS (SELECT session_id, arg_min(user_id, rn) AS user_id FROM ordered GROUP BY session_id),
    merged AS (SELECT session_id, page, row_number() OVER (PARTITION BY session_id ORDER BY rn) AS pos,
      count(*) OVER (PARTITION BY session_id) AS len FROM ordered WHERE previous IS NULL OR previous <> page),
    firsts AS (SELECT session_id, min(pos) AS p0, any_value(len) AS len FROM merged
      WHERE page = ${literal(flow.page)} GROUP BY session_id),
    walk AS (${steps}),
    counts AS (SELECT step, page, count(*) AS sessions FROM walk WHERE page NOT IN ('(exit)', '(entry)') GROUP BY step, page),
    ranked AS (SELECT step, page, row_number() OVER (PARTITION BY step ORDER BY sessions DESC, page) AS r FROM counts),
    named AS (SELECT w.session_id, w.step,
        CASE WHEN w.page IN ('(exit)', '(entry)') OR r.r <= ${flow.topN} THEN w.page ELSE '(other)' END AS name
      FROM walk w LEFT JOIN ranked r USING (step, page)
      UNION ALL SELECT session_id, 0 AS step, ${literal(flow.page)} AS name FROM firsts)`
}

/** Nodes: step, shown page, sessions, distinct users. */
export function flowNodesSql(flow: SqlFlow): string {
  return `WITH ${walkSql(flow)}
    SELECT n.step, n.name AS page, count(*) AS sessions, count(DISTINCT u.user_id) AS users
    FROM named n JOIN session_users u USING (session_id) GROUP BY n.step, n.name`
}

/** Edges between consecutive steps (earlier step first), with sessions and distinct users. */
export function flowEdgesSql(flow: SqlFlow): string {
  return `WITH ${walkSql(flow)}
    SELECT b.step, a.name AS inner_name, b.name AS outer_name, count(*) AS sessions,
      count(DISTINCT u.user_id) AS users
    FROM named a JOIN named b ON a.session_id = b.session_id AND b.step = a.step + 1
    JOIN session_users u ON u.session_id = a.session_id
    GROUP BY b.step, a.name, b.name`
}
