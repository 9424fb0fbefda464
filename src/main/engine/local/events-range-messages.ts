import type { EventRangeSnapshot } from './columns/event-range-snapshot'

/** What the events-range worker is asked to load: bytes `[start, end)` of a plain events file. */
export interface EventsRangeRequest {
  path: string
  start: number
  end: number
}

/** What it posts back: progress (bytes of the range read), its columns, or that it failed. */
export type EventsRangeMessage =
  | { kind: 'progress'; bytesRead: number }
  | { kind: 'done'; range: EventRangeSnapshot }
  | { kind: 'failed'; message: string }
