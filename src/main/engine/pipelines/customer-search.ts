import { ObjectId } from 'bson'
import type { DocumentId, UserDocument } from '../../../shared/journeys/documents'
import type { CustomerSearchQuery } from '../../../shared/journeys/query-schemas'
import type { CustomerSearchResult, CustomerSummary } from '../../../shared/journeys/results'
import type { EngineQuery } from '../rules/engine-query'
import { spellsObjectId } from '../rules/id-key'
import { prefixRegex } from './expressions'
import { aggregateOn, COLLECTIONS, type AggregateSpec, type CountSpec } from './pipeline-spec'

/** The ids a text can stand for: the string itself and, for 24 hex digits, that ObjectId. */
export function idCandidates(text: string): DocumentId[] {
  const ids: DocumentId[] = [text]
  if (spellsObjectId(text)) ids.push(ObjectId.createFromHexString(text.toLowerCase()))
  return ids
}

/** Users matching a search text: `_id` equality, or a case-insensitive prefix of name or email. */
export function customerSearchFilter(text: string): Record<string, unknown> {
  // The text is literal: every regex character is escaped (prefixRegex).
  const prefix = { $regex: prefixRegex(text), $options: 'i' }
  return {
    $or: [...idCandidates(text).map((_id) => ({ _id })), { name: prefix }, { email: prefix }]
  }
}

export interface CustomerSearchPipelines {
  /** Rows are users (`_id`, `name`, `email`, `lastActiveAt`), at most `limit`, in result order. */
  customers: AggregateSpec
  /** All matches. */
  count: CountSpec
}

/**
 * Customer search without `$facet`: an aggregation for the first `limit` matches (by name with A-Z
 * folded, as `$toLower` folds only ASCII and the reducers fold alike, then `_id`) and a
 * `countDocuments` with the same filter for the total. A prefix regex with the `i` option cannot
 * use an index bound, so both scan `users`; the `users` collection is the small one.
 */
export function buildCustomerSearchPipeline(
  query: EngineQuery<CustomerSearchQuery>
): CustomerSearchPipelines {
  const filter = customerSearchFilter(query.text)
  return {
    customers: aggregateOn(COLLECTIONS.users, [
      { $match: filter },
      { $set: { _sortName: { $toLower: '$name' } } },
      { $sort: { _sortName: 1, _id: 1 } },
      { $limit: query.limit },
      { $project: { _id: 1, name: 1, email: 1, lastActiveAt: 1 } }
    ]),
    count: { collection: COLLECTIONS.users, operation: 'countDocuments', filter }
  }
}

/** The search result (without plan) from the customer rows and the count. */
export function customerSearchFromRows(
  rows: Iterable<Partial<UserDocument> & { _id: DocumentId }>,
  total: number
): Omit<CustomerSearchResult, 'plan'> {
  const customers = [...rows].map((user) => {
    const summary: CustomerSummary = {
      _id: user._id,
      name: user.name as string,
      email: user.email as string
    }
    if (user.lastActiveAt !== undefined) summary.lastActiveAt = user.lastActiveAt
    return summary
  })
  return { customers, total }
}
