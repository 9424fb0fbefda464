import { create } from 'zustand'
import { readSetting, writeSetting } from '../settings'

export const THEME_CHOICES = ['system', 'light', 'dark'] as const
export type ThemeChoice = (typeof THEME_CHOICES)[number]
export type ThemeMode = 'light' | 'dark'

interface ThemeState {
  /** What the user chose; `system` follows the OS. Remembered. */
  choice: ThemeChoice
  /** What the OS prefers right now. */
  systemMode: ThemeMode
  choose: (choice: ThemeChoice) => void
  setSystemMode: (mode: ThemeMode) => void
}

function readChoice(): ThemeChoice {
  const saved = readSetting('theme')
  return (THEME_CHOICES as readonly (string | null)[]).includes(saved)
    ? (saved as ThemeChoice)
    : 'system'
}

function osMode(): ThemeMode {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches
    ? 'dark'
    : 'light'
}

export const useThemeStore = create<ThemeState>()((set) => ({
  choice: readChoice(),
  systemMode: osMode(),
  choose(choice) {
    writeSetting('theme', choice)
    set({ choice })
  },
  setSystemMode(systemMode) {
    set({ systemMode })
  }
}))

/** The mode in force: the choice, or the OS's when the choice is `system`. */
export function resolveThemeMode(choice: ThemeChoice, systemMode: ThemeMode): ThemeMode {
  return choice === 'system' ? systemMode : choice
}

export function useThemeMode(): ThemeMode {
  return useThemeStore((state) => resolveThemeMode(state.choice, state.systemMode))
}

/** Follows the OS's preference while the app runs. */
export function watchSystemTheme(): () => void {
  if (typeof matchMedia !== 'function') return () => undefined
  const query = matchMedia('(prefers-color-scheme: dark)')
  const onChange = () => {
    useThemeStore.getState().setSystemMode(query.matches ? 'dark' : 'light')
  }
  query.addEventListener('change', onChange)
  // The OS may have changed its mind since the store first read it, while the app was starting.
  onChange()
  return () => {
    query.removeEventListener('change', onChange)
  }
}
