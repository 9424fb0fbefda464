/** Thirty minutes without a tracked event end a session. */
export const SESSION_IDLE_MS = 30 * 60_000

export interface StoredSession {
  id: string
  /** When the last event of the session was tracked (ms). */
  lastActivity: number
}

/**
 * The session an event at `now` belongs to: the stored one when it was active within the idle
 * limit (resumed, also across page loads and tabs), otherwise a new one (`started`).
 */
export function continueSession(
  stored: StoredSession | undefined,
  now: number,
  makeId: () => string
): { session: StoredSession; started: boolean } {
  if (stored && now - stored.lastActivity <= SESSION_IDLE_MS) {
    return { session: { id: stored.id, lastActivity: now }, started: false }
  }
  return { session: { id: makeId(), lastActivity: now }, started: true }
}
