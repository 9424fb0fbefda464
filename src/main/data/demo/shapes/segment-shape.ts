import type { DocumentId, SessionDocument } from '../../../../shared/journeys/documents'
import type { DemoUserBundle } from '../simulate-user'
import { SEGMENT_EVENT_NAMES } from './shape-event-names'
import { idText, splitRoleFields } from './shape-helpers'

/**
 * A Segment-style warehouse: `identifies` (one per user: `userId`, `traits`) and `tracks` (`event`,
 * ISO string `timestamp`, `properties.path`, `properties.revenue`, device and IP in `context`), with
 * no sessions collection and no session id: sessions must be derived from the idle gap.
 */
export function segmentDocuments(bundle: DemoUserBundle): Record<string, unknown[]> {
  const { user } = bundle
  const sessions = new Map<DocumentId, SessionDocument>(
    bundle.sessions.map((session) => [session._id, session])
  )
  const identify = {
    _id: `identify-${idText(user._id)}`,
    userId: user._id,
    traits: { name: user.name, email: user.email, createdAt: user.createdAt.toISOString() },
    timestamp: user.lastActiveAt.toISOString()
  }
  const tracks = bundle.events.map((event) => {
    const session = sessions.get(event.sessionId)
    const { pageUrl, amount, rest } = splitRoleFields(event.metadata)
    return {
      _id: event._id,
      userId: event.userId,
      event: SEGMENT_EVENT_NAMES[event.eventType] ?? event.eventType,
      timestamp: event.timestamp.toISOString(),
      properties: {
        ...rest,
        ...(pageUrl === undefined ? {} : { path: pageUrl }),
        ...(amount === undefined ? {} : { revenue: amount })
      },
      context: {
        browser: { name: session?.deviceInfo?.browser },
        os: { name: session?.deviceInfo?.os },
        ip: session?.ipAddress
      }
    }
  })
  return { identifies: [identify], tracks }
}
