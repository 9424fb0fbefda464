import { COLLECTIONS, type Stage } from './pipeline-spec'

/**
 * Stages for rows whose `_id` is a user id (one page of users, after `$limit`): the user document's
 * `name` and `email` as `n` and `e`, missing when there is no user document or no such field; the
 * rule of which values count (non-empty text) is `contactOf`'s, applied to the rows in the app.
 * `keep` lists the row's other fields to keep.
 */
export function userContactLookupStages(keep: Record<string, 1> = {}): Stage[] {
  return [
    {
      $lookup: {
        from: COLLECTIONS.users,
        localField: '_id',
        foreignField: '_id',
        pipeline: [{ $project: { _id: 0, name: 1, email: 1 } }],
        as: '_user'
      }
    },
    {
      $project: {
        _id: 1,
        ...keep,
        // The user is taken out of the array first: a path through the array would flatten an
        // array value.
        n: { $let: { vars: { user: { $first: '$_user' } }, in: '$$user.name' } },
        e: { $let: { vars: { user: { $first: '$_user' } }, in: '$$user.email' } }
      }
    }
  ]
}
