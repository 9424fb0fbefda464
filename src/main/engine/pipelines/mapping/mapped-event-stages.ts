import { EVENT_TYPES } from '../../../../shared/journeys/documents'
import type { FieldMapping } from '../../../../shared/mapping/field-mapping'
import { literal } from '../expressions'
import { fieldPathExpression } from '../field-path-expression'
import type { Expr, Stage } from '../pipeline-spec'
import { documentIdExpr, stringOrNull, timestampExpr } from './mapped-value-expressions'

/**
 * The field of each normalised event that holds its session's device (`{ browser, os }`, each a
 * string or null), for mappings with no sessions collection: the builders read it in place of a
 * `$lookup` of the session (see `SessionDeviceOptions`).
 */
export const SESSION_DEVICE_FIELD = '_sd'

/** What the stages after the prefix read of a session (so the prefix does no more than needed). */
export interface MappedEventNeeds {
  /** The events' `sessionId` (derived sessions cost two window passes over each user's events). */
  sessionId: boolean
  /** `_sd`, the session's device (one window pass over each session's events). */
  sessionDevice: boolean
}

/**
 * The normalising prefix of every events pipeline of a source read through a field mapping
 * (docs/query-semantics.md, "Field mapping"): the data's own events become the seed's event
 * documents (`_id`, `userId`, `sessionId`, `eventType`, `timestamp`, `metadata`), so the pipeline
 * builders downstream run unchanged. The same rules as `normaliseEvent` and `normaliseData`:
 *
 * - ids: non-empty strings and ObjectIds as they are, numbers as their text, anything else unreadable;
 * - times: BSON dates, ISO 8601 strings, epoch milliseconds or seconds (below 1e11), as dates;
 * - an event without a readable id, user, name or time is left out;
 * - the mapped page-view and purchase names become `PAGE_VIEW` and `PURCHASE`;
 * - a page URL becomes its path (absolute URLs lose scheme and host; the fragment always goes, the
 *   query string unless kept);
 * - `metadata` is the properties object without the keys other roles read, plus `pageUrl`,
 *   `duration`, `amount` and `currency` when present;
 * - with no session id, sessions are each user's events split where the time since the session's
 *   end (the latest event time, or page view end) passes the idle gap: `<userId>#<n>`;
 * - a session's device is that of its first event (no sessions collection).
 *
 * Every event of the collection is read (derived sessions and devices depend on all of a user's
 * events, whatever the query's range); the range and segment `$match` of the builders follow.
 */
export function buildMappedEventStages(
  mapping: FieldMapping,
  needs: MappedEventNeeds = { sessionId: true, sessionDevice: true }
): Stage[] {
  const fields = mapping.events
  const read = (path: string | null): Expr => (path === null ? null : fieldPathExpression(path))
  const derived = fields.sessionId === null
  const stages: Stage[] = [
    {
      $project: {
        _id: documentIdExpr(read(fields.id)),
        userId: documentIdExpr(read(fields.userId)),
        ...(fields.sessionId === null ? {} : { sessionId: documentIdExpr(read(fields.sessionId)) }),
        eventType: eventTypeExpr(read(fields.eventName), mapping),
        timestamp: timestampExpr(read(fields.timestamp)),
        metadata: metadataExpr(mapping),
        ...(needs.sessionDevice
          ? { _b: stringOrNull(read(fields.browser)), _o: stringOrNull(read(fields.os)) }
          : {})
      }
    },
    {
      $match: {
        _id: { $ne: null },
        userId: { $ne: null },
        eventType: { $type: 'string' },
        timestamp: { $type: 'date' }
      }
    }
  ]
  if (derived && (needs.sessionId || needs.sessionDevice)) {
    stages.push(...idleGapSessionStages(mapping.sessionIdleMinutes))
  }
  if (needs.sessionDevice) {
    stages.push(
      {
        $setWindowFields: {
          partitionBy: '$sessionId',
          sortBy: { timestamp: 1, _id: 1 },
          output: {
            _fb: { $first: '$_b', window: { documents: ['unbounded', 'current'] } },
            _fo: { $first: '$_o', window: { documents: ['unbounded', 'current'] } }
          }
        }
      },
      {
        $set: {
          [SESSION_DEVICE_FIELD]: {
            $cond: [
              { $eq: [{ $ifNull: ['$sessionId', null] }, null] },
              null,
              { browser: '$_fb', os: '$_fo' }
            ]
          }
        }
      },
      { $unset: ['_b', '_o', '_fb', '_fo'] }
    )
  }
  return stages
}

/**
 * Sessions of each user from the idle gap: the latest end (event time, or page view time plus its
 * seconds on page) of the user's earlier events is the current session's end (an earlier session
 * ended more than the gap before this one began), so a new session starts where
 * `t - that end > gap`; the running count of starts numbers it.
 */
