import { AppError } from '../../../shared/errors'
import { createDemoIdFactory, type DemoIdKind } from './demo-ids'
import { createShopCatalogue } from './shop-catalogue'
import { simulateUser, type DemoRun, type DemoUserBundle } from './simulate-user'

export type { DemoUserBundle } from './simulate-user'
export type { DemoIdKind } from './demo-ids'

export interface DemoDataOptions {
  /** Same seed and options ⇒ the same documents, byte for byte once written. */
  seed: number
  /** Number of users. With `events` too, generation stops at whichever is reached first. */
  users?: number
  /** Stop after the user whose events reach this many (so the count may overshoot by one user). */
  events?: number
  /** `string` (default): `u000042`, `s0000123`, `e000001234`; `objectId`: deterministic ObjectIds. */
  idKind?: DemoIdKind
  /** Simulated time ends here (default 2025-10-01T00:00:00Z); never the clock, for determinism. */
  endDate?: Date
  /** Users sign up over this many days before `endDate` (default 365). */
  historyDays?: number
}

export const DEFAULT_DEMO_END = new Date('2025-10-01T00:00:00.000Z')
export const MAX_DEMO_USERS = 5_000_000
export const MAX_DEMO_EVENTS = 100_000_000

/**
 * Streams a simulated shop's users, one user (with their sessions and events) at a time, so memory
 * stays bounded by the busiest user however large the data set.
 */
export function* generateDemoData(options: DemoDataOptions): Generator<DemoUserBundle> {
  const { users, events } = checkDemoOptions(options)
  const endMs = (options.endDate ?? DEFAULT_DEMO_END).getTime()
  const run: DemoRun = {
    seed: options.seed >>> 0,
    catalogue: createShopCatalogue(options.seed >>> 0),
    ids: createDemoIdFactory(options.idKind ?? 'string', options.seed >>> 0),
    startMs: endMs - (options.historyDays ?? 365) * 86_400_000,
    endMs,
    counters: { sessions: 0, events: 0, orders: 0 }
  }
  for (let userNumber = 1; userNumber <= users && run.counters.events < events; userNumber++) {
    yield simulateUser(run, userNumber)
  }
}

function checkDemoOptions(options: DemoDataOptions): { users: number; events: number } {
  const { seed, users, events, historyDays, endDate } = options
  if (!Number.isInteger(seed)) throw invalid('the seed must be an integer')
  if (users === undefined && events === undefined) throw invalid('give a number of users or events')
  if (users !== undefined && (!Number.isInteger(users) || users < 0 || users > MAX_DEMO_USERS)) {
    throw invalid(`users must be a whole number from 0 to ${MAX_DEMO_USERS}`)
  }
  if (
    events !== undefined &&
    (!Number.isInteger(events) || events < 0 || events > MAX_DEMO_EVENTS)
  ) {
    throw invalid(`events must be a whole number from 0 to ${MAX_DEMO_EVENTS}`)
  }
  if (historyDays !== undefined && (!Number.isInteger(historyDays) || historyDays < 2)) {
    throw invalid('historyDays must be a whole number of at least 2')
  }
  if (endDate !== undefined && Number.isNaN(endDate.getTime())) throw invalid('endDate is invalid')
  return { users: users ?? Number.POSITIVE_INFINITY, events: events ?? Number.POSITIVE_INFINITY }
}

function invalid(message: string): AppError {
  return new AppError('INVALID_INPUT', `Demo data: ${message}.`)
}
