/*
 * A brute-force funnel, written from docs/query-semantics.md alone. It shares no code with the
 * engine (no rules, reducers, pipelines or local engine imports): its own BSON id order (bytes
 * compared with Buffer.compare), its own event order, its own step matching, medians and buckets,
 * plain objects and arrays everywhere, and the furthest step found twice (the spec's procedure and
 * an exhaustive search over event subsequences) so the oracle checks itself. Slow on purpose.
 *
 * Types come from src/shared (the contract), and so do the fixed time-to-convert buckets (the
 * contract's table, not code).
 */
import type {
  DocumentId,
  EventDocument,
  SessionDocument
} from '../../src/shared/journeys/documents'
import type { FunnelQuery, FunnelStep } from '../../src/shared/journeys/query-schemas'
import { TIME_TO_CONVERT_BUCKETS } from '../../src/shared/journeys/results'

export interface OracleData {
  sessions: readonly SessionDocument[]
  events: readonly EventDocument[]
}

export type OracleFunnelQuery = Pick<
  FunnelQuery,
  'steps' | 'mode' | 'windowSeconds' | 'range' | 'segment' | 'breakdown'
>

export interface OracleStep {
  label: string
  users: number
  conversionFromStart: number
  conversionFromPrevious: number
  medianSecondsFromPrevious: number | null
  timeToConvert:
    { label: string; fromSeconds: number; toSeconds: number | null; users: number }[] | null
}

export interface OracleFunnel {
  steps: OracleStep[]
  breakdown?: { key: string; steps: OracleStep[] }[]
}

/** One user's outcome: how far, the step times (ms), and the entry event. */
interface Outcome {
  furthest: number
  times: number[]
  entry: EventDocument | null
}

// ---------------------------------------------------------------- ordering, from the spec

/** BSON type order of ids: numbers, then strings, then ObjectIds. */
function idRank(id: unknown): number {
  if (typeof id === 'number') return 0
  if (typeof id === 'string') return 1
  return 2
}

function objectIdBytes(id: unknown): Buffer {
  // bson's ObjectId keeps its 12 bytes in `.id` (a Uint8Array/Buffer).
  return Buffer.from((id as { id: Uint8Array }).id)
}

/** Ids in BSON order: numbers by value, strings by their UTF-8 bytes, ObjectIds by their bytes. */
export function oracleCompareIds(a: unknown, b: unknown): number {
  const ra = idRank(a)
  const rb = idRank(b)
  if (ra !== rb) return ra - rb
  if (ra === 0) return (a as number) === (b as number) ? 0 : (a as number) < (b as number) ? -1 : 1
  if (ra === 1)
    return Buffer.compare(Buffer.from(a as string, 'utf8'), Buffer.from(b as string, 'utf8'))
  return Buffer.compare(objectIdBytes(a), objectIdBytes(b))
}

/** Event order: timestamp, then `_id`. */
function compareEventsInOrder(a: EventDocument, b: EventDocument): number {
  const ta = a.timestamp.getTime()
  const tb = b.timestamp.getTime()
  if (ta !== tb) return ta - tb
  return oracleCompareIds(a._id, b._id)
}

function idText(id: unknown): string {
  if (typeof id === 'string') return `s${id}`
  if (typeof id === 'number') return `n${id}`
  return `o${objectIdBytes(id).toString('hex')}`
}

// ---------------------------------------------------------------- scope and steps

const sessionIndexes = new WeakMap<OracleData, Map<string, SessionDocument>>()

function sessionOf(data: OracleData, sessionId: unknown): SessionDocument | undefined {
  let index = sessionIndexes.get(data)
  if (!index) {
    index = new Map()
    // The first document with an id wins, as a lookup by _id finds one.
    for (const session of data.sessions) {
      if (!index.has(idText(session._id))) index.set(idText(session._id), session)
    }
    sessionIndexes.set(data, index)
  }
  return index.get(idText(sessionId))
}

