import type { Db, Document } from 'mongodb'
import type { DocumentId } from '../../../shared/journeys/documents'
import type { QueryPlanStep } from '../../../shared/journeys/results'
import type { FieldMapping } from '../../../shared/mapping/field-mapping'
import type { CallContext } from '../../../shared/rpc/contract'
import { idText } from '../../mapping/mapped-values'
import { normaliseData } from '../../mapping/normalise/normalise-data'
import { idKey } from '../rules/id-key'
import { contactOf, type ContactOf } from '../rules/user-contacts'
import { toPlanStep, type FindShape, type FindSpec } from './find-specs'
import { mappedEqualityFinds, rawIdCandidates } from './mapped/mapped-find-specs'
import { findEach, type CursorOptions } from './run-find'

const CONTACT_PROJECTION = { _id: 1, name: 1, email: 1 } as const

/**
 * The finds that read a page of users' names and emails: one `$in` where the server serves it from
 * the `_id` index, or one `_id` equality per user where only plain equality is pushed down
 * (FerretDB 1.x: `$in` and `$or` read the whole collection).
 */
export function userContactFinds(userIds: readonly DocumentId[], shape: FindShape): FindSpec[] {
  if (userIds.length === 0) return []
  if (shape === 'combined') {
    return [
      {
        collection: 'users',
        filter: { _id: { $in: [...userIds] } },
        projection: CONTACT_PROJECTION,
        index: '_id_'
      }
    ]
  }
  return userIds.map((_id) => ({
    collection: 'users',
    filter: { _id },
    projection: CONTACT_PROJECTION,
    index: '_id_'
  }))
}

export interface UserContacts {
  contact: ContactOf
  steps: QueryPlanStep[]
}

/** The names and emails of a page of users (seed schema), by finds of `userContactFinds`. */
export async function readUserContacts(
  db: Db,
  userIds: readonly DocumentId[],
  shape: FindShape,
  cursor: CursorOptions,
  context: CallContext
): Promise<UserContacts> {
  const specs = userContactFinds(userIds, shape)
  const found = await findEach<Document>(db, specs, cursor, context, 'Reading names and emails')
  return { contact: contactsByKey(found.flat()), steps: specs.map(toPlanStep) }
}

/**
 * The names and emails of a page of users on a source read through a field mapping: equality
 * finds on the mapped user id (one per raw value an id can be stored as), read as the mapped copy
 * reads them. Without a users collection nobody has a name or email.
 */
export async function readMappedUserContacts(
  db: Db,
  mapping: FieldMapping,
  userIds: readonly DocumentId[],
  cursor: CursorOptions,
  context: CallContext
): Promise<UserContacts> {
  const fields = mapping.users
  if (!fields) return { contact: () => contactOf(null), steps: [] }
  const specs = userIds.flatMap((userId) =>
    mappedEqualityFinds(fields.collection, fields.id, rawIdCandidates(idText(userId) ?? ''))
  )
  const raw = await findEach<Document>(db, specs, cursor, context, 'Reading names and emails')
  const users = normaliseData({ users: raw.flat(), sessions: null, events: [] }, mapping).users
  return { contact: contactsByKey(users), steps: specs.map(toPlanStep) }
}

function contactsByKey(users: readonly Document[]): ContactOf {
  const byKey = new Map<string, Document>()
  for (const user of users) byKey.set(idKey(user._id), user)
  return (userId) => contactOf(byKey.get(idKey(userId)))
}
