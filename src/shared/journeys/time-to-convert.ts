import { TIME_TO_CONVERT_BUCKETS, type TimeToConvertCount } from './results'

const BUCKET_STARTS: readonly number[] = TIME_TO_CONVERT_BUCKETS.map((bucket) => bucket.from)

/**
 * The bucket of `TIME_TO_CONVERT_BUCKETS` that holds `seconds`: `from <= seconds < to`, the lower
 * bound inclusive (60 s is in `1–5 min`, 59.999 s in `under 1 min`). Negative values (none occur)
 * fall in the first bucket.
 */
export function timeToConvertBucket(seconds: number): number {
  let index = 0
  while (index + 1 < BUCKET_STARTS.length && seconds >= (BUCKET_STARTS[index + 1] as number)) {
    index++
  }
  return index
}

/**
 * Counts users by seconds between two funnel steps. Every engine fills one per step from the same
 * per-user times it takes the median of, so the buckets are decided here only.
 */
export class TimeToConvertHistogram {
  private readonly users = new Array<number>(TIME_TO_CONVERT_BUCKETS.length).fill(0)

  /** `users` users (1 by default) took `seconds` from the previous step. */
  add(seconds: number, users = 1): void {
    const index = timeToConvertBucket(seconds)
    this.users[index] = (this.users[index] as number) + users
  }

  /** Every bucket in order, zeros included. */
  result(): TimeToConvertCount[] {
    return TIME_TO_CONVERT_BUCKETS.map((bucket, index) => ({
      label: bucket.label,
      fromSeconds: bucket.from,
      toSeconds: bucket.to,
      users: this.users[index] as number
    }))
  }
}

/**
 * Bucket `index` in whole milliseconds, for filters on a server: `fromMs <= ms < toMs` (toMs null:
 * no upper bound). The same users as `timeToConvertBucket(ms / 1000) === index` for integer ms
 * (BSON dates), since the bounds are whole seconds: `ms / 1000 >= s` exactly when `ms >= s * 1000`.
 */
export function timeToConvertBucketMs(index: number): { fromMs: number; toMs: number | null } {
  const bucket = TIME_TO_CONVERT_BUCKETS[index]
  if (!bucket) throw new RangeError(`no time-to-convert bucket ${String(index)}`)
  return { fromMs: bucket.from * 1000, toMs: bucket.to === null ? null : bucket.to * 1000 }
}