/** In the segment: browser/OS of the event's session (a missing session fails), metadata pairs. */
function inSegment(data: OracleData, query: OracleFunnelQuery, event: EventDocument): boolean {
  const { browsers, operatingSystems, metadataEquals } = query.segment
  if (browsers || operatingSystems) {
    const device = sessionOf(data, event.sessionId)?.deviceInfo
    if (!device) return false
    if (browsers && !(typeof device.browser === 'string' && browsers.includes(device.browser)))
      return false
    if (
      operatingSystems &&
      !(typeof device.os === 'string' && operatingSystems.includes(device.os))
    ) {
      return false
    }
  }
  for (const pair of metadataEquals ?? []) {
    if (event.metadata?.[pair.key] !== pair.value) return false
  }
  return true
}

function stepMatches(step: FunnelStep, event: EventDocument): boolean {
  if (event.eventType !== step.eventType) return false
  if (step.pageUrl === undefined) return true
  const page = event.metadata?.pageUrl
  if (typeof page !== 'string') return false
  if (step.pageUrl.endsWith('*'))
    return page.startsWith(step.pageUrl.slice(0, step.pageUrl.length - 1))
  return page === step.pageUrl
}

// ---------------------------------------------------------------- the three modes

interface Chain {
  entry: EventDocument
  events: EventDocument[]
}

function ordered(
  events: EventDocument[],
  query: OracleFunnelQuery,
  isEntry: (e: EventDocument) => boolean
): Outcome {
  const n = query.steps.length
  const windowMs = query.windowSeconds * 1000
  const chain: (Chain | undefined)[] = new Array<Chain | undefined>(n + 1).fill(undefined)
  for (const event of events) {
    const before = [...chain]
    for (let k = n; k >= 1; k--) {
      if (!stepMatches(query.steps[k - 1] as FunnelStep, event)) continue
      if (k === 1) {
        if (isEntry(event)) chain[1] = { entry: event, events: [event] }
        continue
      }
      const previous = before[k - 1]
      if (!previous) continue
      if (event.timestamp.getTime() - previous.entry.timestamp.getTime() > windowMs) continue
      const current = chain[k]
      // The spec's `entry` is the entry's time: a chain moves only to a strictly later entry time.
      if (
        current === undefined ||
        previous.entry.timestamp.getTime() > current.entry.timestamp.getTime()
      ) {
        chain[k] = { entry: previous.entry, events: [...previous.events, event] }
      }
    }
  }
  return outcomeOf(chain)
}

function strict(
  events: EventDocument[],
  query: OracleFunnelQuery,
  isEntry: (e: EventDocument) => boolean
): Outcome {
  const n = query.steps.length
  const windowMs = query.windowSeconds * 1000
  let active: (Chain | undefined)[] = new Array<Chain | undefined>(n + 1).fill(undefined)
  const best: (Chain | undefined)[] = new Array<Chain | undefined>(n + 1).fill(undefined)
  for (const event of events) {
    const next: (Chain | undefined)[] = new Array<Chain | undefined>(n + 1).fill(undefined)
    for (let k = 1; k <= n; k++) {
      if (!stepMatches(query.steps[k - 1] as FunnelStep, event)) continue
      if (k === 1) {
        if (isEntry(event)) next[1] = { entry: event, events: [event] }
        continue
      }
      const previous = active[k - 1]
      if (!previous) continue
      if (event.timestamp.getTime() - previous.entry.timestamp.getTime() > windowMs) continue
      next[k] = { entry: previous.entry, events: [...previous.events, event] }
    }
    for (let k = 1; k <= n; k++) {
      const produced = next[k]
      const kept = best[k]
      // The latest entry time wins; on a tie the earlier chain stays.
      if (
        produced &&
        (kept === undefined || produced.entry.timestamp.getTime() > kept.entry.timestamp.getTime())
      ) {
        best[k] = produced
      }
    }
    active = next
  }
  return outcomeOf(best)
}

function outcomeOf(chains: (Chain | undefined)[]): Outcome {
  for (let k = chains.length - 1; k >= 1; k--) {
    const chain = chains[k]
    if (chain)
      return {
        furthest: k,
        times: chain.events.map((e) => e.timestamp.getTime()),
        entry: chain.entry
      }
  }
  return { furthest: 0, times: [], entry: null }
}

