import type { CatalogueResult } from '../../../../shared/journeys/results'

export interface PageSuggestion {
  page: string
  views: number
}

/**
 * Pages that start with `text` (the catalogue's own rule: literal, case-sensitive), busiest first,
 * at most `limit`. With no text, the busiest pages.
 */
export function suggestPages(
  pages: CatalogueResult['pages'],
  text: string,
  limit = 20
): PageSuggestion[] {
  const found: PageSuggestion[] = []
  for (const entry of pages) {
    if (!entry.page.startsWith(text)) continue
    found.push(entry)
    if (found.length >= limit) break
  }
  return found
}

/**
 * True when the catalogue's first 1,000 pages may miss pages that start with `text`: it was cut,
 * and the text is not empty. Then the catalogue is asked again with the text as its prefix.
 */
export function needsPrefixLookup(catalogue: CatalogueResult, text: string): boolean {
  return text.length > 0 && catalogue.pagesTotal > catalogue.pages.length
}
