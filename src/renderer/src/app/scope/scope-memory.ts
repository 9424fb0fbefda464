import { readSetting, writeSetting } from '../settings'
import { readScope, scopeParams, type ScopeSelection } from './scope-selection'

/** The scope each source was last used with, so switching back restores it. */
export function rememberedScope(sourceKey: string): ScopeSelection | null {
  const text = readSetting(`scope.${sourceKey}`)
  if (text === null) return null
  const params: Record<string, string[]> = {}
  for (const [name, value] of new URLSearchParams(text)) (params[name] ??= []).push(value)
  return readScope(params)
}

export function rememberScope(sourceKey: string, scope: ScopeSelection): void {
  const query = new URLSearchParams()
  for (const [name, values] of Object.entries(scopeParams(scope))) {
    for (const value of values) query.append(name, value)
  }
  writeSetting(`scope.${sourceKey}`, query.toString())
}
