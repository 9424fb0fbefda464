import type { FunnelMode, FunnelStep } from '../../src/shared/journeys/query-schemas'
import { TIME_TO_CONVERT_BUCKETS } from '../../src/shared/journeys/results'

/*
 * The funnel of docs/query-semantics.md in DuckDB SQL, over the `events` table of
 * `duckdb-load.ts` (t: epoch ms, id: the _id text, event order = (t, id)). One row per user with the
 * furthest step and the chain's step times; `funnelAggregateSql` turns those into step counts,
 * medians and time-to-convert buckets. Written for the benchmark's funnels: steps by type and
 * page (exact or prefix), a window, an optional range; no segment.
 */

export interface SqlFunnel {
  steps: readonly FunnelStep[]
  mode: FunnelMode
  windowSeconds: number
  range: { from?: Date; to?: Date }
}

const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`

/** The step mask of an event: bit k-1 set when it matches step k. */
function maskExpression(steps: readonly FunnelStep[]): string {
  return steps
    .map((step, k) => {
      const type = `type = ${literal(step.eventType)}`
      const page = step.pageUrl
        ? step.pageUrl.endsWith('*')
          ? ` AND starts_with(page, ${literal(step.pageUrl.slice(0, -1))})`
          : ` AND page = ${literal(step.pageUrl)}`
        : ''
      return `(CASE WHEN ${type}${page} THEN ${1 << k} ELSE 0 END)`
    })
    .join(' | ')
}

function bounds(funnel: SqlFunnel): {
  from: string
  to: string
  considerTo: string
  window: number
} {
  const window = funnel.windowSeconds * 1000
  const from = funnel.range.from ? String(funnel.range.from.getTime()) : '-1e300'
  const to = funnel.range.to ? String(funnel.range.to.getTime()) : '1e300'
  const considerTo = funnel.range.to ? String(funnel.range.to.getTime() + window) : '1e300'
  return { from, to, considerTo, window }
}

/** The events a funnel considers, with their mask and (for `any`) their rank in the user. */
function consideredEvents(funnel: SqlFunnel, onlyMatching: boolean): string {
  const { from, considerTo } = bounds(funnel)
  return `SELECT user_id, id, CAST(t AS DOUBLE) AS t, ${maskExpression(funnel.steps)} AS m
    FROM events WHERE t >= ${from} AND t < ${considerTo}
    ${onlyMatching ? `AND (${maskExpression(funnel.steps)}) <> 0` : ''}`
}

const PREVIOUS_ROWS =
  'OVER (PARTITION BY user_id ORDER BY rn ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)'

/**
 * ordered, set-based: level k's chain changes only at a step-k event x whose level-(k-1) chain
 * (the last one set before x) has a later entry than the chain level k holds; with entries only
 * ever growing, that is the first step-k event (within the window) after each new level-(k-1)
 * entry time. Each level is two window passes (carry the level below forward, then the entry
 * time the previous step-k event saw), so ties and multi-step events follow the rule exactly.
 */
function orderedUsers(funnel: SqlFunnel): string {
  const { from, to, window } = bounds(funnel)
  const n = funnel.steps.length
  const ctes = [
    `considered AS (${consideredEvents(funnel, true)})`,
    `r AS (SELECT user_id, t, m, row_number() OVER (PARTITION BY user_id ORDER BY t, id) AS rn FROM considered)`,
    `l1 AS (SELECT *, CASE WHEN (m & 1) <> 0 AND t >= ${from} AND t < ${to} THEN {'e': t, 'ts': [t]} END AS u1 FROM r)`
  ]
  for (let k = 2; k <= n; k++) {
    const bit = 1 << (k - 1)
    ctes.push(
      `s${k} AS (SELECT *, last_value(u${k - 1} IGNORE NULLS) ${PREVIOUS_ROWS} AS below${k} FROM l${k - 1})`,
      `t${k} AS (SELECT *, CASE WHEN (m & ${bit}) <> 0 THEN below${k}.e END AS tau${k} FROM s${k})`,
      `p${k} AS (SELECT *, last_value(tau${k} IGNORE NULLS) ${PREVIOUS_ROWS} AS seen${k} FROM t${k})`,
      `l${k} AS (SELECT *, CASE WHEN tau${k} IS NOT NULL AND (seen${k} IS NULL OR tau${k} > seen${k})` +
        ` AND t - tau${k} <= ${window} THEN {'e': below${k}.e, 'ts': list_append(below${k}.ts, t)} END AS u${k} FROM p${k})`
    )
  }
  const finals = Array.from(
    { length: n },
    (_, i) => `arg_max(u${i + 1}, rn) FILTER (WHERE u${i + 1} IS NOT NULL) AS f${i + 1}`
  ).join(', ')
  ctes.push(`chains AS (SELECT user_id, ${finals} FROM l${n} GROUP BY user_id)`)
  return usersFromChains(ctes, n)
}

/**
 * strict, set-based: a chain of k steps starting at entry q is events q..q+k-1 (consecutive among
 * the user's considered events) matching steps 1..k within the window; `lead` looks ahead. The
 * kept chain of k steps has the latest entry time (ties: the first produced, the smallest q).
 */
function strictUsers(funnel: SqlFunnel): string {
  const { from, to, window } = bounds(funnel)
  const n = funnel.steps.length
  const ahead = Array.from({ length: n - 1 }, (_, j) => {
    const over = 'OVER (PARTITION BY user_id ORDER BY rn)'
    return `lead(m, ${j + 1}) ${over} AS m${j + 1}, lead(t, ${j + 1}) ${over} AS t${j + 1}`
  }).join(', ')
  // Length of the run from q: 1 when q is an entry, then while the next event matches the next step.
  let length = '0'
  for (let k = n; k >= 2; k--) {
    const j = k - 1
    const holds = `(m${j} & ${1 << (k - 1)}) <> 0 AND t${j} - t <= ${window}`
    length =
      k === n
        ? `CASE WHEN ${holds} THEN ${n} ELSE ${n - 1} END`
        : `CASE WHEN ${holds} THEN (${length}) ELSE ${k - 1} END`
  }
  const times = (k: number) =>
    `[t${Array.from({ length: k - 1 }, (_, j) => `, t${j + 1}`).join('')}]`
  const chain = (k: number) => `CASE WHEN len >= ${k} THEN {'e': t, 'ts': ${times(k)}} END`
  const finals = Array.from({ length: n }, (_, i) => {
    const k = i + 1
    return `arg_max(${chain(k)}, (t, -rn)) FILTER (WHERE len >= ${k}) AS f${k}`
  }).join(', ')
  const ctes = [
    `considered AS (${consideredEvents(funnel, false)})`,
    `r AS (SELECT user_id, t, m, row_number() OVER (PARTITION BY user_id ORDER BY t, id) AS rn FROM considered)`,
    `a AS (SELECT *, ${ahead} FROM r)`,
    `runs AS (SELECT *, CASE WHEN (m & 1) <> 0 AND t >= ${from} AND t < ${to} THEN ${length} ELSE 0 END AS len FROM a)`,
    `chains AS (SELECT user_id, ${finals} FROM runs WHERE len >= 1 GROUP BY user_id)`
  ]
  return usersFromChains(ctes, n)
}

/** Furthest step and its chain's times, from the per-level final chains `f1..fn` of `chains`. */
function usersFromChains(ctes: string[], n: number): string {
  const descending = Array.from({ length: n }, (_, i) => n - i)
  const furthest = descending.map((k) => `WHEN f${k} IS NOT NULL THEN ${k}`).join(' ')
  const times = descending.map((k) => `WHEN f${k} IS NOT NULL THEN f${k}.ts`).join(' ')
  return `WITH ${ctes.join(',\n')}
    SELECT user_id, CASE ${furthest} ELSE 0 END AS furthest, CASE ${times} END AS ts FROM chains`
}

/**
 * any: for each anchor (a matching entry) and step, the first matching event at or after it in
 * event order is found with a window function, so each anchor's count of distinct steps in its
 * window costs O(steps), not a join over the window.
 */
function anyUsers(funnel: SqlFunnel): string {
  const { from, to, window } = bounds(funnel)
  const n = funnel.steps.length
  const nexts = Array.from({ length: n }, (_, s) => {
    const over =
      'OVER (PARTITION BY user_id ORDER BY t, id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)'
    return `min(CASE WHEN (m & ${1 << s}) <> 0 THEN rn END) ${over} AS o${s}, min(CASE WHEN (m & ${1 << s}) <> 0 THEN t END) ${over} AS t${s}`
  }).join(', ')
  const inWindow = (s: number) => `(t${s} IS NOT NULL AND t${s} - t <= ${window})`
  const count = Array.from(
    { length: n },
    (_, s) => `(CASE WHEN ${inWindow(s)} THEN 1 ELSE 0 END)`
  ).join(' + ')
  const parts = Array.from(
    { length: n },
    (_, s) => `CASE WHEN ${inWindow(s)} THEN {'o': o${s}, 's': ${s}, 't': t${s}} END`
  ).join(', ')
  return `WITH considered AS (${consideredEvents(funnel, true)}),
    ranked AS (SELECT *, row_number() OVER (PARTITION BY user_id ORDER BY t, id) AS rn FROM considered),
    nexts AS (SELECT user_id, rn, t, ${nexts} FROM ranked),
    anchors AS (SELECT user_id, rn, ${count} AS cnt, list_filter([${parts}], p -> p IS NOT NULL) AS parts
      FROM nexts WHERE t >= ${from} AND t < ${to}),
    chosen AS (SELECT user_id, arg_min(parts, rn) FILTER (WHERE cnt = mx) AS parts, any_value(mx) AS furthest
      FROM (SELECT *, max(cnt) OVER (PARTITION BY user_id) AS mx FROM anchors) GROUP BY user_id)
    SELECT user_id, furthest, list_transform(list_sort(list_transform(parts, p -> {'o': p.o, 's': p.s, 't': p.t})), p -> p.t) AS ts
    FROM chosen`
}

/** One row per user who entered: furthest step and the times of its chain. */
export function funnelUsersSql(funnel: SqlFunnel): string {
  if (funnel.mode === 'ordered') return orderedUsers(funnel)
  if (funnel.mode === 'strict') return strictUsers(funnel)
  return anyUsers(funnel)
}

/** Per step: users, the median of seconds from the previous step and the time-to-convert buckets. */
export function funnelAggregateSql(funnel: SqlFunnel): string {
  const n = funnel.steps.length
  const columns: string[] = []
  for (let k = 1; k <= n; k++) {
    columns.push(`count(*) FILTER (WHERE furthest >= ${k}) AS users${k}`)
    if (k === 1) continue
    const seconds = `(ts[${k}] - ts[${k - 1}]) / 1000`
    columns.push(`median(${seconds}) FILTER (WHERE furthest >= ${k}) AS median${k}`)
    TIME_TO_CONVERT_BUCKETS.forEach((bucket, b) => {
      const upper = bucket.to === null ? '' : ` AND ${seconds} < ${bucket.to}`
      columns.push(
        `count(*) FILTER (WHERE furthest >= ${k} AND ${seconds} >= ${bucket.from}${upper}) AS bucket${k}_${b}`
      )
    })
  }
  return `WITH users AS (${funnelUsersSql(funnel)}) SELECT ${columns.join(', ')} FROM users WHERE furthest >= 1`
}
