import type { ObjectId } from 'bson'

/** An `_id` or foreign key as stored: the seed uses strings, real data often ObjectIds. */
export type DocumentId = string | ObjectId

/** `users` collection (seed schema). */
export interface UserDocument {
  _id: DocumentId
  name: string
  email: string
  createdAt: Date
  lastActiveAt: Date
}

/** `sessions` collection (seed schema). */
export interface SessionDocument {
  _id: DocumentId
  userId: DocumentId
  startTime: Date
  endTime?: Date
  deviceInfo?: { browser?: string; os?: string }
  ipAddress?: string
}

/** `events` collection (seed schema). Purchases are `PURCHASE` with order id, amount and currency. */
export interface EventDocument {
  _id: DocumentId
  sessionId: DocumentId
  userId: DocumentId
  eventType: string
  timestamp: Date
  metadata?: {
    pageUrl?: string
    /** Seconds on page. */
    duration?: number
    orderId?: string
    amount?: number
    currency?: string
    [key: string]: unknown
  }
}

export const EVENT_TYPES = {
  sessionStart: 'SESSION_START',
  pageView: 'PAGE_VIEW',
  addToCart: 'ADD_TO_CART',
  search: 'SEARCH',
  purchase: 'PURCHASE'
} as const
