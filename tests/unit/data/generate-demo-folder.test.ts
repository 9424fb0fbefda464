import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import { generateDemoFolder } from '../../../src/main/data/demo/generate-demo-folder'
import { readCollectionFile } from '../../../src/main/data/ndjson/ndjson-reader'
import { useTempFolders } from './temp-folder'

const makeTempFolder = useTempFolders()
const FILES = ['users.ndjson', 'sessions.ndjson', 'events.ndjson']

/** One hex digest per file: comparing megabytes with toEqual is slow and its diff unreadable. */
async function digests(folder: string, names: string[]): Promise<string[]> {
  const files = await Promise.all(names.map((name) => readFile(join(folder, name))))
  return files.map((bytes) => createHash('sha256').update(bytes).digest('hex'))
}

describe('generateDemoFolder', () => {
  it('writes byte-identical files for the same seed and different ones for another', async () => {
    const [a, b, c] = await Promise.all([makeTempFolder(), makeTempFolder(), makeTempFolder()])
    const first = await generateDemoFolder({ outDir: a, users: 300, seed: 42 })
    await generateDemoFolder({ outDir: b, users: 300, seed: 42 })
    await generateDemoFolder({ outDir: c, users: 300, seed: 43 })
    const [digestsA, digestsB, digestsC] = await Promise.all([
      digests(a, FILES),
      digests(b, FILES),
      digests(c, FILES)
    ])
    expect(digestsA).toEqual(digestsB)
    digestsA.forEach((digest, i) => {
      expect(digest).not.toBe(digestsC[i])
    })
    expect(first.counts.users).toBe(300)
    const lines = (await readFile(first.files.events ?? '', 'utf8')).trimEnd().split('\n')
    expect(lines).toHaveLength(first.counts.events)
  })

  it('writes identical gzip and ObjectId files for the same seed, readable as documents', async () => {
    const [a, b] = await Promise.all([makeTempFolder(), makeTempFolder()])
    const options = { users: 120, seed: 7, gzip: true, idKind: 'objectId' } as const
    const result = await generateDemoFolder({ outDir: a, ...options })
    await generateDemoFolder({ outDir: b, ...options })
    const gz = FILES.map((name) => `${name}.gz`)
    expect(await digests(a, gz)).toEqual(await digests(b, gz))
    let sessions = 0
    for await (const record of readCollectionFile(result.files.sessions ?? '', 'sessions')) {
      expect(record.document.startTime).toBeInstanceOf(Date)
      sessions++
    }
    expect(sessions).toBe(result.counts.sessions)
  })

  it('reports progress and stops near an events target', async () => {
    const progress: number[] = []
    const result = await generateDemoFolder({
      outDir: await makeTempFolder(),
      events: 60_000,
      seed: 1,
      onProgress: (p) => progress.push(p.fraction)
    })
    expect(result.counts.events).toBeGreaterThanOrEqual(60_000)
    expect(progress.length).toBeGreaterThan(1)
    expect(progress.at(-1)).toBe(1)
  })

  it('leaves nothing behind when cancelled', async () => {
    const folder = await makeTempFolder()
    const controller = new AbortController()
    const run = generateDemoFolder({
      outDir: folder,
      users: 100_000,
      seed: 1,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.users >= 1000) controller.abort()
      }
    })
    await expect(run).rejects.toBeInstanceOf(AppError)
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(await readdir(folder)).toEqual([])
  })
})
