import type { SessionFields } from '../../../../shared/mapping/field-mapping'
import { fieldPathExpression } from '../field-path-expression'
import type { Expr, Stage } from '../pipeline-spec'
import { documentIdExpr, stringOrNull, timestampExpr } from './mapped-value-expressions'

/** The temporary field of the ids a mapped session lookup looks for. */
const SESSION_KEYS_FIELD = '_sk'

/** Text that a number stored as an id reads as (`documentId`: a number becomes its text). */
const NUMBER_TEXT = '^(0|-?[1-9]\\d{0,14})$'

/**
 * The normalising prefix of a mapped sessions collection: its documents become the seed's session
 * documents (`_id`, `userId`, `startTime`, `endTime`, `deviceInfo`) by the rules of
 * normaliseSession; a session without a readable id, user or start time is left out (as if it did
 * not exist), and a browser or OS that is not a string is null.
 */
export function buildMappedSessionStages(fields: SessionFields): Stage[] {
  const read = (path: string | null): Expr =>
    path === null ? { $literal: null } : fieldPathExpression(path)
  return [
    {
      $project: {
        _id: documentIdExpr(read(fields.id)),
        userId: documentIdExpr(read(fields.userId)),
        startTime: timestampExpr(read(fields.startTime)),
        ...(fields.endTime === null ? {} : { endTime: timestampExpr(read(fields.endTime)) }),
        deviceInfo: {
          browser:
            fields.browser === null ? { $literal: null } : stringOrNull(read(fields.browser)),
          os: fields.os === null ? { $literal: null } : stringOrNull(read(fields.os))
        }
      }
    },
    { $match: { _id: { $ne: null }, userId: { $ne: null }, startTime: { $type: 'date' } } }
  ]
}

/**
 * A builder's `$lookup` of sessions (by their `_id`) made on the mapped sessions collection: the
 * raw id field is matched (an index on it serves the lookup), then the matches are normalised
 * before the builder's own sub-pipeline. The events' session ids are text where the data stores
 * numbers, so an id that is a number's text also looks for the number.
 */
export function mappedSessionLookup(
  lookup: { localField: string; as: string; pipeline?: Stage[] },
  fields: SessionFields
): Stage[] {
  const local = `$${lookup.localField}`
  const text = { $cond: [{ $eq: [{ $type: local }, 'string'] }, local, ''] }
  return [
    {
      $set: {
        [SESSION_KEYS_FIELD]: {
          $cond: [
            { $regexMatch: { input: text, regex: NUMBER_TEXT } },
            [local, { $toLong: local }],
            [local]
          ]
        }
      }
    },
    {
      $lookup: {
        from: fields.collection,
        localField: SESSION_KEYS_FIELD,
        foreignField: fields.id,
        pipeline: [...buildMappedSessionStages(fields), ...(lookup.pipeline ?? [])],
        as: lookup.as
      }
    },
    { $unset: SESSION_KEYS_FIELD }
  ]
}
