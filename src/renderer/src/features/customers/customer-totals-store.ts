import { create } from 'zustand'
import type { CustomerTotals } from '../../../../shared/journeys/results'
import type { DataSource } from '../../../../shared/journeys/data-source'
import { api } from '../../api/workbench-api'

/**
 * Sessions, purchases and last seen for the customers a search shows: one small case-file call per
 * result (one session, the totals), a few at a time, cached per source and customer. Background
 * work: a failure leaves the row without totals rather than an error on screen.
 */
type TotalsEntry =
  { status: 'loading' } | { status: 'ready'; totals: CustomerTotals } | { status: 'failed' }

interface CustomerTotalsState {
  entries: Record<string, TotalsEntry | undefined>
  /** Loads the totals of these customers (not yet known) with at most `CONCURRENCY` calls at once. */
  request: (
    sourceKey: string,
    source: DataSource,
    userIds: readonly string[],
    signal: AbortSignal
  ) => Promise<void>
}

const CONCURRENCY = 3

export function totalsKey(sourceKey: string, userId: string): string {
  return `${sourceKey}\u0000${userId}`
}

export const useCustomerTotalsStore = create<CustomerTotalsState>()((set, get) => ({
  entries: {},
  async request(sourceKey, source, userIds, signal) {
    const put = (userId: string, entry: TotalsEntry | undefined) => {
      set((state) => ({ entries: { ...state.entries, [totalsKey(sourceKey, userId)]: entry } }))
    }
    const queue = userIds.filter((id) => {
      const known = get().entries[totalsKey(sourceKey, id)]
      return !known || known.status === 'failed'
    })
    const worker = async () => {
      for (let userId = queue.shift(); userId !== undefined; userId = queue.shift()) {
        if (signal.aborted) return
        put(userId, { status: 'loading' })
        try {
          const file = await api.journeys.customerCaseFile(
            { source, userId, sessions: { offset: 0, limit: 1 } },
            { signal }
          )
          put(userId, { status: 'ready', totals: file.totals })
        } catch {
          // Cancelled (the search moved on) or failed: try again next time it is shown.
          put(userId, { status: 'failed' })
        }
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  }
}))
