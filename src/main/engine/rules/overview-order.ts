import { compareUtf8 } from './compare-ids'

/** Overview top pages: views desc, then page (UTF-8 bytes). */
export function compareTopPages(
  a: { page: string; views: number },
  b: { page: string; views: number }
): number {
  return b.views - a.views || compareUtf8(a.page, b.page)
}

/** Overview browsers and operating systems: sessions desc, then name (UTF-8 bytes). */
export function compareDeviceShares(
  a: { name: string; sessions: number },
  b: { name: string; sessions: number }
): number {
  return b.sessions - a.sessions || compareUtf8(a.name, b.name)
}

/** Overview days (`YYYY-MM-DD`, ASCII) ascending. */
export function compareDays(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
