import type { Page } from '@playwright/test'
import type { TrackerStatus } from '../../../src/shared/collector/collect-protocol'

interface JourneyGlobal {
  journey?: (method: string, ...args: unknown[]) => unknown
}

/**
 * The browser globals the tests touch inside `page.evaluate` (the test code is typed for Node,
 * without the DOM library): cast `globalThis` to this there.
 */
export interface PageGlobals {
  history: Record<
    'pushState' | 'replaceState',
    (data: unknown, unused: string, url: string) => void
  >
  document: { dispatchEvent(event: unknown): boolean }
  Event: new (type: string) => unknown
  localStorage: object
  sessionStorage: object
}

/** Calls the page's `journey(method, ...args)` as a shop's script would. */
export function callTracker(page: Page, method: string, ...args: unknown[]): Promise<unknown> {
  return page.evaluate(([name, rest]) => (globalThis as JourneyGlobal).journey?.(name, ...rest), [
    method,
    args
  ] as const)
}

export function trackerStatus(page: Page): Promise<TrackerStatus> {
  return callTracker(page, 'status') as Promise<TrackerStatus>
}
