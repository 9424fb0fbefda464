import { describe, expect, it } from 'vitest'
import {
  DEFAULT_QUERY_SETTINGS,
  querySettingsSchema
} from '../../../src/shared/contracts/connections-contract'
import {
  describeQuerySettings,
  parseTagSets,
  settingsFromValues,
  valuesFromSettings
} from '../../../src/renderer/src/features/connections/query-settings-values'

describe('query settings form values', () => {
  it('shows the defaults in seconds, reading as the connection string says', () => {
    expect(valuesFromSettings(DEFAULT_QUERY_SETTINGS)).toEqual({
      lookupSeconds: 5,
      analysisSeconds: 120,
      readMode: 'from-uri',
      tags: ''
    })
  })

  it('turns an Atlas analytics node choice into settings the contract accepts', () => {
    const result = settingsFromValues({
      lookupSeconds: 7.5,
      analysisSeconds: 600,
      readMode: 'secondary',
      tags: 'nodeType:ANALYTICS, region : EU ; nodeType:ELECTABLE'
    })
    expect(result).toEqual({
      settings: {
        lookupMaxTimeMS: 7500,
        analysisMaxTimeMS: 600_000,
        readPreference: {
          mode: 'secondary',
          tags: [{ nodeType: 'ANALYTICS', region: 'EU' }, { nodeType: 'ELECTABLE' }]
        }
      }
    })
    if ('settings' in result) {
      expect(querySettingsSchema.parse(result.settings)).toEqual(result.settings)
      expect(valuesFromSettings(result.settings).tags).toBe(
        'nodeType:ANALYTICS, region:EU; nodeType:ELECTABLE'
      )
    }
  })

  it('says what to fix: a tag without a value, tags on the primary or with no mode', () => {
    expect(parseTagSets('nodeType')).toEqual({
      problem: '"nodeType" is not a tag: write it as name:value.'
    })
    const base = { lookupSeconds: 5, analysisSeconds: 120 }
    expect(settingsFromValues({ ...base, readMode: 'primary', tags: 'a:b' })).toEqual({
      problem: 'The primary takes no tag sets: choose secondary, secondaryPreferred or nearest.'
    })
    expect(settingsFromValues({ ...base, readMode: 'from-uri', tags: 'a:b' })).toEqual({
      problem: 'Tag sets need a read preference: choose secondary or nearest, say.'
    })
  })

  it('the contract refuses tag sets on the primary and limits out of range', () => {
    expect(
      querySettingsSchema.safeParse({
        ...DEFAULT_QUERY_SETTINGS,
        readPreference: { mode: 'primary', tags: [{ a: 'b' }] }
      }).success
    ).toBe(false)
    expect(
      querySettingsSchema.safeParse({ ...DEFAULT_QUERY_SETTINGS, analysisMaxTimeMS: 10 }).success
    ).toBe(false)
  })

  it('describes settings in one line, and nothing for the defaults', () => {
    expect(describeQuerySettings(DEFAULT_QUERY_SETTINGS)).toBeNull()
    expect(
      describeQuerySettings({
        ...DEFAULT_QUERY_SETTINGS,
        analysisMaxTimeMS: 600_000,
        readPreference: { mode: 'secondary', tags: [{ nodeType: 'ANALYTICS' }] }
      })
    ).toBe('Limits 5 s lookups, 600 s analyses · reads secondary (nodeType:ANALYTICS)')
  })
})