function any(
  events: EventDocument[],
  query: OracleFunnelQuery,
  isEntry: (e: EventDocument) => boolean
): Outcome {
  const windowMs = query.windowSeconds * 1000
  let bestCount = 0
  let bestTimes: number[] = []
  let bestAnchor: EventDocument | null = null
  events.forEach((anchor, index) => {
    if (!isEntry(anchor) || !query.steps.some((step) => stepMatches(step, anchor))) return
    const inWindow = events
      .slice(index)
      .filter((e) => e.timestamp.getTime() - anchor.timestamp.getTime() <= windowMs)
    // For each distinct step, the first event of the window that matches it.
    const firsts: { event: EventDocument; step: number }[] = []
    query.steps.forEach((step, stepIndex) => {
      const first = inWindow.find((e) => stepMatches(step, e))
      if (first) firsts.push({ event: first, step: stepIndex + 1 })
    })
    if (firsts.length > bestCount) {
      bestCount = firsts.length
      bestAnchor = anchor
      bestTimes = [...firsts]
        .sort((a, b) => compareEventsInOrder(a.event, b.event) || a.step - b.step)
        .map((f) => f.event.timestamp.getTime())
    }
  })
  return { furthest: bestCount, times: bestTimes, entry: bestAnchor }
}

/**
 * The furthest step of ordered mode from its definition: the longest k with events e1 < ... < ek
 * (event order), e1 an entry matching step 1, ei matching step i, ek within the window of e1. For a
 * given e1 the earliest later match of each next step is never worse than a later one, so each
 * entry is walked forward once, with no chains and no "latest entry" rule.
 */
function orderedFurthestBySearch(
  events: EventDocument[],
  query: OracleFunnelQuery,
  isEntry: (e: EventDocument) => boolean
): number {
  const windowMs = query.windowSeconds * 1000
  let best = 0
  events.forEach((first, i) => {
    if (!isEntry(first) || !stepMatches(query.steps[0] as FunnelStep, first)) return
    let reached = 1
    for (let j = i + 1; j < events.length && reached < query.steps.length; j++) {
      const e = events[j] as EventDocument
      if (e.timestamp.getTime() - first.timestamp.getTime() > windowMs) break
      if (stepMatches(query.steps[reached] as FunnelStep, e)) reached++
    }
    best = Math.max(best, reached)
  })
  return best
}

/** Strict mode by exhaustive search: the longest run of consecutive events matching 1, 2, ... */
function strictFurthestBySearch(
  events: EventDocument[],
  query: OracleFunnelQuery,
  isEntry: (e: EventDocument) => boolean
): number {
  const windowMs = query.windowSeconds * 1000
  let best = 0
  events.forEach((first, i) => {
    if (!isEntry(first) || !stepMatches(query.steps[0] as FunnelStep, first)) return
    let k = 1
    while (
      k < query.steps.length &&
      i + k < events.length &&
      stepMatches(query.steps[k] as FunnelStep, events[i + k] as EventDocument) &&
      (events[i + k] as EventDocument).timestamp.getTime() - first.timestamp.getTime() <= windowMs
    ) {
      k++
    }
    best = Math.max(best, k)
  })
  return best
}

// ---------------------------------------------------------------- per user, then the result

/** Every user's outcome (users without considered events have none), by user id text. */
export function oracleOutcomes(
  data: OracleData,
  query: OracleFunnelQuery
): Map<string, Outcome & { userId: DocumentId }> {
  const windowMs = query.windowSeconds * 1000
  const from = query.range.from?.getTime() ?? -Infinity
  const to = query.range.to?.getTime() ?? Infinity
  const isEntry = (e: EventDocument): boolean =>
    e.timestamp.getTime() >= from && e.timestamp.getTime() < to
  const byUser = new Map<string, { userId: DocumentId; events: EventDocument[] }>()
  for (const event of data.events) {
    const t = event.timestamp.getTime()
    if (!(t >= from && t < to + windowMs)) continue
    if (!inSegment(data, query, event)) continue
    const key = idText(event.userId)
    const entry = byUser.get(key) ?? { userId: event.userId, events: [] }
    entry.events.push(event)
    byUser.set(key, entry)
  }
  const outcomes = new Map<string, Outcome & { userId: DocumentId }>()
  for (const [key, { userId, events }] of byUser) {
    events.sort(compareEventsInOrder)
    const outcome =
      query.mode === 'ordered'
        ? ordered(events, query, isEntry)
        : query.mode === 'strict'
          ? strict(events, query, isEntry)
          : any(events, query, isEntry)
    const searched =
      query.mode === 'ordered'
        ? orderedFurthestBySearch(events, query, isEntry)
        : query.mode === 'strict'
          ? strictFurthestBySearch(events, query, isEntry)
          : outcome.furthest
    if (searched !== outcome.furthest) {
      throw new Error(
        `oracle disagrees with itself for user ${key}: ${outcome.furthest} vs ${searched}`
      )
    }
    outcomes.set(key, { ...outcome, userId })
  }
  return outcomes
}

