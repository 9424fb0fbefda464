import type { MoneyAmount } from '../../../shared/journeys/results'
import { compareUtf8 } from './compare-ids'

/** Money is rounded to cents after summing (docs/query-semantics.md). */
export function roundCents(amount: number): number {
  return Math.round(amount * 100) / 100
}

/** The currency a purchase counts under: `metadata.currency` when it is a string, else `(none)`. */
export const NO_CURRENCY = '(none)'

export function currencyOf(value: unknown): string {
  return typeof value === 'string' ? value : NO_CURRENCY
}

/**
 * Sums of purchase amounts per currency. Every purchase makes its currency's row exist; only
 * numeric amounts add to it. Rows come out sorted by currency (UTF-8 bytes), rounded to cents.
 */
export class MoneyByCurrency {
  private readonly sums = new Map<string, number>()

  /** One purchase: `currency` as from `currencyOf`, `amount` the raw `metadata.amount`. */
  add(currency: string, amount: unknown): void {
    const numeric = typeof amount === 'number' ? amount : 0
    this.sums.set(currency, (this.sums.get(currency) ?? 0) + numeric)
  }

  result(): MoneyAmount[] {
    return [...this.sums.entries()]
      .sort(([a], [b]) => compareUtf8(a, b))
      .map(([currency, amount]) => ({ currency, amount: roundCents(amount) }))
  }
}
