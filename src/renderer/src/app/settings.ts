/*
 * Small settings remembered by this browser profile (theme, last source, scope per source). Never
 * secrets. Storage may be unavailable (private mode, a sandbox): then nothing is remembered.
 */
const PREFIX = 'journey-workbench.'

export function readSetting(name: string): string | null {
  try {
    return localStorage.getItem(PREFIX + name)
  } catch {
    return null
  }
}

export function writeSetting(name: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(PREFIX + name)
    else localStorage.setItem(PREFIX + name, value)
  } catch {
    // not remembered; the app works the same
  }
}
