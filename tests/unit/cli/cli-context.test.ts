import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CliContext } from '../../../src/main/cli/cli-context'

function terminal(isTTY: boolean) {
  const stderr = Object.assign(new PassThrough(), { isTTY })
  let text = ''
  stderr.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8')
  })
  const context = new CliContext(
    { stdout: new PassThrough(), stderr },
    new AbortController().signal,
    '/nowhere'
  )
  return { context, written: () => text }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('CliContext progress', () => {
  it('shows progress on a terminal without --progress, on one rewritten line', () => {
    const { context, written } = terminal(true)
    context.enableProgress(undefined)
    context.reportProgress({ phase: 'Reading events', done: 16_384, total: 69_912 })
    context.endProgress()
    expect(written()).toBe('\r\x1b[KReading events: 16,384 / 69,912\r\x1b[K')
  })

  it('stays quiet on a pipe unless --progress asks, then writes whole lines', () => {
    const quiet = terminal(false)
    quiet.context.enableProgress(undefined)
    quiet.context.reportProgress({ phase: 'Reading events', done: 10 })
    expect(quiet.written()).toBe('')
    const forced = terminal(false)
    forced.context.enableProgress(true)
    forced.context.reportProgress({ phase: 'Connecting to db.example:27017', done: 0 })
    expect(forced.written()).toBe('Connecting to db.example:27017…\n')
  })

  it('shows the seconds going by on a terminal while a phase reports nothing', () => {
    vi.useFakeTimers()
    const { context, written } = terminal(true)
    context.enableProgress(undefined)
    context.reportProgress({ phase: 'Connecting to db.example:27017', done: 0 })
    vi.advanceTimersByTime(3100)
    expect(written()).toContain('\r\x1b[KConnecting to db.example:27017… (3 s)')
    context.endProgress()
    const before = written()
    vi.advanceTimersByTime(5000)
    expect(written()).toBe(before)
  })
})
