import { describe, expect, it } from 'vitest'
import { workspaceIdOf } from '../../../src/main/services/workspaces/workspace-id'
import { workspaceIdSchema } from '../../../src/shared/journeys/data-source'
import { describeAge, describeOfflineCopy } from '../../../src/shared/workspaces/offline-age'

const now = new Date('2026-11-30T12:00:00Z')
const ago = (ms: number) => new Date(now.getTime() - ms)
const MIN = 60_000

describe('offline copy labels', () => {
  it('say how long ago a copy was refreshed, in words that fit a header', () => {
    expect(describeAge(ago(59_999), now)).toBe('just now')
    expect(describeAge(ago(MIN), now)).toBe('1 min ago')
    expect(describeAge(ago(5 * MIN + 59_000), now)).toBe('5 min ago')
    expect(describeAge(ago(60 * MIN), now)).toBe('1 hour ago')
    expect(describeAge(ago(23 * 60 * MIN), now)).toBe('23 hours ago')
    expect(describeAge(ago(24 * 60 * MIN), now)).toBe('1 day ago')
    expect(describeAge(ago(10 * 24 * 60 * MIN), now)).toBe('10 days ago')
    // A clock that moved back: never "-3 min ago".
    expect(describeAge(new Date(now.getTime() + 3 * MIN), now)).toBe('just now')
    expect(describeOfflineCopy(ago(5 * MIN), now)).toBe('offline copy, refreshed 5 min ago')
    expect(describeOfflineCopy(null, now)).toBe('offline copy, unfinished')
  })

  it('name one copy per connection and database, with an id the source schema accepts', () => {
    const id = workspaceIdOf('c-1', 'shop')
    expect(id).toBe(workspaceIdOf('c-1', 'shop'))
    expect(id).not.toBe(workspaceIdOf('c-1', 'shop2'))
    expect(id).not.toBe(workspaceIdOf('c-2', 'shop'))
    // The separator keeps ("c-1", "xshop") and ("c-1x", "shop") apart.
    expect(workspaceIdOf('c-1x', 'shop')).not.toBe(workspaceIdOf('c-1', 'xshop'))
    expect(workspaceIdSchema.safeParse(id).success).toBe(true)
  })
})
