import type { Db } from 'mongodb'
import type { CallContext } from '../../../shared/rpc/contract'
import { ForeignSessionsAccumulator } from '../reducers/foreign-sessions'
import { streamFind, type CursorOptions } from './run-find'

export interface SessionOwnershipAuditOptions {
  /** Time limit of the two full reads (background work: the long limit). */
  cursor: CursorOptions
  /** An audit older than this is redone in the background while it still answers. */
  refreshAfterMs?: number
  /** An audit older than this is not used: case files read each session's events again. */
  maxAgeMs?: number
  /** Above this many events the audit gives up for good: the read would load the server too long. */
  maxEvents?: number
  now?: () => number
}

/** What an audit found: the sessions holding another user's events, as `idKey`s. */
export interface SessionOwnership {
  foreignSessions: ReadonlySet<string>
  sessions: number
  events: number
  takenAt: number
  /** How old the audit is now, in seconds. */
  ageSeconds: number
}

const DEFAULTS = { refreshAfterMs: 5 * 60_000, maxAgeMs: 30 * 60_000, maxEvents: 2_000_000 }
/** The server spends at most about a tenth of its time on audits: a slow one is redone less often. */
const REFRESH_PER_AUDIT_TIME = 10

/**
 * Lets a case file on a server that pushes only plain equality down (FerretDB on PostgreSQL, where
 * each equality find scans the events table: ~80 ms at 267k events) read a customer's events with
 * ONE `{userId}` find instead of one more find per session. That is exact only when none of the
 * customer's sessions holds an event of another user, so the app checks it for every session at
 * once, in the background: one pass over the sessions (`_id`, `userId`) and one over the events
 * (`sessionId`, `userId`), keeping only the sessions where they disagree (normally none).
 *
 * Trade-off, said in every plan that uses it: events written after the audit that disagree with
 * their session are not looked for until it is redone (in the background after 5 minutes; never
 * used after 30). Until the first audit is done, or above `maxEvents`, case files read each
 * session's events by `sessionId`, as before.
 */
export class SessionOwnershipAudit {
  private audit: (Omit<SessionOwnership, 'ageSeconds'> & { tookMs: number }) | null = null
  private running: Promise<void> | null = null
  private tooBig = false
  private readonly options: typeof DEFAULTS & SessionOwnershipAuditOptions
  private readonly closed = new AbortController()

  constructor(
    private readonly db: Db,
    options: SessionOwnershipAuditOptions
  ) {
    this.options = { ...DEFAULTS, ...options }
  }

  /** Starts the audit in the background (when a connection opens); resolves when it is done. */
  prefetch(): Promise<void> {
    if (this.closed.signal.aborted || this.tooBig) return Promise.resolve()
    this.running ??= this.read()
      .catch(() => undefined)
      .finally(() => {
        this.running = null
      })
    return this.running
  }

  /** Stops an audit in progress; case files read session by session from then on. */
  close(): void {
    this.closed.abort()
  }

  /**
   * The audit to use now, or null (none yet, too old, or too many events): then the caller reads
   * each session's events. Starts one (or a refresh) in the background when due.
   */
  current(): SessionOwnership | null {
    const audit = this.audit
    const age = audit ? this.now() - audit.takenAt : Number.POSITIVE_INFINITY
    const refreshAfter = Math.max(
      this.options.refreshAfterMs,
      (audit?.tookMs ?? 0) * REFRESH_PER_AUDIT_TIME
    )
    if (age > refreshAfter) void this.prefetch()
    if (!audit || age > Math.max(this.options.maxAgeMs, 2 * refreshAfter)) return null
    const { tookMs: _tookMs, ...found } = audit
    return { ...found, ageSeconds: Math.round(age / 1000) }
  }

  private async read(): Promise<void> {
    // No count first: FerretDB counts by reading every document. Too many events stop the read.
    const tooMany = new AbortController()
    const signal = AbortSignal.any([this.closed.signal, tooMany.signal])
    const takenAt = this.now()
    const context: CallContext = {
      signal,
      reportProgress: ({ phase, done }) => {
        if (phase === 'Reading events' && done > this.options.maxEvents) {
          this.tooBig = true
          tooMany.abort()
        }
      }
    }
    const accumulator = new ForeignSessionsAccumulator()
    // Sessions first: every event is then checked against its session's owner as it streams by.
    await streamFind<{ _id: unknown; userId?: unknown }>(
      this.db,
      { collection: 'sessions', filter: {}, projection: { _id: 1, userId: 1 } },
      this.options.cursor,
      context,
      'Reading sessions',
      (session) => {
        accumulator.addSession(session._id, session.userId)
      }
    )
    await streamFind<{ sessionId?: unknown; userId?: unknown }>(
      this.db,
      { collection: 'events', filter: {}, projection: { _id: 0, sessionId: 1, userId: 1 } },
      this.options.cursor,
      context,
      'Reading events',
      (event) => {
        accumulator.addEvent(event.sessionId, event.userId)
      }
    )
    this.audit = { ...accumulator.result(), takenAt, tookMs: this.now() - takenAt }
  }

  private now(): number {
    return (this.options.now ?? Date.now)()
  }
}
