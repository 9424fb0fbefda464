import type {
  EventDocument,
  SessionDocument,
  UserDocument
} from '../../../shared/journeys/documents'
import type { DemoIdFactory } from './demo-ids'
import { makeBotDevice, makeDemoDevice, sessionIp, type DemoDevice } from './demo-devices'
import { makeDemoPerson } from './person-names'
import { createRandom, type Random } from './seeded-random'
import type { ShopCatalogue } from './shop-catalogue'
import { simulateBotSession } from './simulate-bot-session'
import { simulateShopSession, type Currency, type SessionSimulation } from './simulate-session'
import { createWeightedSampler } from './weighted-sampler'

/** One user with their sessions and events, in time order. */
export interface DemoUserBundle {
  user: UserDocument
  sessions: SessionDocument[]
  events: EventDocument[]
}

/** Shared by all users of one run; the counters make ids and order numbers run on across users. */
export interface DemoRun {
  seed: number
  catalogue: ShopCatalogue
  ids: DemoIdFactory
  /** Simulated time: users sign up from `startMs`; nothing starts after `endMs`. */
  startMs: number
  endMs: number
  counters: { sessions: number; events: number; orders: number }
}

const HOUR = 3_600_000
const DAY = 24 * HOUR
export const MIN_GAP_BETWEEN_SESSIONS_MS = 31 * 60_000
/** Relative traffic per hour of the day: quiet nights, a lunch bump, busy evenings. */
const sampleHour = createWeightedSampler([
  1, 0.6, 0.4, 0.3, 0.3, 0.4, 0.8, 1.5, 2.2, 2.8, 3, 3.2, 3.5, 3.3, 3.1, 3, 3.2, 3.6, 4.2, 4.8, 5,
  4.5, 3.2, 2
])

/** About one user in 400 is a crawler: deterministic so small demos still get one or two. */
export function isBotUser(userNumber: number): boolean {
  return userNumber % 400 === 211
}

/** Simulates user number `userNumber` (1-based) from their own random stream. */
export function simulateUser(run: DemoRun, userNumber: number): DemoUserBundle {
  const random = createRandom(run.seed, userNumber)
  const bot = isBotUser(userNumber)
  const person = makeDemoPerson(random, userNumber)
  const span = run.endMs - run.startMs - DAY
  const signUpDay = run.startMs + Math.floor((Math.pow(random.next(), 0.7) * span) / DAY) * DAY
  const createdAt = signUpDay + timeOfDay(random)
  const userId = run.ids.user(userNumber, createdAt)

  const sessions: SessionDocument[] = []
  const events: EventDocument[] = []
  let sessionId: SessionDocument['_id'] = ''
  const sim: SessionSimulation = {
    random,
    catalogue: run.catalogue,
    shopper: { intent: Math.pow(random.next(), 2.2), currency: pickCurrency(random), cart: [] },
    emit: (eventType, timestamp, metadata) => {
      const _id = run.ids.event(++run.counters.events, timestamp)
      events.push({ _id, sessionId, userId, eventType, timestamp: new Date(timestamp), metadata })
    },
    nextOrderId: () => `ORD-${100000 + ++run.counters.orders}`
  }

  const devices: DemoDevice[] = bot
    ? [makeBotDevice(random)]
    : Array.from({ length: random.chance(0.6) ? 1 : random.chance(0.75) ? 2 : 3 }, () =>
        makeDemoDevice(random)
      )
  const plan = bot ? botPlan(random) : sessionPlan(random)
  let start = createdAt + random.int(0, 20_000)
  for (let index = 0; index < plan.count && start < run.endMs - 2 * HOUR; index++) {
    const device = devices.length === 1 || random.chance(0.65) ? devices[0] : random.pick(devices)
    if (!device) break
    sessionId = run.ids.session(++run.counters.sessions, start)
    const session: SessionDocument = {
      _id: sessionId,
      userId,
      startTime: new Date(start),
      endTime: new Date(start),
      deviceInfo: { browser: device.browser, os: device.os },
      ipAddress: sessionIp(device, random)
    }
    sessions.push(session)
    const end = bot
      ? simulateBotSession(sim, start, random.int(250, 1500))
      : simulateShopSession(sim, start)
    session.endTime = new Date(end)
    const nextDay = Math.floor((end + random.exponential(plan.meanGapDays) * DAY) / DAY) * DAY
    // More than the 30-minute idle gap after the visit ends, so sessions derived from events by
    // that rule are exactly the simulated ones.
    start = Math.max(end + MIN_GAP_BETWEEN_SESSIONS_MS, nextDay + timeOfDay(random))
  }

  const lastEvent = events.at(-1)
  return {
    user: {
      _id: userId,
      name: person.name,
      email: person.email,
      createdAt: new Date(createdAt),
      lastActiveAt: lastEvent ? lastEvent.timestamp : new Date(createdAt)
    },
    sessions,
    events
  }
}

interface SessionPlan {
  count: number
  meanGapDays: number
}

/** Some sign up and never return, most come back a few times, a loyal quarter shops for months. */
function sessionPlan(random: Random): SessionPlan {
  const roll = random.next()
  if (roll < 0.03) return { count: 0, meanGapDays: 1 }
  if (roll < 0.3) return { count: 1, meanGapDays: 1 }
  if (roll < 0.75) return { count: random.int(2, 8), meanGapDays: 14 }
  return { count: random.int(8, 40), meanGapDays: 5 }
}

function botPlan(random: Random): SessionPlan {
  return { count: random.int(2, 6), meanGapDays: 2 }
}

function timeOfDay(random: Random): number {
  return sampleHour(random) * HOUR + random.int(0, HOUR - 1)
}

function pickCurrency(random: Random): Currency {
  const roll = random.next()
  return roll < 0.85 ? 'USD' : roll < 0.95 ? 'EUR' : 'GBP'
}
