import { idKey } from '../rules/id-key'

/**
 * Finds the sessions that hold "foreign" events: events whose `sessionId` is a session of one user
 * while their own `userId` is another (or missing). A case file lists a session's events by
 * `sessionId`, so only for those sessions are a user's events by `userId` not all of them.
 *
 * Feed every session's owner first (`addSession`), then every event (`addEvent`). Memory: one
 * entry per session, plus the (normally empty) set of foreign sessions.
 */
export class ForeignSessionsAccumulator {
  private readonly owners = new Map<string, string>()
  private readonly foreign = new Set<string>()
  private events = 0

  addSession(sessionId: unknown, userId: unknown): void {
    this.owners.set(idKey(sessionId), idKey(userId))
  }

  get sessions(): number {
    return this.owners.size
  }

  addEvent(sessionId: unknown, userId: unknown): void {
    this.events += 1
    const sessionKey = idKey(sessionId)
    const owner = this.owners.get(sessionKey)
    if (owner !== undefined && owner !== idKey(userId)) this.foreign.add(sessionKey)
  }

  result(): { foreignSessions: ReadonlySet<string>; sessions: number; events: number } {
    return { foreignSessions: this.foreign, sessions: this.owners.size, events: this.events }
  }
}
