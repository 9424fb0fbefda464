import type { DataSource } from '../../../shared/journeys/data-source'
import { isSeedMapping, type FieldMapping } from '../../../shared/mapping/field-mapping'
import type { CatalogueResult } from '../../../shared/journeys/results'

/**
 * One key per source (the demo, a folder, or a server's database: connection or URI) and field
 * mapping it is read through (null: the seed schema).
 */
export function catalogueSourceKey(
  source: DataSource,
  mapping: FieldMapping | null = null
): string {
  const place = sourcePlace(source)
  return mapping === null || isSeedMapping(mapping)
    ? place
    : `${place}\u0000mapping\u0000${JSON.stringify(mapping)}`
}

function sourcePlace(source: DataSource): string {
  switch (source.kind) {
    case 'demo':
      return 'demo'
    case 'folder':
      return `folder\u0000${source.path}`
    case 'workspace':
      return `workspace\u0000${source.workspaceId}`
    case 'connection':
      return `connection\u0000${source.connectionId}\u0000${source.database}`
    case 'uri':
      return `uri\u0000${source.uri}\u0000${source.database}`
  }
}

/**
 * Catalogues per source and page prefix, kept until refreshed (the pickers ask often, the data
 * changes seldom). An answer without a prefix that lists every page of the source answers any
 * prefix exactly, so typing in a picker costs nothing more. The least recently used entries go
 * first beyond `maxEntries`.
 */
export class CatalogueCache {
  private readonly entries = new Map<string, CatalogueResult>()

  constructor(private readonly maxEntries = 200) {}

  /** A cached answer (with `fromCache` set), or null. */
  get(sourceKey: string, pagePrefix: string | undefined): CatalogueResult | null {
    const prefix = pagePrefix ?? ''
    const key = entryKey(sourceKey, prefix)
    const exact = this.entries.get(key)
    if (exact) {
      this.entries.delete(key)
      this.entries.set(key, exact)
      return fromCache(exact, `From the cache: computed at ${exact.computedAt.toISOString()}.`)
    }
    const all = this.entries.get(entryKey(sourceKey, ''))
    if (!all || all.pages.length < all.pagesTotal) return null
    const pages = all.pages.filter((page) => page.page.startsWith(prefix))
    return fromCache(
      { ...all, pages, pagesTotal: pages.length },
      `From the cache: the list of every page (computed at ${all.computedAt.toISOString()}), filtered by the prefix.`
    )
  }

  set(sourceKey: string, pagePrefix: string | undefined, result: CatalogueResult): void {
    const key = entryKey(sourceKey, pagePrefix ?? '')
    this.entries.delete(key)
    this.entries.set(key, result)
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value
      if (oldest === undefined) break
      this.entries.delete(oldest)
    }
  }

  /** Drops every answer about a source (a refresh recomputes, whatever the prefix). */
  forget(sourceKey: string): void {
    for (const key of [...this.entries.keys()]) {
      if (key.startsWith(`${sourceKey}\u0001`)) this.entries.delete(key)
    }
  }
}

function entryKey(sourceKey: string, prefix: string): string {
  return `${sourceKey}\u0001${prefix}`
}

function fromCache(result: CatalogueResult, note: string): CatalogueResult {
  return {
    ...result,
    fromCache: true,
    plan: { ...result.plan, notes: [...result.plan.notes, note] }
  }
}
