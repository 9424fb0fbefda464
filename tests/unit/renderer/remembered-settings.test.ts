import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { rememberedScope, rememberScope } from '../../../src/renderer/src/app/scope/scope-memory'
import { resolveThemeMode } from '../../../src/renderer/src/app/theme/theme-store'

/** The browser's localStorage, as far as the settings use it. */
function memoryStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  const items = new Map<string, string>()
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => {
      items.set(key, value)
    },
    removeItem: (key) => {
      items.delete(key)
    }
  }
}

describe('scope remembered per source', () => {
  beforeEach(() => {
    vi.stubGlobal('localStorage', memoryStorage())
  })
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('gives each source back the scope it was last used with, filters and custom days included', () => {
    expect(rememberedScope('demo')).toBeNull()
    rememberScope('demo', { preset: '30d', browsers: ['Chrome', 'Safari'], operatingSystems: [] })
    rememberScope('c1/shop', {
      preset: 'custom',
      from: '2025-01-01',
      to: '2025-01-31',
      browsers: [],
      operatingSystems: ['iOS']
    })
    expect(rememberedScope('demo')).toEqual({
      preset: '30d',
      browsers: ['Chrome', 'Safari'],
      operatingSystems: []
    })
    expect(rememberedScope('c1/shop')).toEqual({
      preset: 'custom',
      from: '2025-01-01',
      to: '2025-01-31',
      browsers: [],
      operatingSystems: ['iOS']
    })
    expect(rememberedScope('c1/other')).toBeNull()
  })

  it('remembers nothing, and fails nothing, where storage is refused', () => {
    vi.stubGlobal('localStorage', {
      getItem: () => {
        throw new Error('denied')
      },
      setItem: () => {
        throw new Error('denied')
      }
    })
    expect(() => {
      rememberScope('demo', { preset: '7d', browsers: [], operatingSystems: [] })
    }).not.toThrow()
    expect(rememberedScope('demo')).toBeNull()
  })
})

describe('theme mode', () => {
  it('follows the system unless the user picked light or dark', () => {
    expect(resolveThemeMode('system', 'dark')).toBe('dark')
    expect(resolveThemeMode('system', 'light')).toBe('light')
    expect(resolveThemeMode('light', 'dark')).toBe('light')
    expect(resolveThemeMode('dark', 'light')).toBe('dark')
  })
})