function labelsOf(query: OracleFunnelQuery): string[] {
  return query.steps.map((step, index) => {
    if (query.mode === 'any') return `any ${index + 1} of ${query.steps.length}`
    if (step.label) return step.label
    return step.pageUrl === undefined ? step.eventType : `${step.eventType} ${step.pageUrl}`
  })
}

function median(values: number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const half = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[half] as number)
    : ((sorted[half - 1] as number) + (sorted[half] as number)) / 2
}

function bucketsOf(seconds: number[]): OracleStep['timeToConvert'] {
  return TIME_TO_CONVERT_BUCKETS.map((bucket) => ({
    label: bucket.label,
    fromSeconds: bucket.from,
    toSeconds: bucket.to,
    users: seconds.filter((s) => s >= bucket.from && (bucket.to === null || s < bucket.to)).length
  }))
}

function stepsOf(outcomes: Outcome[], query: OracleFunnelQuery): OracleStep[] {
  const labels = labelsOf(query)
  const counts = labels.map((_, index) => outcomes.filter((o) => o.furthest >= index + 1).length)
  return labels.map((label, index) => {
    const users = counts[index] as number
    const first = counts[0] as number
    const previous = index === 0 ? first : (counts[index - 1] as number)
    const seconds = outcomes
      .filter((o) => o.furthest >= index + 1 && index >= 1)
      .map((o) => ((o.times[index] as number) - (o.times[index - 1] as number)) / 1000)
    return {
      label,
      users,
      conversionFromStart: first === 0 ? 0 : users / first,
      conversionFromPrevious: previous === 0 ? 0 : users / previous,
      medianSecondsFromPrevious: index === 0 ? null : median(seconds),
      timeToConvert: index === 0 ? null : bucketsOf(seconds)
    }
  })
}

/** The funnel as docs/query-semantics.md defines it. */
export function oracleFunnel(data: OracleData, query: OracleFunnelQuery): OracleFunnel {
  const outcomes = [...oracleOutcomes(data, query).values()]
  const steps = stepsOf(outcomes, query)
  const breakdown = query.breakdown
  if (!breakdown) return { steps }
  const groups = new Map<string, Outcome[]>()
  for (const outcome of outcomes) {
    if (outcome.furthest === 0 || outcome.entry === null) continue
    const device = sessionOf(data, outcome.entry.sessionId)?.deviceInfo
    const value = breakdown === 'os' ? device?.os : device?.browser
    const key = typeof value === 'string' ? value : '(unknown)'
    groups.set(key, [...(groups.get(key) ?? []), outcome])
  }
  return {
    steps,
    breakdown: [...groups.entries()]
      .map(([key, members]) => ({ key, steps: stepsOf(members, query) }))
      .sort(
        (a, b) =>
          (b.steps[0]?.users ?? 0) - (a.steps[0]?.users ?? 0) ||
          Buffer.compare(Buffer.from(a.key, 'utf8'), Buffer.from(b.key, 'utf8'))
      )
  }
}

/** Funnel users: reached (furthest >= step) or dropped (furthest = step - 1), in BSON id order. */
export function oracleFunnelUsers(
  data: OracleData,
  query: OracleFunnelQuery,
  step: number,
  outcome: 'reached' | 'dropped'
): DocumentId[] {
  return [...oracleOutcomes(data, query).values()]
    .filter((o) =>
      outcome === 'reached' ? o.furthest >= step : step >= 2 && o.furthest === step - 1
    )
    .map((o) => o.userId)
    .sort(oracleCompareIds)
}
