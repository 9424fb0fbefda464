import type {
  EventDocument,
  SessionDocument,
  UserDocument
} from '../../../src/shared/journeys/documents'
import { EVENT_TYPES } from '../../../src/shared/journeys/documents'
import { fieldMappingSchema, type FieldMapping } from '../../../src/shared/mapping/field-mapping'
import { idText } from '../../../src/main/data/demo/shapes/shape-helpers'

/*
 * The seed's users, sessions and events under other names and types, with a sessions collection:
 * `customers`, `visits` (numbered ids, epoch-second starts, ISO string ends, `client.browser`)
 * and `activity` (the visit number as a number or as its text, epoch-ms times, absolute URLs in
 * `props.url`, `page_view` and `order_completed`). Its mapping reads it back into the seed's
 * meaning, so a strategy that honours a mapped sessions collection gives the seed's answers.
 */

const ORIGIN = 'https://shop.example'

export const RENAMED_EVENT_NAMES: Readonly<Record<string, string>> = {
  [EVENT_TYPES.pageView]: 'page_view',
  [EVENT_TYPES.purchase]: 'order_completed'
}

export const RENAMED_SEED_MAPPING: FieldMapping = fieldMappingSchema.parse({
  events: {
    collection: 'activity',
    userId: 'who',
    sessionId: 'visit',
    eventName: 'action',
    timestamp: 'at',
    pageUrl: 'props.url',
    duration: 'props.duration',
    amount: 'props.amount',
    currency: 'props.currency',
    properties: 'props'
  },
  sessions: {
    collection: 'visits',
    userId: 'customer',
    startTime: 'started_at',
    endTime: 'ended_at',
    browser: 'client.browser',
    os: 'client.os',
    ipAddress: 'ip'
  },
  users: {
    collection: 'customers',
    name: 'full_name',
    email: 'contact.email',
    createdAt: 'signed_up',
    lastActiveAt: 'last_seen'
  },
  eventNames: {
    pageView: RENAMED_EVENT_NAMES[EVENT_TYPES.pageView],
    purchase: RENAMED_EVENT_NAMES[EVENT_TYPES.purchase]
  },
  keepQueryString: true
})

/** The seed shape's collections (users, sessions, events) in the renamed shape. */
export function renameSeedCollections(seed: Record<string, unknown[]>): Record<string, unknown[]> {
  const visitNumbers = new Map<string, number>()
  const visits = (seed.sessions as SessionDocument[]).map((session, index) => {
    visitNumbers.set(idText(session._id), index + 1)
    return {
      _id: index + 1,
      customer: session.userId,
      started_at: session.startTime.getTime() / 1000,
      ...(session.endTime ? { ended_at: session.endTime.toISOString() } : {}),
      ...(session.deviceInfo ? { client: { ...session.deviceInfo } } : {}),
      ...(session.ipAddress === undefined ? {} : { ip: session.ipAddress })
    }
  })
  const activity = (seed.events as EventDocument[]).map((event, index) => {
    const visit = visitNumbers.get(idText(event.sessionId))
    const { pageUrl, ...props } = event.metadata ?? {}
    return {
      _id: event._id,
      who: event.userId,
      // Half the events name their visit by its text: both read as the same session.
      visit: index % 2 === 0 ? visit : String(visit),
      action: RENAMED_EVENT_NAMES[event.eventType] ?? event.eventType,
      at: event.timestamp.getTime(),
      props: { ...props, ...(typeof pageUrl === 'string' ? { url: `${ORIGIN}${pageUrl}` } : {}) }
    }
  })
  const customers = (seed.users as UserDocument[]).map((user) => ({
    _id: user._id,
    full_name: user.name,
    contact: { email: user.email },
    signed_up: user.createdAt.toISOString(),
    last_seen: user.lastActiveAt.getTime()
  }))
  return { customers, visits, activity }
}
