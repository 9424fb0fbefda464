import { describe, expect, it } from 'vitest'
import { COMMANDS } from '../../../src/main/cli/command-table'

describe('the command table', () => {
  it('names each command once', () => {
    const names = COMMANDS.map((entry) => entry.name)
    expect(new Set(names).size).toBe(names.length)
  })

  it.each(COMMANDS.map((entry) => [entry.name, entry] as const))(
    '%s loads a command whose usage starts with its own name',
    async (name, entry) => {
      const command = await entry.load()
      expect(
        command.usage.startsWith(`journey ${name} `) || command.usage === `journey ${name}`
      ).toBe(true)
      expect(typeof command.run).toBe('function')
      expect(entry.summary.length).toBeGreaterThan(10)
    }
  )
})