function idleGapSessionStages(idleMinutes: number): Stage[] {
  const end = {
    $cond: [
      {
        $and: [
          { $eq: ['$eventType', EVENT_TYPES.pageView] },
          { $isNumber: '$metadata.duration' },
          { $gt: ['$metadata.duration', 0] }
        ]
      },
      { $add: ['$timestamp', { $multiply: ['$metadata.duration', 1000] }] },
      '$timestamp'
    ]
  }
  const byUser = { partitionBy: '$userId', sortBy: { timestamp: 1, _id: 1 } }
  return [
    { $set: { _e: end } },
    {
      $setWindowFields: {
        ...byUser,
        output: { _pe: { $max: '$_e', window: { documents: ['unbounded', -1] } } }
      }
    },
    {
      $set: {
        _ns: {
          $cond: [
            {
              $or: [
                { $eq: [{ $ifNull: ['$_pe', null] }, null] },
                { $gt: [{ $subtract: ['$timestamp', '$_pe'] }, idleMinutes * 60_000] }
              ]
            },
            1,
            0
          ]
        }
      }
    },
    {
      $setWindowFields: {
        ...byUser,
        output: { _sn: { $sum: '$_ns', window: { documents: ['unbounded', 'current'] } } }
      }
    },
    {
      $set: {
        sessionId: { $concat: [{ $toString: '$userId' }, '#', { $toString: '$_sn' }] }
      }
    },
    { $unset: ['_e', '_pe', '_ns', '_sn'] }
  ]
}

/** The mapped page-view and purchase names become the seed's; other names stay the data's own. */
function eventTypeExpr(value: Expr, mapping: FieldMapping): Expr {
  return {
    $let: {
      vars: { n: value },
      in: {
        $switch: {
          branches: [
            { case: { $ne: [{ $type: '$$n' }, 'string'] }, then: null },
            {
              case: { $eq: ['$$n', literal(mapping.eventNames.pageView)] },
              then: EVENT_TYPES.pageView
            },
            {
              case: { $eq: ['$$n', literal(mapping.eventNames.purchase)] },
              then: EVENT_TYPES.purchase
            }
          ],
          default: '$$n'
        }
      }
    }
  }
}

/**
 * `pagePath`: the path of an absolute URL or a path as it is, without the fragment and (unless
 * kept) the query string, always starting with `/`; null for anything else.
 */
function pagePathExpr(value: Expr, keepQueryString: boolean): Expr {
  const rest = keepQueryString ? '([^#]*)' : '([^#?]*)'
  return {
    $let: {
      vars: {
        m: {
          $cond: [
            { $eq: [{ $type: value }, 'string'] },
            {
              $regexFind: {
                input: value,
                regex: `^(?:[a-z][a-z0-9+.-]*://[^/?#]*|(?=/))${rest}`,
                options: 'i'
              }
            },
            null
          ]
        }
      },
      in: {
        $cond: [
          { $eq: ['$$m', null] },
          null,
          {
            $let: {
              vars: { p: { $ifNull: [{ $arrayElemAt: ['$$m.captures', 0] }, ''] } },
              in: {
                $cond: [
                  { $eq: [{ $substrBytes: ['$$p', 0, 1] }, '/'] },
                  '$$p',
                  { $concat: ['/', '$$p'] }
                ]
              }
            }
          }
        ]
      }
    }
  }
}

/**
 * The mapped properties object without the keys other roles read, merged with `pageUrl`,
 * `duration`, `amount` and `currency` (each only when present and not null).
 */
function metadataExpr(mapping: FieldMapping): Expr {
  const fields = mapping.events
  const parts: Expr[] = []
  if (fields.properties !== null) {
    const prefix = `${fields.properties}.`
    const taken = Object.entries(fields)
      .filter(([role]) => role !== 'properties' && role !== 'collection')
      .map(([, path]) => path)
      .filter((path): path is string => typeof path === 'string' && path.startsWith(prefix))
      .map((path) => path.slice(prefix.length).split('.')[0] as string)
    const properties = fieldPathExpression(fields.properties)
    parts.push({
      $cond: [
        { $eq: [{ $type: properties }, 'object'] },
        {
          $arrayToObject: {
            $filter: {
              input: { $objectToArray: properties },
              as: 'kv',
              cond: { $not: [{ $in: ['$$kv.k', literal([...new Set(taken)])] }] }
            }
          }
        },
        {}
      ]
    })
  }
  if (fields.pageUrl !== null) {
    parts.push({
      $let: {
        vars: { page: pagePathExpr(fieldPathExpression(fields.pageUrl), mapping.keepQueryString) },
        in: { $cond: [{ $eq: ['$$page', null] }, {}, { pageUrl: '$$page' }] }
      }
    })
  }
  for (const role of ['duration', 'amount', 'currency'] as const) {
    const path = fields[role]
    if (path === null) continue
    const value = fieldPathExpression(path)
    parts.push({
      $cond: [{ $eq: [{ $ifNull: [value, null] }, null] }, {}, { [role]: value }]
    })
  }
  return { $mergeObjects: parts }
}
