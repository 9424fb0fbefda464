/** A file name from free text (ids, pages, search text): safe characters only, never empty. */
export function fileNamePart(text: string, maxLength = 60): string {
  const cleaned = text
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, maxLength)
    .replace(/[-.]+$/g, '')
  return cleaned === '' ? 'export' : cleaned
}

/** `a-b-c.csv` from parts, each made safe. */
export function csvFileName(...parts: string[]): string {
  return `${parts.map((part) => fileNamePart(part)).join('-')}.csv`
}

/** `2025-09-01` of a date (UTC), for names of exports over a range. */
export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10)
}
