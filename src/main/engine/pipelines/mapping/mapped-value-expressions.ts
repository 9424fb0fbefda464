import { SECONDS_LIMIT } from '../../../mapping/mapped-values'
import type { Expr } from '../pipeline-spec'

/*
 * The rules of mapped values (src/main/mapping/mapped-values.ts and normalise/document-id.ts) as
 * aggregation expressions, shared by the events and sessions prefixes of a mapped source.
 */

/** `documentId`: a non-empty string or an ObjectId as it is, a number as its text; else null. */
export function documentIdExpr(value: Expr): Expr {
  if (value === null) return null
  return {
    $let: {
      vars: { v: value },
      in: {
        $switch: {
          branches: [
            {
              case: { $and: [{ $eq: [{ $type: '$$v' }, 'string'] }, { $ne: ['$$v', ''] }] },
              then: '$$v'
            },
            { case: { $eq: [{ $type: '$$v' }, 'objectId'] }, then: '$$v' },
            { case: { $isNumber: '$$v' }, then: { $toString: '$$v' } }
          ],
          default: null
        }
      }
    }
  }
}

/** `timestampMillis` as a date: dates as they are, epoch numbers, ISO 8601 strings; else null. */
export function timestampExpr(value: Expr): Expr {
  return {
    $let: {
      vars: { v: value },
      in: {
        $switch: {
          branches: [
            { case: { $eq: [{ $type: '$$v' }, 'date'] }, then: '$$v' },
            {
              case: { $isNumber: '$$v' },
              then: {
                $toDate: {
                  $trunc: [
                    {
                      $cond: [
                        { $lt: [{ $abs: '$$v' }, SECONDS_LIMIT] },
                        { $multiply: ['$$v', 1000] },
                        '$$v'
                      ]
                    }
                  ]
                }
              }
            },
            {
              case: {
                $and: [
                  { $eq: [{ $type: '$$v' }, 'string'] },
                  { $regexMatch: { input: '$$v', regex: '^\\d{4}-\\d{2}-\\d{2}' } }
                ]
              },
              then: { $convert: { input: '$$v', to: 'date', onError: null, onNull: null } }
            }
          ],
          default: null
        }
      }
    }
  }
}

/** The value when it is a string, else null. */
export function stringOrNull(value: Expr): Expr {
  if (value === null) return null
  return { $cond: [{ $eq: [{ $type: value }, 'string'] }, value, null] }
}
