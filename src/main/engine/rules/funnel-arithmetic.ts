import { compareUtf8 } from './compare-ids'

/**
 * Conversions of step `index` (0-based) from the users per step: from the start divides by step 1,
 * from the previous step by step k-1 (step 1 divides by itself); 0 when the divisor is 0.
 */
export function stepConversions(
  users: readonly number[],
  index: number
): { conversionFromStart: number; conversionFromPrevious: number } {
  const count = users[index] ?? 0
  const first = users[0] ?? 0
  const previous = index === 0 ? first : (users[index - 1] ?? 0)
  return {
    conversionFromStart: first === 0 ? 0 : count / first,
    conversionFromPrevious: previous === 0 ? 0 : count / previous
  }
}

/** Breakdown groups: step-1 users desc, then key (UTF-8 bytes). */
export function compareBreakdownGroups(
  a: { key: string; firstStepUsers: number },
  b: { key: string; firstStepUsers: number }
): number {
  return b.firstStepUsers - a.firstStepUsers || compareUtf8(a.key, b.key)
}
