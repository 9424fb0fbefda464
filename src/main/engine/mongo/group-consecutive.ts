import type { DocumentId, EventDocument } from '../../../shared/journeys/documents'
import { AppError } from '../../../shared/errors'
import { compareIds } from '../rules/compare-ids'
import { compareEventOrder } from '../rules/event-order'
import { idKey } from '../rules/id-key'

/**
 * Cuts a stream of events sorted by `{ <owner>: 1, timestamp: 1, _id: 1 }` into one array per owner
 * (a user or a session) and hands each to `onGroup`, so only the current owner's events are held.
 * It checks the order as it goes: a server that ignored the sort would otherwise give wrong answers
 * without a word.
 */
export class ConsecutiveEventGroups {
  private current: EventDocument[] = []
  private currentOwner: DocumentId | undefined
  private currentKey: string | null = null
  private largest = 0

  constructor(
    private readonly ownerOf: (event: EventDocument) => DocumentId,
    private readonly onGroup: (owner: DocumentId, events: EventDocument[]) => void
  ) {}

  push(event: EventDocument): void {
    if (!(event.timestamp instanceof Date)) {
      throw new AppError('DATA_INVALID', `Event ${String(event._id)} has no date in timestamp.`)
    }
    const owner = this.ownerOf(event)
    const key = idKey(owner)
    if (key !== this.currentKey) {
      if (this.currentKey !== null && compareIds(this.currentOwner, owner) > 0) {
        throw outOfOrder('owners', this.currentOwner, owner)
      }
      this.flush()
      this.currentKey = key
      this.currentOwner = owner
    } else {
      const previous = this.current[this.current.length - 1]
      if (
        previous &&
        compareEventOrder(
          previous.timestamp.getTime(),
          previous._id,
          event.timestamp.getTime(),
          event._id
        ) > 0
      ) {
        throw outOfOrder('events', previous._id, event._id)
      }
    }
    this.current.push(event)
  }

  /** Hands over the last group; call once the stream has ended. */
  finish(): void {
    this.flush()
    this.currentKey = null
    this.currentOwner = undefined
  }

  /** The most events one owner had: what bounds the memory of a streamed query. */
  get largestGroup(): number {
    return this.largest
  }

  private flush(): void {
    if (this.currentKey === null || this.current.length === 0) return
    if (this.current.length > this.largest) this.largest = this.current.length
    const events = this.current
    this.current = []
    this.onGroup(this.currentOwner as DocumentId, events)
  }
}

function outOfOrder(what: string, before: unknown, after: unknown): AppError {
  return new AppError(
    'QUERY_FAILED',
    `The server returned ${what} out of the requested sort order (${String(before)} before ${String(after)}); the reducer strategy cannot use this server.`
  )
}
