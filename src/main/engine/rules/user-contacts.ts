import type { DocumentId } from '../../../shared/journeys/documents'
import type { FunnelUser, UserContact } from '../../../shared/journeys/results'

/** A user's contact looked up by id (no user document: both null). */
export type ContactOf = (userId: DocumentId) => UserContact

/**
 * `name` and `email` of a user document when they are non-empty text, else null
 * (docs/query-semantics.md; a mapped source without them reads as `''`): one rule for the local
 * columns, the pipelines' looked-up users and the reducers' finds.
 */
export function contactOf(
  user: { name?: unknown; email?: unknown } | null | undefined
): UserContact {
  return { name: contactText(user?.name), email: contactText(user?.email) }
}

function contactText(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null
}

/** A page of funnel user ids with each user's contact (and the ids alone, as before). */
export function funnelUsersWithContacts(
  userIds: readonly DocumentId[],
  contact: ContactOf
): { users: FunnelUser[]; userIds: DocumentId[] } {
  return {
    users: userIds.map((userId) => ({ userId, ...contact(userId) })),
    userIds: [...userIds]
  }
}

/** Flow users (ids and sessions) with each user's contact, in the result's field order. */
export function flowUsersWithContacts(
  users: readonly { userId: DocumentId; sessionIds: DocumentId[] }[],
  contact: ContactOf
): (UserContact & { userId: DocumentId; sessionIds: DocumentId[] })[] {
  return users.map(({ userId, sessionIds }) => ({ userId, ...contact(userId), sessionIds }))
}
