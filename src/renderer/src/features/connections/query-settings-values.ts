import {
  DEFAULT_QUERY_SETTINGS,
  READ_PREFERENCE_MODES,
  type QuerySettings,
  type ReadPreferenceMode
} from '../../../../shared/contracts/connections-contract'

/** `from-uri`: no read preference of the connection's own; the connection string's applies. */
export type ReadModeChoice = ReadPreferenceMode | 'from-uri'

/** The settings form's fields: seconds for people, tag sets as text (`nodeType:ANALYTICS`). */
export interface QuerySettingsValues {
  lookupSeconds: number
  analysisSeconds: number
  readMode: ReadModeChoice
  /** Tag sets separated by `;`, tags within a set by `,`, each `name:value`. */
  tags: string
}

export const READ_MODE_CHOICES: readonly ReadModeChoice[] = ['from-uri', ...READ_PREFERENCE_MODES]

export function valuesFromSettings(settings: QuerySettings): QuerySettingsValues {
  return {
    lookupSeconds: settings.lookupMaxTimeMS / 1000,
    analysisSeconds: settings.analysisMaxTimeMS / 1000,
    readMode: settings.readPreference?.mode ?? 'from-uri',
    tags: formatTagSets(settings.readPreference?.tags ?? [])
  }
}

/** The settings the form says, or the first thing a person must fix, in their words. */
export function settingsFromValues(
  values: QuerySettingsValues
): { settings: QuerySettings } | { problem: string } {
  const tags = parseTagSets(values.tags)
  if ('problem' in tags) return tags
  if (values.readMode === 'from-uri' && tags.sets.length > 0) {
    return { problem: 'Tag sets need a read preference: choose secondary or nearest, say.' }
  }
  if (values.readMode === 'primary' && tags.sets.length > 0) {
    return {
      problem: 'The primary takes no tag sets: choose secondary, secondaryPreferred or nearest.'
    }
  }
  return {
    settings: {
      lookupMaxTimeMS: Math.round(values.lookupSeconds * 1000),
      analysisMaxTimeMS: Math.round(values.analysisSeconds * 1000),
      readPreference:
        values.readMode === 'from-uri' ? null : { mode: values.readMode, tags: tags.sets }
    }
  }
}

/** `nodeType:ANALYTICS, region:EU; nodeType:ELECTABLE` → two tag sets. */
export function parseTagSets(
  text: string
): { sets: Record<string, string>[] } | { problem: string } {
  const sets: Record<string, string>[] = []
  for (const setText of text.split(';')) {
    if (setText.trim() === '') continue
    const set: Record<string, string> = {}
    for (const tagText of setText.split(',')) {
      if (tagText.trim() === '') continue
      const colon = tagText.indexOf(':')
      const name = colon < 0 ? '' : tagText.slice(0, colon).trim()
      const value = colon < 0 ? '' : tagText.slice(colon + 1).trim()
      if (!name || !value) {
        return { problem: `"${tagText.trim()}" is not a tag: write it as name:value.` }
      }
      set[name] = value
    }
    sets.push(set)
  }
  return { sets }
}

export function formatTagSets(sets: readonly Record<string, string>[]): string {
  return sets
    .map((set) =>
      Object.entries(set)
        .map(([name, value]) => `${name}:${value}`)
        .join(', ')
    )
    .join('; ')
}

/** One line for the connection's row when its settings are not the defaults; null when they are. */
export function describeQuerySettings(settings: QuerySettings): string | null {
  if (
    settings.lookupMaxTimeMS === DEFAULT_QUERY_SETTINGS.lookupMaxTimeMS &&
    settings.analysisMaxTimeMS === DEFAULT_QUERY_SETTINGS.analysisMaxTimeMS &&
    settings.readPreference === null
  ) {
    return null
  }
  const seconds = (ms: number) => `${(ms / 1000).toLocaleString('en-US')} s`
  const where = settings.readPreference
    ? ` · reads ${settings.readPreference.mode}${
        settings.readPreference.tags.length > 0
          ? ` (${formatTagSets(settings.readPreference.tags)})`
          : ''
      }`
    : ''
  return `Limits ${seconds(settings.lookupMaxTimeMS)} lookups, ${seconds(settings.analysisMaxTimeMS)} analyses${where}`
}
