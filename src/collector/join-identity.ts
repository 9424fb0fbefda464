import type { Db } from 'mongodb'
import {
  retryDuplicateUpsert,
  type EventWrite,
  type SessionWrite,
  type UserWrite
} from './collector-collections'
import type { IdentityJoin } from './event-documents'

/**
 * `identify`: the known user gets the traits and remembers the anonymous id; the anonymous user
 * document says where it went (so late events of that id follow); the anonymous id's sessions and
 * events move to the known user. True when anything changed (false for a join sent again).
 */
export async function joinIdentity(db: Db, join: IdentityJoin): Promise<boolean> {
  const users = db.collection<UserWrite>('users')
  const traits: Pick<UserWrite, 'name' | 'email'> = {}
  if (join.name !== undefined) traits.name = join.name
  if (join.email !== undefined) traits.email = join.email
  const sameId = join.anonymousId === join.userId
  const known = await retryDuplicateUpsert(() =>
    users.updateOne(
      { _id: join.userId },
      {
        ...(Object.keys(traits).length > 0 ? { $set: traits } : {}),
        $setOnInsert: { createdAt: join.at },
        $max: { lastActiveAt: join.at },
        ...(sameId ? {} : { $addToSet: { anonymousIds: join.anonymousId } })
      },
      { upsert: true }
    )
  )
  let changed = known.modifiedCount + known.upsertedCount > 0
  if (sameId) return changed
  const anonymous = await retryDuplicateUpsert(() =>
    users.updateOne(
      { _id: join.anonymousId },
      {
        $set: { mergedInto: join.userId },
        $setOnInsert: { createdAt: join.at },
        $max: { lastActiveAt: join.at }
      },
      { upsert: true }
    )
  )
  changed ||= anonymous.modifiedCount + anonymous.upsertedCount > 0
  const move = { $set: { userId: join.userId } }
  const sessions = await db
    .collection<SessionWrite>('sessions')
    .updateMany({ userId: join.anonymousId }, move)
  const moved = await db
    .collection<EventWrite>('events')
    .updateMany({ userId: join.anonymousId }, move)
  return changed || sessions.modifiedCount + moved.modifiedCount > 0
}
