import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { FunnelDefinition } from '../../../src/shared/funnels/funnel-definition'
import type { DataSource } from '../../../src/shared/journeys/data-source'
import { JsonFileSavedFunnelsRepository } from '../../../src/main/services/funnels/json-file-saved-funnels-repository'
import { SavedFunnelsService } from '../../../src/main/services/funnels/saved-funnels-service'
import { useTempFolders } from '../data/temp-folder'

const tempFolder = useTempFolders()
const demo: DataSource = { kind: 'demo' }
const shop: DataSource = { kind: 'connection', connectionId: 'c1', database: 'shop' }
const definition: FunnelDefinition = {
  steps: [{ eventType: 'PAGE_VIEW', pageUrl: '/cart' }, { eventType: 'PURCHASE' }],
  mode: 'ordered',
  window: { amount: 7, unit: 'd' }
}

function serviceIn(dir: string) {
  const file = join(dir, 'saved-funnels.json')
  let id = 0
  const service = new SavedFunnelsService({
    repository: new JsonFileSavedFunnelsRepository(file),
    now: () => new Date('2025-10-01T12:00:00Z'),
    newId: () => `f${String(++id)}`
  })
  return { service, file }
}

describe('SavedFunnelsService', () => {
  it('saves, lists by name, renames, updates and deletes, per source', async () => {
    const { service, file } = serviceIn(await tempFolder())
    expect(await service.list({ source: demo })).toEqual({ funnels: [], notices: [] })
    const cart = await service.save({ source: demo, name: 'Cart to purchase', definition })
    await service.save({ source: demo, name: 'another', definition })
    await service.save({ source: shop, name: 'Cart to purchase', definition })
    expect(cart).toEqual({
      id: 'f1',
      name: 'Cart to purchase',
      definition,
      createdAt: new Date('2025-10-01T12:00:00Z'),
      updatedAt: new Date('2025-10-01T12:00:00Z')
    })
    const listed = await service.list({ source: demo })
    expect(listed.funnels.map((f) => f.name)).toEqual(['another', 'Cart to purchase'])
    expect((await service.list({ source: shop })).funnels.map((f) => f.id)).toEqual(['f3'])

    expect((await service.rename({ source: demo, id: 'f1', name: 'Checkout' })).name).toBe(
      'Checkout'
    )
    const strict = { ...definition, mode: 'strict' as const }
    await service.save({ source: demo, id: 'f1', name: 'Checkout', definition: strict })
    const reopened = serviceIn(join(file, '..')).service
    const afterRestart = await reopened.list({ source: demo })
    expect(afterRestart.funnels.find((f) => f.id === 'f1')?.definition.mode).toBe('strict')

    expect(await service.remove({ source: demo, id: 'f1' })).toEqual({ removed: true })
    expect(await service.remove({ source: demo, id: 'f1' })).toEqual({ removed: false })
    // The other source's funnel of the same id space is untouched.
    expect(await service.remove({ source: demo, id: 'f3' })).toEqual({ removed: false })
    expect((await service.list({ source: shop })).funnels).toHaveLength(1)
  })

  it('refuses a name taken in the same source, and a funnel that is gone', async () => {
    const { service } = serviceIn(await tempFolder())
    await service.save({ source: demo, name: 'Cart', definition })
    const other = await service.save({ source: demo, name: 'Other', definition })
    await expect(service.save({ source: demo, name: 'cart', definition })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: 'A saved funnel named "Cart" already exists'
    })
    await expect(
      service.rename({ source: demo, id: other.id, name: 'CART' })
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(service.rename({ source: shop, id: other.id, name: 'X' })).rejects.toMatchObject({
      code: 'NOT_FOUND'
    })
    await expect(
      service.save({ source: demo, id: 'nope', name: 'X', definition })
    ).rejects.toMatchObject({ code: 'NOT_FOUND' })
    // Renaming to its own name (another case) is fine.
    expect((await service.rename({ source: demo, id: other.id, name: 'OTHER' })).name).toBe('OTHER')
    await expect(
      service.list({ source: { kind: 'uri', uri: 'mongodb://u:p@h/', database: 'd' } })
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  })

  it('loses nothing when saves arrive together', async () => {
    const { service } = serviceIn(await tempFolder())
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        service.save({ source: demo, name: `Funnel ${String(i + 1)}`, definition })
      )
    )
    const names = (await service.list({ source: demo })).funnels.map((f) => f.name)
    expect(names).toEqual(Array.from({ length: 12 }, (_, i) => `Funnel ${String(i + 1)}`))
  })

  it('keeps the readable funnels of a damaged file, backs the file up and says so', async () => {
    const dir = await tempFolder()
    const { service, file } = serviceIn(dir)
    await service.save({ source: demo, name: 'Good', definition })
    const stored = JSON.parse(await readFile(file, 'utf8')) as { funnels: unknown[] }
    stored.funnels.push(
      { id: 'bad1', sourceKey: 'demo', name: 'One step', definition: { ...definition, steps: [] } },
      'not a funnel'
    )
    const damaged = JSON.stringify(stored)
    await writeFile(file, damaged)

    const fresh = serviceIn(dir).service
    const listed = await fresh.list({ source: demo })
    expect(listed.funnels.map((f) => f.name)).toEqual(['Good'])
    expect(listed.notices).toHaveLength(1)
    expect(listed.notices[0]).toContain('funnel #2 "One step": definition.steps')
    expect(listed.notices[0]).toContain('funnel #3: the record')
    expect(listed.notices[0]).toContain('1 saved funnel was kept')
    const backups = (await readdir(dir)).filter((name) => name.includes('.backup-'))
    expect(backups).toHaveLength(1)
    expect(listed.notices[0]).toContain(join(dir, backups[0] ?? ''))
    expect(await readFile(join(dir, backups[0] ?? ''), 'utf8')).toBe(damaged)
    // The store was rewritten with what could be read: the next session has no notice.
    expect((await serviceIn(dir).service.list({ source: demo })).notices).toEqual([])
  })

  it('starts afresh from a file that is not JSON, keeping it as a backup', async () => {
    const dir = await tempFolder()
    const { service, file } = serviceIn(dir)
    await writeFile(file, '{"version":1,"funnels":[{"id":')
    const listed = await service.list({ source: demo })
    expect(listed.funnels).toEqual([])
    expect(listed.notices[0]).toMatch(
      /^The saved funnels could not be read \(the file is not valid JSON: /
    )
    await service.save({ source: demo, name: 'After', definition })
    expect((await service.list({ source: demo })).funnels.map((f) => f.name)).toEqual(['After'])
    const backups = (await readdir(dir)).filter((name) => name.includes('.backup-'))
    expect(await readFile(join(dir, backups[0] ?? ''), 'utf8')).toBe(
      '{"version":1,"funnels":[{"id":'
    )
  })

  it('writes atomically: no partial file is left behind', async () => {
    const dir = await tempFolder()
    const { service } = serviceIn(dir)
    await service.save({ source: demo, name: 'A', definition })
    expect(await readdir(dir)).toEqual(['saved-funnels.json'])
  })
})
