import { webStorage } from './key-value-store'
import { privacySignal } from './privacy-signal'
import { OPT_OUT_KEY, startTracker, type TrackerApi } from './tracker'

/*
 * The tag: <script async src=".../journey-tracker.js" data-site-key="shop"
 *   data-endpoint="https://collect.example.com"></script>
 * Calls made before it loads wait in `journey.q` (see the README's snippet) and run once it has.
 */

type QueuedCall = ArrayLike<unknown>
type JourneyFunction = ((method: string, ...args: unknown[]) => unknown) & Partial<TrackerApi>

declare global {
  interface Window {
    journey?: JourneyFunction & { q?: QueuedCall[] }
  }
}

const script = document.currentScript as HTMLScriptElement | null
const data = script?.dataset ?? {}
const local = webStorage(() => localStorage)
const number = (text: string | undefined, fallback: number): number =>
  Number(text) > 0 ? Number(text) : fallback

const refusal =
  privacySignal(navigator, window) ??
  (local.get(OPT_OUT_KEY) ? 'opted out' : null) ??
  (data.siteKey ? null : 'no data-site-key on the script tag')

const api: TrackerApi = refusal
  ? inactiveTracker(refusal)
  : startTracker(
      {
        endpoint: data.endpoint ?? (script?.src ? new URL(script.src).origin : location.origin),
        siteKey: data.siteKey ?? '',
        batchSize: number(data.batchSize, 20),
        maxQueue: number(data.maxQueue, 500),
        flushMs: number(data.flushMs, 2000)
      },
      { local, session: webStorage(() => sessionStorage) }
    )

const queued = window.journey?.q ?? []
const journey: JourneyFunction = Object.assign((method: string, ...args: unknown[]) => {
  const call = (api as unknown as Record<string, ((...a: unknown[]) => unknown) | undefined>)[
    method
  ]
  if (typeof call === 'function') return call(...args)
  console.warn(`journey: no method "${method}"`)
  return undefined
}, api)
window.journey = journey
for (const call of queued) journey(...(Array.from(call) as [string, ...unknown[]]))

/** Nothing is recorded, stored or sent; opting out and in still work. */
function inactiveTracker(reason: string): TrackerApi {
  const none = (): void => undefined
  return {
    identify: none,
    track: none,
    purchase: none,
    flush: none,
    reset: none,
    optOut: () => {
      local.set(OPT_OUT_KEY, '1')
    },
    optIn: () => {
      local.remove(OPT_OUT_KEY)
    },
    status: () => ({ tracking: false, reason, queued: 0, dropped: 0 })
  }
}
