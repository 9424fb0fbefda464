import { access, appendFile, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { besideCachePath } from '../../../src/main/engine/local/cache/cache-location'
import { forgetLocalDataset } from '../../../src/main/engine/local/local-dataset-cache'
import { JourneysService } from '../../../src/main/services/journeys/journeys-service'
import type { DataSource } from '../../../src/shared/journeys/data-source'
import {
  customerCaseFileSchema,
  customerSearchSchema
} from '../../../src/shared/journeys/query-schemas'
import type { CustomerSearchResult } from '../../../src/shared/journeys/results'
import type { Progress } from '../../../src/shared/rpc/contract'
import { useTempFolders } from '../data/temp-folder'
import { writeWorkspaceFixture } from '../engine/workspace-fixture'

const tempFolder = useTempFolders()

/** What someone types: name and email prefixes of every size, exact ids, nothing that matches. */
const TEXTS = ['a', 'Al', 'm', 'Lu', 'odd', 'S', 'zz-none', '@', 'u0001', 'odd-user-a']

function context(progress: Progress[] = []) {
  return {
    signal: new AbortController().signal,
    reportProgress: (step: Progress) => progress.push(step)
  }
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false
  )

async function searchAll(service: JourneysService, source: DataSource, texts = TEXTS) {
  const answers: Record<string, Omit<CustomerSearchResult, 'plan'>> = {}
  const notes = new Set<string>()
  for (const text of texts) {
    const { plan, ...answer } = await service.searchCustomers(
      customerSearchSchema.parse({ source, text, limit: 3 }),
      context()
    )
    answers[text] = answer
    notes.add(plan.notes[0] ?? '')
  }
  return { answers, notes: [...notes] }
}

describe('customer search of a folder not opened yet', () => {
  for (const idKind of ['string', 'objectId'] as const) {
    it(`reads the users file only and answers as the opened folder does (${idKind} ids)`, async () => {
      const folder = await writeWorkspaceFixture(await tempFolder(), { events: 3000, idKind })
      const source: DataSource = { kind: 'folder', path: folder }
      const ids = (await readFile(join(folder, 'users.ndjson'), 'utf8'))
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { _id: string | { $oid: string } })
        .map(({ _id }) => (typeof _id === 'string' ? _id : _id.$oid))
      const texts = [...TEXTS, ids[3] as string, (ids[5] as string).toUpperCase()]

      const cold = new JourneysService({ demoFolder: folder })
      const progress: Progress[] = []
      const first = await cold.searchCustomers(
        customerSearchSchema.parse({ source, text: 'a' }),
        context(progress)
      )
      expect(first.plan.notes[0]).toMatch(
        /^Searched the [\d,]+ users of .*users\.ndjson without reading sessions or events/
      )
      expect(progress.at(-1)).toEqual({
        phase: 'Reading users',
        done: 100,
        total: 100,
        message: '%'
      })
      const before = await searchAll(cold, source, texts)
      expect(before.notes).toHaveLength(1)
      expect(before.notes[0]).toMatch(/^Searched the /)
      // Nothing was opened or cached by the searches.
      expect(await exists(besideCachePath(folder))).toBe(false)

      // Opening the folder (a case file) builds its data set; search then runs in memory.
      const someone = before.answers.a?.customers[0]?._id
      expect(someone).toBeDefined()
      await cold.customerCaseFile(
        customerCaseFileSchema.parse({ source, userId: String(someone) }),
        context()
      )
      const after = await searchAll(cold, source, texts)
      expect(after.notes[0]).toMatch(/^In memory over /)
      expect(before.answers).toEqual(after.answers)
      // The comparison has substance: matches, a cut by the limit, and empty answers.
      expect(after.answers.a?.total).toBeGreaterThan(3)
      expect(after.answers.a?.customers).toHaveLength(3)
      expect(after.answers[ids[3] as string]?.total).toBeGreaterThanOrEqual(1)
      expect(after.answers['zz-none']?.total).toBe(0)
      await cold.close()
      forgetLocalDataset(folder)
    })
  }

  it('never parses an event: a broken events file fails the case file, not the search', async () => {
    const folder = await writeWorkspaceFixture(await tempFolder(), { events: 500 })
    await appendFile(join(folder, 'events.ndjson'), '\n{"_id": "broken", \n')
    const source: DataSource = { kind: 'folder', path: folder }
    const service = new JourneysService({ demoFolder: folder })
    const found = await service.searchCustomers(
      customerSearchSchema.parse({ source, text: 'odd-user-a' }),
      context()
    )
    expect(found.customers.map((customer) => customer._id)).toEqual(['odd-user-a'])
    await expect(
      service.customerCaseFile(
        customerCaseFileSchema.parse({ source, userId: 'odd-user-a' }),
        context()
      )
    ).rejects.toMatchObject({
      code: 'DATA_INVALID',
      message: expect.stringContaining('events.ndjson') as unknown
    })
    await service.close()
    forgetLocalDataset(folder)
  })

  it('refuses a users file the folder load would refuse, naming the line', async () => {
    const folder = await writeWorkspaceFixture(await tempFolder(), { events: 500 })
    const users = join(folder, 'users.ndjson')
    const lines = (await readFile(users, 'utf8')).split('\n').filter(Boolean)
    const source: DataSource = { kind: 'folder', path: folder }
    const service = new JourneysService({ demoFolder: folder })
    const search = () =>
      service.searchCustomers(customerSearchSchema.parse({ source, text: 'a' }), context())

    await writeFile(users, [...lines, lines[2]].join('\n'))
    await expect(search()).rejects.toMatchObject({
      code: 'DATA_INVALID',
      message: expect.stringMatching(
        new RegExp(`^users, line ${lines.length + 1}: duplicate _id`)
      ) as unknown
    })
    await writeFile(users, [lines[0], '{"_id": 1, "name": ', ...lines.slice(1)].join('\n'))
    await expect(search()).rejects.toMatchObject({
      code: 'DATA_INVALID',
      message: expect.stringMatching(/users\.ndjson, line 2: not valid Extended JSON/) as unknown
    })
    await service.close()
  })

  it('opens a folder with a current workspace cache instead of reading its users file', async () => {
    const folder = await writeWorkspaceFixture(await tempFolder(), { events: 500 })
    const source: DataSource = { kind: 'folder', path: folder }
    const first = new JourneysService({ demoFolder: folder })
    await first.customerCaseFile(
      customerCaseFileSchema.parse({ source, userId: 'odd-user-a' }),
      context()
    )
    await first.close()
    // As a new process would: the data set is not in memory, its cache file is current.
    forgetLocalDataset(folder)
    expect(await exists(besideCachePath(folder))).toBe(true)
    const second = new JourneysService({ demoFolder: folder })
    const found = await second.searchCustomers(
      customerSearchSchema.parse({ source, text: 'a' }),
      context()
    )
    expect(found.plan.notes.join(' ')).toMatch(/^In memory over .*Read from the workspace cache/)
    await second.close()
    forgetLocalDataset(folder)
  })
})
