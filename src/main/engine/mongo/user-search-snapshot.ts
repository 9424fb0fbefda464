import type { Db } from 'mongodb'
import type { UserDocument } from '../../../shared/journeys/documents'
import type { CustomerSearchQuery } from '../../../shared/journeys/query-schemas'
import type { CustomerSearchResult, QueryPlanStep } from '../../../shared/journeys/results'
import type { CallContext } from '../../../shared/rpc/contract'
import type { EngineQuery } from '../rules/engine-query'
import { CustomerSearchAccumulator } from '../reducers/customer-matcher'
import { idKey } from '../rules/id-key'
import { customerExactFinds, customerSearchFind, toPlanStep } from './find-specs'
import { findEach, streamFind, untilAborted, type CursorOptions } from './run-find'

export interface UserSearchSnapshotOptions {
  /** A snapshot older than this is refreshed in the background while it still answers. */
  refreshAfterMs?: number
  /** A snapshot older than this is not used: the search waits for a fresh one. */
  maxAgeMs?: number
  /** Above this many users no snapshot is kept (memory); every search reads the users instead. */
  maxUsers?: number
  /** Time limit of reading every user (a long one: it is background work). */
  snapshotCursor: CursorOptions
  now?: () => number
}

interface Snapshot {
  users: UserDocument[]
  takenAt: number
}

const DEFAULTS = { refreshAfterMs: 60_000, maxAgeMs: 15 * 60_000, maxUsers: 250_000 }
const PROJECTION = { _id: 1, name: 1, email: 1, lastActiveAt: 1 }

/**
 * Customer search on servers that cannot filter by a prefix without reading every user (FerretDB
 * 1.x pushes only plain equality down to its backend: a prefix regex reads and decodes all users,
 * about 1.3 s for 20,000 users at its cursor rate). The app keeps the users' search fields (id,
 * name, email, last active; roughly 150 bytes a user) from one read, and answers prefix searches
 * from it in a few milliseconds, with the exact semantics of the other engines.
 *
 * Trade-off, said in every plan: names and email prefixes are as of the snapshot (refreshed in the
 * background once it is a minute old; never used when older than 15 minutes). Exact ids and exact
 * email addresses are looked up live with equality finds every time, so a customer created a second
 * ago is found by id or address. Above `maxUsers` users no snapshot is kept and every search reads
 * the users, as before.
 */
export class UserSearchSnapshot {
  private snapshot: Snapshot | null = null
  private loading: Promise<Snapshot | null> | null = null
  private readonly options: typeof DEFAULTS & UserSearchSnapshotOptions
  private readonly closed = new AbortController()

  constructor(
    private readonly db: Db,
    options: UserSearchSnapshotOptions
  ) {
    this.options = { ...DEFAULTS, ...options }
  }

  /** Starts reading the users in the background (e.g. when a connection opens). */
  prefetch(): void {
    void this.load().catch(() => undefined)
  }

  /** Resolves once the snapshot being read (if any) is in. */
  async ready(): Promise<void> {
    await this.loading?.catch(() => undefined)
  }

  /** Stops a read in progress; later searches read the users directly. */
  close(): void {
    this.closed.abort()
  }

  async search(
    query: EngineQuery<CustomerSearchQuery>,
    cursor: CursorOptions,
    context: CallContext
  ): Promise<{
    result: Omit<CustomerSearchResult, 'plan'>
    steps: QueryPlanStep[]
    notes: string[]
  }> {
    const exact = customerExactFinds(query.text)
    const [snapshot, live] = await Promise.all([
      this.current(context),
      findEach<UserDocument>(this.db, exact, cursor, context, 'Looking up customers')
    ])
    if (!snapshot) return this.searchByScan(query, cursor, context)
    const search = new CustomerSearchAccumulator(query.text, query.limit)
    // Live documents win over the snapshot's copy of the same user.
    const fresh = new Map<string, UserDocument>()
    for (const user of live.flat()) fresh.set(idKey(user._id), user)
    for (const user of snapshot.users) {
      if (!fresh.has(idKey(user._id))) search.add(user)
    }
    for (const user of fresh.values()) search.add(user)
    const ageSeconds = Math.round((this.now() - snapshot.takenAt) / 1000)
    return {
      result: search.result(),
      steps: [toPlanStep(customerSearchFind(query.text)), ...exact.map(toPlanStep)],
      notes: [
        `Name and email prefixes were matched against the ${snapshot.users.length.toLocaleString('en-US')} users read ${ageSeconds} s ago (this server reads every user for a prefix search, so the app keeps their search fields and refreshes them every minute); exact ids and email addresses were looked up live.`
      ]
    }
  }

  private async searchByScan(
    query: EngineQuery<CustomerSearchQuery>,
    cursor: CursorOptions,
    context: CallContext
  ) {
    const spec = customerSearchFind(query.text)
    const search = new CustomerSearchAccumulator(query.text, query.limit)
    await streamFind<UserDocument>(
      this.db,
      spec,
      cursor,
      context,
      'Searching customers',
      (user) => {
        search.add(user)
      }
    )
    return { result: search.result(), steps: [toPlanStep(spec)], notes: [] }
  }

  /** The snapshot to answer from, loading or refreshing it as needed; null: read the users. */
  private async current(context: CallContext): Promise<Snapshot | null> {
    const snapshot = this.snapshot
    const age = snapshot ? this.now() - snapshot.takenAt : Number.POSITIVE_INFINITY
    if (snapshot && age <= this.options.refreshAfterMs) return snapshot
    const loading = this.load()
    if (snapshot && age <= this.options.maxAgeMs) {
      loading.catch(() => undefined)
      return snapshot
    }
    try {
      return await untilAborted(loading, context.signal)
    } catch (error) {
      if (context.signal.aborted) throw error
      return null
    }
  }

  private load(): Promise<Snapshot | null> {
    if (this.closed.signal.aborted) return Promise.resolve(null)
    this.loading ??= this.read().finally(() => {
      this.loading = null
    })
    return this.loading
  }

  private async read(): Promise<Snapshot | null> {
    const users = this.db.collection('users')
    const signal = this.closed.signal
    const estimated = await users.estimatedDocumentCount()
    if (signal.aborted) return null
    if (estimated > this.options.maxUsers) return null
    const takenAt = this.now()
    const read: UserDocument[] = []
    const context: CallContext = { signal, reportProgress: () => undefined }
    await streamFind<UserDocument>(
      this.db,
      { collection: 'users', filter: {}, projection: PROJECTION },
      this.options.snapshotCursor,
      context,
      'Reading users',
      (user) => {
        read.push(user)
      }
    )
    if (read.length > this.options.maxUsers) return null
    this.snapshot = { users: read, takenAt }
    return this.snapshot
  }

  private now(): number {
    return (this.options.now ?? Date.now)()
  }
}
