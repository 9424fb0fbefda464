const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** How long ago a copy was refreshed, in the words a header has room for: "5 min ago". */
export function describeAge(then: Date, now: Date): string {
  const elapsed = now.getTime() - new Date(then).getTime()
  if (elapsed < MINUTE) return 'just now'
  if (elapsed < HOUR) return `${String(Math.floor(elapsed / MINUTE))} min ago`
  if (elapsed < DAY) {
    const hours = Math.floor(elapsed / HOUR)
    return `${String(hours)} ${hours === 1 ? 'hour' : 'hours'} ago`
  }
  const days = Math.floor(elapsed / DAY)
  return `${String(days)} ${days === 1 ? 'day' : 'days'} ago`
}

/** The label of an offline copy: "offline copy, refreshed 5 min ago". */
export function describeOfflineCopy(refreshedAt: Date | null, now: Date): string {
  return refreshedAt
    ? `offline copy, refreshed ${describeAge(refreshedAt, now)}`
    : 'offline copy, unfinished'
}
