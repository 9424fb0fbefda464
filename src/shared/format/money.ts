import type { MoneyAmount } from '../journeys/results'

// Made on first use (see count.ts).
let AMOUNT: Intl.NumberFormat | null = null

/** An amount in one currency: `1,234.50 EUR`; `(none)` (no currency stored) shows the number only. */
export function formatMoney(money: MoneyAmount): string {
  AMOUNT ??= new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
  const amount = AMOUNT.format(money.amount)
  return money.currency === '(none)' ? amount : `${amount} ${money.currency}`
}

/**
 * Amounts in several currencies, never added together: `12.00 EUR · 99.99 USD`; `–` for none.
 */
export function formatMoneyAmounts(amounts: readonly MoneyAmount[]): string {
  return amounts.length === 0 ? '–' : amounts.map(formatMoney).join(' · ')
}
