/** The name of a missing device value: no session, no field, or a value that is not a string. */
export const UNKNOWN_DEVICE = '(unknown)'

/** A `deviceInfo.browser`/`.os` value as a breakdown or overview key: the string, or `(unknown)`. */
export function deviceKeyOf(value: unknown): string {
  return typeof value === 'string' ? value : UNKNOWN_DEVICE
}
