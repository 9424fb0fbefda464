import type { TimeToConvertCount } from '../journeys/results'
import { formatCount } from './count'

/**
 * A time-to-convert histogram on one line, the buckets that have users only:
 * `under 1 min: 12 · 1–5 min: 30`; `–` for step 1 (null) or when nobody converted.
 */
export function formatTimeToConvert(buckets: readonly TimeToConvertCount[] | null): string {
  const filled = (buckets ?? []).filter((bucket) => bucket.users > 0)
  if (filled.length === 0) return '–'
  return filled.map((bucket) => `${bucket.label}: ${formatCount(bucket.users)}`).join(' · ')
}
