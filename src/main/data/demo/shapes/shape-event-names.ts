import { EVENT_TYPES } from '../../../../shared/journeys/documents'

/** What the Segment- and PostHog-style shapes call the seed's event types. */
export const SEGMENT_EVENT_NAMES: Readonly<Record<string, string>> = {
  [EVENT_TYPES.sessionStart]: 'Session Started',
  [EVENT_TYPES.pageView]: 'Page Viewed',
  [EVENT_TYPES.search]: 'Products Searched',
  [EVENT_TYPES.addToCart]: 'Product Added',
  [EVENT_TYPES.purchase]: 'Order Completed'
}

export const POSTHOG_EVENT_NAMES: Readonly<Record<string, string>> = {
  [EVENT_TYPES.sessionStart]: 'session_started',
  [EVENT_TYPES.pageView]: '$pageview',
  [EVENT_TYPES.search]: 'search',
  [EVENT_TYPES.addToCart]: 'add_to_cart',
  [EVENT_TYPES.purchase]: 'purchase'
}

/** The shop's origin in the PostHog shape's absolute URLs. */
export const POSTHOG_ORIGIN = 'https://shop.example.com'
