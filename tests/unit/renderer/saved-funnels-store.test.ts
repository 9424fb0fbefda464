import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { funnelsContract } from '../../../src/shared/contracts/funnels-contract'
import type { FunnelDefinition } from '../../../src/shared/funnels/funnel-definition'
import { RpcRouter } from '../../../src/main/rpc/router'
import { JsonFileSavedFunnelsRepository } from '../../../src/main/services/funnels/json-file-saved-funnels-repository'
import { SavedFunnelsService } from '../../../src/main/services/funnels/saved-funnels-service'
import { createClient } from '../../../src/renderer/src/api/create-client'
import type { Transport } from '../../../src/renderer/src/api/transport'
import { createSavedFunnelsStore } from '../../../src/renderer/src/features/funnels/saved-funnels-store'
import { useTempFolders } from '../data/temp-folder'

const tempFolder = useTempFolders()

/** The renderer's client over the real router and service, in process (no HTTP, same wire format). */
async function storeOverRealService() {
  const dir = await tempFolder()
  const file = join(dir, 'saved-funnels.json')
  const service = new SavedFunnelsService({ repository: new JsonFileSavedFunnelsRepository(file) })
  const router = new RpcRouter({ funnels: funnelsContract }, { funnels: service })
  const transport: Transport = {
    kind: 'http',
    call: (channel, request) => router.dispatch(channel, request),
    cancel: () => Promise.resolve()
  }
  const client = createClient(transport)
  return { store: createSavedFunnelsStore(client.funnels), file }
}

const demo = { kind: 'demo' as const }
const definition: FunnelDefinition = {
  steps: [{ eventType: 'PAGE_VIEW', pageUrl: '/cart' }, { eventType: 'PURCHASE' }],
  mode: 'ordered',
  window: { amount: 7, unit: 'd' }
}

describe('saved funnels store', () => {
  it('loads, saves, renames and removes, keeping each source list as stored', async () => {
    const { store } = await storeOverRealService()
    await store.getState().load('demo', demo)
    expect(store.getState().bySource.demo).toEqual({
      funnels: [],
      notices: [],
      loading: false,
      loadError: null
    })
    const saved = await store.getState().save('demo', demo, { name: 'Cart', definition })
    if (!saved.ok) throw new Error(saved.error.message)
    expect(saved.value.createdAt).toBeInstanceOf(Date)
    expect(store.getState().bySource.demo?.funnels.map((f) => f.name)).toEqual(['Cart'])

    const renamed = await store.getState().rename('demo', demo, saved.value.id, 'Checkout')
    expect(renamed.ok).toBe(true)
    expect(store.getState().bySource.demo?.funnels.map((f) => f.name)).toEqual(['Checkout'])

    const removed = await store.getState().remove('demo', demo, saved.value.id)
    expect(removed).toEqual({ ok: true, value: true })
    expect(store.getState().bySource.demo?.funnels).toEqual([])
  })

  it('answers a refused change with the error, and leaves the list as it was', async () => {
    const { store } = await storeOverRealService()
    await store.getState().save('demo', demo, { name: 'Cart', definition })
    const again = await store.getState().save('demo', demo, { name: 'cart', definition })
    expect(again).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'A saved funnel named "Cart" already exists' }
    })
    const invalid = await store.getState().save('demo', demo, {
      name: 'One step',
      definition: { ...definition, steps: definition.steps.slice(0, 1) }
    })
    expect(invalid.ok || invalid.error.code).toBe('INVALID_INPUT')
    expect(store.getState().bySource.demo?.funnels.map((f) => f.name)).toEqual(['Cart'])
  })

  it('passes on what the service says about a damaged store', async () => {
    const { store, file } = await storeOverRealService()
    await writeFile(file, 'not json')
    await store.getState().load('demo', demo)
    const notices = store.getState().bySource.demo?.notices ?? []
    expect(notices).toHaveLength(1)
    expect(notices[0]).toContain('could not be read')
  })
})
