import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { describe, expect, it } from 'vitest'
import { locateCollectionFiles } from '../../../src/main/data/ndjson/collection-files'
import type { MemoryColumns } from '../../../src/main/engine/local/columns/column-source'
import { balancedEventsSplit, lineStartFrom } from '../../../src/main/engine/local/events-split'
import {
  loadNdjsonFolder,
  type LoadNdjsonOptions
} from '../../../src/main/engine/local/load-ndjson-folder'
import { useTempFolders } from '../data/temp-folder'
import { writeWorkspaceFixture } from './workspace-fixture'

const tempFolder = useTempFolders()

/** Lines the tail of the events file gets on top of the fixture's odd ones. */
const AWKWARD_TAIL = [
  '',
  '{"_id":"p-01","sessionId":"late-session","userId":"late-user","eventType":"ÉVÉNEMENT","timestamp":{"$date":"2025-06-02T10:00:00Z"},"metadata":{"pageUrl":"/ünïcode/😀","note":"tab\\there","fresh":1}}\r',
  '\r',
  '{"_id":"p-02","sessionId":"late-session","userId":"late-user","eventType":"PAGE_VIEW","timestamp":{"$date":"2025-06-02T10:00:01Z"},"metadata":{"pageUrl":"/late","extraKey":{"nested":[1,2]}},"late":"field"}',
  '{"_id":"p-03","sessionId":"late-session","userId":"late-user","eventType":"PAGE_VIEW","timestamp":{"$date":"2025-06-02T10:00:02Z"},"context":{"ip":"203.0.113.9"}}',
  ''
]

async function awkwardFolder(): Promise<string> {
  const folder = await writeWorkspaceFixture(await tempFolder(), { events: 3000 })
  const path = join(folder, 'events.ndjson')
  await writeFile(path, `${await readFile(path, 'utf8')}\n${AWKWARD_TAIL.join('\n')}`)
  return folder
}

function sectionDifferences(a: MemoryColumns, b: MemoryColumns): string[] {
  const left = [...a.sections()]
  const right = [...b.sections()]
  const names = (sections: typeof left) => sections.map((section) => section.name)
  if (!isDeepStrictEqual(names(left), names(right))) return ['section names or order']
  return left
    .filter((section, k) => !isDeepStrictEqual(section.value, right[k]?.value))
    .map((section) => section.name)
}

const MERGING = 'Merging events read in a worker'

/** A load of a folder, and the phases its progress went through (each once, in order). */
async function loadWith(folder: string, options: LoadNdjsonOptions) {
  const phases: string[] = []
  const columns = await loadNdjsonFolder(
    await locateCollectionFiles(folder),
    {
      reportProgress: ({ phase }) => {
        if (phases.at(-1) !== phase) phases.push(phase)
      }
    },
    options
  )
  return { columns, phases, merged: phases.includes(MERGING) }
}

const load = async (folder: string, options: LoadNdjsonOptions) =>
  (await loadWith(folder, options)).columns

/** Byte offsets in a file where a line starts, around its odd lines and at its edges. */
async function splitPoints(path: string): Promise<number[]> {
  const bytes = await readFile(path)
  const starts = [0]
  for (let at = bytes.indexOf(10); at >= 0; at = bytes.indexOf(10, at + 1)) starts.push(at + 1)
  const lastGenerated = starts.length - 20
  return [
    1,
    starts[Math.floor(starts.length / 2)] as number,
    starts[lastGenerated] as number,
    (starts[starts.length - 6] as number) - 3,
    (starts[starts.length - 3] as number) + 1,
    bytes.length - 1
  ]
}

describe('loading the events file in two parts, one in a worker thread', () => {
  it('gives exactly the sections of a single load, wherever the file is split', async () => {
    const folder = await awkwardFolder()
    const plain = await load(folder, { eventsWorker: false })
    const points = await splitPoints(join(folder, 'events.ndjson'))
    const merged: boolean[] = []
    for (const splitAt of points) {
      const split = await loadWith(folder, { eventsWorker: { splitAt } })
      merged.push(split.merged)
      expect({ splitAt, differences: sectionDifferences(plain, split.columns) }).toEqual({
        splitAt,
        differences: []
      })
    }
    // The last split point leaves only the final line break: nothing for a worker.
    expect(merged).toEqual([true, true, true, true, true, false])
    // The worker's progress counts in the phase of what this thread reads, which never goes back.
    const middle = await loadWith(folder, { eventsWorker: { splitAt: points[1] as number } })
    expect(middle.phases).toEqual([
      'Reading users',
      'Reading sessions',
      'Reading events',
      MERGING,
      'Indexing events'
    ])
  }, 120_000)

  it('fails on a malformed line in the worker part with the message and line number of a single load', async () => {
    const folder = await awkwardFolder()
    const path = join(folder, 'events.ndjson')
    const lines = (await readFile(path, 'utf8')).split('\n')
    const bad = lines.length - 4
    lines[bad] = '{"_id":"broken","sessionId":'
    await writeFile(path, lines.join('\n'))
    const plain = await load(folder, { eventsWorker: false }).then(
      () => null,
      (error: unknown) => error
    )
    expect(String(plain)).toContain(`line ${bad + 1}: not valid Extended JSON`)
    const middle = Math.floor((await readFile(path)).length / 2)
    const phases: string[] = []
    const split = await loadNdjsonFolder(
      await locateCollectionFiles(folder),
      { reportProgress: (progress) => phases.push(progress.phase) },
      { eventsWorker: { splitAt: middle } }
    ).then(
      () => null,
      (error: unknown) => error
    )
    // The worker failed; this thread read its part again and met the line itself.
    expect(phases).not.toContain(MERGING)
    expect(split).toEqual(plain)
    expect(String(split)).toBe(String(plain))
  }, 120_000)

  it('splits at the start of a line, the worker taking the larger share of a big file', async () => {
    const folder = await tempFolder()
    const path = join(folder, 'events.ndjson')
    await writeFile(path, 'abc\n\ndefgh\nij')
    expect(await lineStartFrom(path, 0, 13)).toBe(0)
    expect(await lineStartFrom(path, 1, 13)).toBe(4)
    expect(await lineStartFrom(path, 4, 13)).toBe(4)
    expect(await lineStartFrom(path, 5, 13)).toBe(5)
    expect(await lineStartFrom(path, 6, 13)).toBe(11)
    expect(await lineStartFrom(path, 12, 13)).toBe(13)
    // 1M generated events: the main thread reads users and sessions, then less than half the events.
    const split = balancedEventsSplit({ users: 4e6, sessions: 31e6, events: 187e6 })
    expect(split).toBeGreaterThan(70e6)
    expect(split).toBeLessThan(187e6 / 2)
    expect(balancedEventsSplit({ users: 50e6, sessions: 50e6, events: 1e6 })).toBe(0)
  })
})
