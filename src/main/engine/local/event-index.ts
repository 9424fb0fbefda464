import type { EventDocument } from '../../../shared/journeys/documents'
import { compareEventOrder } from '../rules/event-order'
import type { RawEvents } from './read-dataset-documents'

export interface EventIndex {
  events: EventDocument[]
  eventTime: Float64Array
  eventUser: Int32Array
  eventSession: Int32Array
  eventType: Int32Array
  eventPage: Int32Array
  userEventStart: Int32Array
  sessionEventStart: Int32Array
  sessionEvents: Int32Array
  sessionEventTime: Float64Array
  sessionEventType: Int32Array
  sessionEventPage: Int32Array
  sessionsByUser: Int32Array
}

/**
 * Sorts events once, by (user, timestamp, _id), with a counting sort by user and a check per user
 * that usually finds the events already in time order; then lists each session's events the same
 * way. Users and sessions are renumbered to their BSON order first.
 */
export function buildEventIndex(
  raw: RawEvents,
  userCount: number,
  sessionCount: number,
  userRenumber: Int32Array,
  sessionRenumber: Int32Array
): EventIndex {
  const n = raw.length
  const user = new Int32Array(n)
  const session = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    user[i] = userRenumber[raw.user[i] as number] as number
    session[i] = sessionRenumber[raw.session[i] as number] as number
  }
  const byRawIndex = (a: number, b: number): number =>
    compareEventOrder(
      raw.time[a] as number,
      (raw.docs[a] as EventDocument)._id,
      raw.time[b] as number,
      (raw.docs[b] as EventDocument)._id
    )
  const { start: userEventStart, order } = countingSort(userCount, n, user)
  sortRuns(order, userEventStart, userCount, byRawIndex)

  const events = new Array<EventDocument>(n)
  const eventTime = new Float64Array(n)
  const eventUser = new Int32Array(n)
  const eventSession = new Int32Array(n)
  const eventType = new Int32Array(n)
  const eventPage = new Int32Array(n)
  for (let position = 0; position < n; position++) {
    const i = order[position] as number
    events[position] = raw.docs[i] as EventDocument
    eventTime[position] = raw.time[i] as number
    eventUser[position] = user[i] as number
    eventSession[position] = session[i] as number
    eventType[position] = raw.type[i] as number
    eventPage[position] = raw.page[i] as number
  }

  const { start: sessionEventStart, order: sessionEvents } = countingSort(
    sessionCount,
    n,
    eventSession
  )
  sortRuns(sessionEvents, sessionEventStart, sessionCount, (a, b) =>
    compareEventOrder(
      eventTime[a] as number,
      (events[a] as EventDocument)._id,
      eventTime[b] as number,
      (events[b] as EventDocument)._id
    )
  )
  // Session-ordered copies of the columns the flow loop reads, so it walks memory in order.
  const sessionEventTime = new Float64Array(n)
  const sessionEventType = new Int32Array(n)
  const sessionEventPage = new Int32Array(n)
  for (let k = 0; k < n; k++) {
    const i = sessionEvents[k] as number
    sessionEventTime[k] = eventTime[i] as number
    sessionEventType[k] = eventType[i] as number
    sessionEventPage[k] = eventPage[i] as number
  }
  // Sessions grouped by the user of their first event (then by index), so one user's sessions
  // come in a run; sessions without events come last.
  const sessionUser = new Int32Array(sessionCount)
  for (let s = 0; s < sessionCount; s++) {
    const first = sessionEventStart[s] as number
    sessionUser[s] =
      first < (sessionEventStart[s + 1] as number)
        ? (eventUser[sessionEvents[first] as number] as number)
        : userCount
  }
  const { order: sessionsByUser } = countingSort(userCount + 1, sessionCount, sessionUser)
  return {
    events,
    eventTime,
    eventUser,
    eventSession,
    eventType,
    eventPage,
    userEventStart,
    sessionEventStart,
    sessionEvents,
    sessionEventTime,
    sessionEventType,
    sessionEventPage,
    sessionsByUser
  }
}

/** Stable counting sort of 0..n-1 by `keys[i]` in 0..keyCount-1. */
function countingSort(
  keyCount: number,
  n: number,
  keys: Int32Array
): { start: Int32Array; order: Int32Array } {
  const start = new Int32Array(keyCount + 1)
  for (let i = 0; i < n; i++) {
    const slot = (keys[i] as number) + 1
    start[slot] = (start[slot] as number) + 1
  }
  for (let k = 0; k < keyCount; k++) start[k + 1] = (start[k + 1] as number) + (start[k] as number)
  const next = start.slice(0, keyCount)
  const order = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    const key = keys[i] as number
    const at = next[key] as number
    order[at] = i
    next[key] = at + 1
  }
  return { start, order }
}

/** Sorts each run `order[start[k] .. start[k+1])`, skipping runs that are already in order. */
function sortRuns(
  order: Int32Array,
  start: Int32Array,
  runs: number,
  compare: (a: number, b: number) => number
): void {
  for (let k = 0; k < runs; k++) {
    const from = start[k] as number
    const to = start[k + 1] as number
    let sorted = true
    for (let i = from + 1; i < to; i++) {
      if (compare(order[i - 1] as number, order[i] as number) > 0) {
        sorted = false
        break
      }
    }
    if (!sorted) {
      const run = Array.from(order.subarray(from, to)).sort(compare)
      order.set(run, from)
    }
  }
}
