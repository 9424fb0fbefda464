import type { Db, Document } from 'mongodb'
import { AppError } from '../../../../shared/errors'
import type {
  EventDocument,
  SessionDocument,
  UserDocument
} from '../../../../shared/journeys/documents'
import type {
  CustomerCaseFileQuery,
  CustomerSearchQuery
} from '../../../../shared/journeys/query-schemas'
import type {
  CustomerCaseFile,
  CustomerSearchResult,
  QueryPlanStep
} from '../../../../shared/journeys/results'
import type { FieldMapping } from '../../../../shared/mapping/field-mapping'
import type { CallContext } from '../../../../shared/rpc/contract'
import { idText } from '../../../mapping/mapped-values'
import { normaliseData } from '../../../mapping/normalise/normalise-data'
import { prefixRegex } from '../../pipelines/expressions'
import { pickCaseFileUser } from '../../pipelines/case-file'
import { CustomerSearchAccumulator } from '../../reducers/customer-matcher'
import type { EngineQuery } from '../../rules/engine-query'
import { idKey } from '../../rules/id-key'
import { assembleCaseFile } from '../customer-lookups'
import { toPlanStep, type FindSpec } from '../find-specs'
import { findEach, streamFind, type CursorOptions } from '../run-find'
import { mappedEqualityFinds, rawIdCandidates } from './mapped-find-specs'

export interface CustomerDocuments {
  users: UserDocument[]
  sessions: SessionDocument[]
  events: EventDocument[]
  steps: QueryPlanStep[]
}

/**
 * A customer's documents read through the mapping by equality finds on the mapped ids (one per raw
 * value the typed id can be stored as), in the seed's shape: their user (from the users collection,
 * or made from their events when there is none), their sessions (mapped, or derived from all of
 * their events) and their events.
 */
export async function customerDocuments(
  db: Db,
  mapping: FieldMapping,
  text: string,
  cursor: CursorOptions,
  context: CallContext
): Promise<CustomerDocuments> {
  const candidates = rawIdCandidates(text)
  const userSpecs = mapping.users
    ? mappedEqualityFinds(mapping.users.collection, mapping.users.id, candidates)
    : []
  const sessionSpecs = mapping.sessions
    ? mappedEqualityFinds(mapping.sessions.collection, mapping.sessions.userId, candidates)
    : []
  const eventSpecs = mappedEqualityFinds(
    mapping.events.collection,
    mapping.events.userId,
    candidates
  )
  const [users, sessions, events] = await Promise.all([
    findEach<Document>(db, userSpecs, cursor, context, 'Reading customer'),
    findEach<Document>(db, sessionSpecs, cursor, context, 'Reading sessions'),
    findEach<Document>(db, eventSpecs, cursor, context, 'Reading events')
  ])
  const data = normaliseData(
    {
      users: mapping.users ? users.flat() : null,
      sessions: mapping.sessions ? sessions.flat() : null,
      events: events.flat()
    },
    mapping
  )
  return {
    users: data.users,
    sessions: data.sessions,
    events: data.events,
    steps: [...userSpecs, ...sessionSpecs, ...eventSpecs].map(toPlanStep)
  }
}

/** A customer's case file on a source read through a field mapping. */
export async function openMappedCaseFile(
  db: Db,
  mapping: FieldMapping,
  query: EngineQuery<CustomerCaseFileQuery>,
  cursor: CursorOptions,
  context: CallContext
): Promise<{ result: Omit<CustomerCaseFile, 'plan'>; steps: QueryPlanStep[] }> {
  const documents = await customerDocuments(db, mapping, query.userId, cursor, context)
  const user = pickCaseFileUser(documents.users, query.userId)
  if (!user) throw new AppError('NOT_FOUND', `No customer has the id "${query.userId}".`)
  const userKey = idKey(user._id)
  const sessions = documents.sessions.filter((session) => idKey(session.userId) === userKey)
  const events = documents.events.filter((event) => idKey(event.userId) === userKey)
  return {
    result: assembleCaseFile(user, sessions, events, query.sessions),
    steps: documents.steps
  }
}

/** The mapped users whose id is the text, or whose name or email starts with it (any case). */
export function mappedCustomerSearchFind(
  fields: NonNullable<FieldMapping['users']>,
  text: string
): FindSpec {
  const prefix = { $regex: prefixRegex(text), $options: 'i' }
  return {
    collection: fields.collection,
    filter: {
      $or: [
        ...rawIdCandidates(text).map((id) => ({ [fields.id]: id })),
        ...(fields.name ? [{ [fields.name]: prefix }] : []),
        ...(fields.email ? [{ [fields.email]: prefix }] : [])
      ]
    }
  }
}

/**
 * Customer search on a source read through a field mapping: users by mapped id, or by a
 * case-insensitive prefix of the mapped name or email; with no users collection, the user whose
 * events carry the id. A user whose last activity is not mapped is last active at their last event
 * (read for the users shown only).
 */
export async function searchMappedCustomers(
  db: Db,
  mapping: FieldMapping,
  query: EngineQuery<CustomerSearchQuery>,
  cursor: CursorOptions,
  context: CallContext
): Promise<{ result: Omit<CustomerSearchResult, 'plan'>; steps: QueryPlanStep[] }> {
  const search = new CustomerSearchAccumulator(query.text, query.limit)
  const fields = mapping.users
  if (!fields) {
    const documents = await customerDocuments(db, mapping, query.text, cursor, context)
    for (const user of documents.users) search.add(user)
    return { result: search.result(), steps: documents.steps }
  }
  const spec = mappedCustomerSearchFind(fields, query.text)
  const steps = [toPlanStep(spec)]
  const raw: Document[] = []
  await streamFind<Document>(db, spec, cursor, context, 'Searching customers', (user) => {
    raw.push(user)
  })
  const users = normaliseData({ users: raw, sessions: null, events: [] }, mapping).users
  for (const user of users) search.add(user)
  const result = search.result()
  if (fields.lastActiveAt !== null) return { result, steps }
  // Not mapped: the last activity is the customer's last event, as on the mapped copy.
  for (const customer of result.customers) {
    const text = idText(customer._id) ?? ''
    const documents = await customerDocuments(db, mapping, text, cursor, context)
    const user = documents.users.find((found) => idKey(found._id) === idKey(customer._id))
    if (user) customer.lastActiveAt = user.lastActiveAt
    steps.push(...documents.steps)
  }
  return { result, steps }
}
