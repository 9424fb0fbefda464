import { z } from 'zod'

/** Units a conversion window is written in: `90m`, `12h`, `7d` (the command line's `--window`). */
export const WINDOW_UNITS = ['s', 'm', 'h', 'd'] as const
export type WindowUnit = (typeof WINDOW_UNITS)[number]

export const WINDOW_UNIT_SECONDS: Record<WindowUnit, number> = { s: 1, m: 60, h: 3600, d: 86_400 }
export const WINDOW_UNIT_NAMES: Record<WindowUnit, string> = {
  s: 'seconds',
  m: 'minutes',
  h: 'hours',
  d: 'days'
}

/** The longest window a funnel query accepts (`funnelQuerySchema.windowSeconds`). */
export const MAX_WINDOW_SECONDS = 366 * 86_400

/** A conversion window as the user wrote it: the unit is kept, so a reopened funnel reads the same. */
export interface ConversionWindow {
  amount: number
  unit: WindowUnit
}

export const conversionWindowSchema = z
  .object({
    amount: z.number().int().min(1, 'the window must be at least 1'),
    unit: z.enum(WINDOW_UNITS)
  })
  .refine((window) => windowSeconds(window) <= MAX_WINDOW_SECONDS, {
    message: 'the window can be at most 366 days'
  })

export function windowSeconds(window: ConversionWindow): number {
  return window.amount * WINDOW_UNIT_SECONDS[window.unit]
}

/** `7d`, `12h`, `90m`, `3600s`. */
export function formatWindowText(window: ConversionWindow): string {
  return `${String(window.amount)}${window.unit}`
}

/** Reads `7d`, `12h`, `90m` or `3600s`; null when the text is not one or is out of range. */
export function parseWindowText(text: string): ConversionWindow | null {
  const match = /^(\d{1,9})([smhd])$/.exec(text.trim())
  if (!match) return null
  const parsed = conversionWindowSchema.safeParse({
    amount: Number(match[1]),
    unit: match[2] as WindowUnit
  })
  return parsed.success ? parsed.data : null
}

/** Seconds in the largest unit that divides them evenly (1,209,600 s is `14d`). */
export function windowFromSeconds(seconds: number): ConversionWindow {
  const unit =
    [...WINDOW_UNITS].reverse().find((u) => seconds % WINDOW_UNIT_SECONDS[u] === 0) ?? 's'
  return { amount: seconds / WINDOW_UNIT_SECONDS[unit], unit }
}
