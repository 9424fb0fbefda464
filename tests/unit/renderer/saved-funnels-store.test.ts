import { describe, expect, it } from 'vitest'
import type { SavedFunnel } from '../../../src/shared/contracts/funnels-contract'
import { funnelsContract } from '../../../src/shared/contracts/funnels-contract'
import type { FunnelDefinition } from '../../../src/shared/funnels/funnel-definition'
import { RpcError } from '../../../src/renderer/src/api/rpc-error'
import {
  createSavedFunnelsStore,
  type SavedFunnelsClient
} from '../../../src/renderer/src/features/funnels/saved-funnels-store'

/**
 * A client that keeps funnels in memory and validates with the contract's own schemas; the real
 * service behind the real router is tested in tests/unit/funnels and tests/integration.
 */
function memoryClient(notices: string[] = []): SavedFunnelsClient & { calls: string[] } {
  const funnels: SavedFunnel[] = []
  const calls: string[] = []
  let next = 0
  const refuse = (message: string) => new RpcError({ code: 'INVALID_INPUT', message })
  return {
    calls,
    list: (input) => {
      calls.push('list')
      funnelsContract.methods.list.input.parse(input)
      return Promise.resolve({ funnels: [...funnels], notices })
    },
    save: (input) => {
      calls.push('save')
      const parsed = funnelsContract.methods.save.input.safeParse(input)
      if (!parsed.success) return Promise.reject(refuse(parsed.error.issues[0]?.message ?? ''))
      if (funnels.some((f) => f.name.toLowerCase() === parsed.data.name.toLowerCase())) {
        return Promise.reject(refuse(`A saved funnel named "${parsed.data.name}" already exists`))
      }
      const at = new Date('2025-10-01T00:00:00Z')
      const saved = {
        id: `f${String(++next)}`,
        name: parsed.data.name,
        definition: parsed.data.definition,
        createdAt: at,
        updatedAt: at
      }
      funnels.push(saved)
      return Promise.resolve(saved)
    },
    rename: (input) => {
      calls.push('rename')
      const found = funnels.find((f) => f.id === input.id)
      if (!found) return Promise.reject(new RpcError({ code: 'NOT_FOUND', message: 'gone' }))
      found.name = input.name
      return Promise.resolve(found)
    },
    remove: (input) => {
      calls.push('remove')
      const index = funnels.findIndex((f) => f.id === input.id)
      if (index >= 0) funnels.splice(index, 1)
      return Promise.resolve({ removed: index >= 0 })
    }
  }
}

const demo = { kind: 'demo' as const }
const definition: FunnelDefinition = {
  steps: [{ eventType: 'PAGE_VIEW', pageUrl: '/cart' }, { eventType: 'PURCHASE' }],
  mode: 'ordered',
  window: { amount: 7, unit: 'd' }
}

describe('saved funnels store', () => {
  it('lists per source and reloads the list after every change', async () => {
    const client = memoryClient()
    const store = createSavedFunnelsStore(client)
    const loading = store.getState().load('demo', demo)
    expect(store.getState().bySource.demo?.loading).toBe(true)
    await loading
    expect(store.getState().bySource.demo).toEqual({
      funnels: [],
      notices: [],
      loading: false,
      loadError: null
    })
    const saved = await store.getState().save('demo', demo, { name: 'Cart', definition })
    if (!saved.ok) throw new Error(saved.error.message)
    expect(store.getState().bySource.demo?.funnels.map((f) => f.name)).toEqual(['Cart'])
    await store.getState().rename('demo', demo, saved.value.id, 'Checkout')
    expect(store.getState().bySource.demo?.funnels.map((f) => f.name)).toEqual(['Checkout'])
    expect(await store.getState().remove('demo', demo, saved.value.id)).toEqual({
      ok: true,
      value: true
    })
    expect(store.getState().bySource.demo?.funnels).toEqual([])
    expect(client.calls).toEqual(['list', 'save', 'list', 'rename', 'list', 'remove', 'list'])
    expect(store.getState().bySource['c1/shop']).toBeUndefined()
  })

  it('answers a refused change with its error and does not reload', async () => {
    const client = memoryClient()
    const store = createSavedFunnelsStore(client)
    await store.getState().save('demo', demo, { name: 'Cart', definition })
    client.calls.length = 0
    expect(await store.getState().save('demo', demo, { name: 'cart', definition })).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'A saved funnel named "cart" already exists' }
    })
    const oneStep = { ...definition, steps: definition.steps.slice(0, 1) }
    const invalid = await store.getState().save('demo', demo, { name: 'X', definition: oneStep })
    expect(invalid).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'a funnel needs at least 2 steps' }
    })
    expect(client.calls).toEqual(['save', 'save'])
  })

  it('keeps a failed list as an error beside the last list, and passes notices on', async () => {
    const failing: SavedFunnelsClient = {
      ...memoryClient(),
      list: () => Promise.reject(new RpcError({ code: 'INTERNAL', message: 'disk gone' }))
    }
    const store = createSavedFunnelsStore(failing)
    await store.getState().load('demo', demo)
    expect(store.getState().bySource.demo).toMatchObject({
      loading: false,
      loadError: { code: 'INTERNAL', message: 'disk gone' }
    })
    const noticed = createSavedFunnelsStore(memoryClient(['a damaged file was set aside']))
    await noticed.getState().load('demo', demo)
    expect(noticed.getState().bySource.demo?.notices).toEqual(['a damaged file was set aside'])
  })
})
