import type { UserDocument } from '../../../shared/journeys/documents'
import type { CustomerSearchResult, CustomerSummary } from '../../../shared/journeys/results'
import { compareIds, compareUtf8 } from '../rules/compare-ids'
import { escapeRegExp } from '../rules/escape-regexp'
import { idMatchesText } from '../rules/id-key'

/**
 * Search semantics: a user matches when `_id` equals the text (or the ObjectId it spells), or when
 * `name` or `email` starts with the text, case-insensitively. The text is always literal.
 */
export function compileCustomerMatcher(text: string): (user: UserDocument) => boolean {
  const prefix = compileTextPrefix(text)
  return (user) =>
    idMatchesText(user._id, text) ||
    (typeof user.name === 'string' && prefix.test(user.name)) ||
    (typeof user.email === 'string' && prefix.test(user.email))
}

/** The search's prefix test of a name or email: literal text, Unicode case-insensitive. */
export function compileTextPrefix(text: string): RegExp {
  return new RegExp(`^${escapeRegExp(text)}`, 'iu')
}

/** Lowercases A-Z only, as MongoDB's `$toLower` does, so every engine sorts names alike. */
export function asciiLowerCase(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase())
}

interface RankedCustomer {
  sortName: string
  /** The user's id, or anything that sorts as the ids do (the local engine's BSON-ordered index). */
  order: unknown
  summarize: () => CustomerSummary
}

function compareRanked(a: RankedCustomer, b: RankedCustomer): number {
  return compareUtf8(a.sortName, b.sortName) || compareIds(a.order, b.order)
}

/**
 * Counts every matching user and keeps the first `limit` by name (A-Z folded to a-z, then UTF-8
 * byte order) and then `_id`, without holding all matches.
 */
export class CustomerSearchAccumulator {
  private readonly matches: (user: UserDocument) => boolean
  private readonly kept: RankedCustomer[] = []
  private total = 0

  constructor(
    text: string,
    private readonly limit: number
  ) {
    this.matches = compileCustomerMatcher(text)
  }

  /** Returns whether the user matched. */
  add(user: UserDocument): boolean {
    if (!this.matches(user)) return false
    this.addMatch(user.name, user._id, () => toSummary(user))
    return true
  }

  /**
   * A user known to match: its `name` as stored, what orders it among equal names (its id, or an
   * index in id order) and how to make its summary (called only for the users kept).
   */
  addMatch(name: unknown, order: unknown, summarize: () => CustomerSummary): void {
    this.total++
    // Files may lack a name although the type says otherwise.
    const ranked = {
      sortName: asciiLowerCase(typeof name === 'string' ? name : ''),
      order,
      summarize
    }
    const kept = this.kept
    if (
      kept.length === this.limit &&
      compareRanked(ranked, kept[kept.length - 1] as RankedCustomer) >= 0
    )
      return
    let low = 0
    let high = kept.length
    while (low < high) {
      const middle = (low + high) >> 1
      if (compareRanked(kept[middle] as RankedCustomer, ranked) <= 0) low = middle + 1
      else high = middle
    }
    kept.splice(low, 0, ranked)
    if (kept.length > this.limit) kept.pop()
  }

  result(): Omit<CustomerSearchResult, 'plan'> {
    return { customers: this.kept.map(({ summarize }) => summarize()), total: this.total }
  }
}

/** What a search returns of a user document. */
export function toSummary(user: UserDocument): CustomerSummary {
  const summary: CustomerSummary = { _id: user._id, name: user.name, email: user.email }
  const lastActiveAt: unknown = user.lastActiveAt
  if (lastActiveAt instanceof Date) summary.lastActiveAt = lastActiveAt
  return summary
}
