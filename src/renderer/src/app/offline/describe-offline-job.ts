import { formatCount } from '../../../../shared/format'
import type { Progress } from '../../../../shared/rpc/contract'

/** "Copying events: 12,345 of 18,500" (or without a total when the server gave none). */
export function describeJobProgress(progress: Progress | null): string {
  if (!progress) return 'Starting…'
  if (progress.done === 0 && progress.total === undefined) return `${progress.phase}…`
  const total = progress.total === undefined ? '' : ` of ${formatCount(progress.total)}`
  return `${progress.phase}: ${formatCount(progress.done)}${total}`
}

/** The bar's percentage, or null when no total is known (an indeterminate bar then). */
export function jobPercent(progress: Progress | null): number | null {
  if (!progress?.total) return null
  return Math.min(100, Math.floor((progress.done / progress.total) * 100))
}

/** What a refresh brought: "12 new events; 3 sessions and 2 users read again." */
export function describeRefreshOutcome(result: {
  newEvents: number
  sessions: number
  users: number
}): string {
  const events =
    result.newEvents === 0
      ? 'No new events'
      : `${formatCount(result.newEvents)} new ${result.newEvents === 1 ? 'event' : 'events'}`
  return `${events}; ${formatCount(result.sessions)} ${result.sessions === 1 ? 'session' : 'sessions'} and ${formatCount(result.users)} ${result.users === 1 ? 'user' : 'users'} read again.`
}
