import { App as AntApp, ConfigProvider, theme } from 'antd'
import { useEffect } from 'react'
import { hasAccessToken } from '../api/workbench-api'
import { AccessGate } from './AccessGate'
import { AppFrame } from './AppFrame'
import { useThemeMode, watchSystemTheme } from './theme/theme-store'

/**
 * The brand green; a lighter one on dark backgrounds, where the light theme's is too dim to read.
 * antd derives the light tints (selected menu item, highlighted rows, focus rings) from the seed, and
 * from this dark, muted green it gets grey-greens that look dirty: the light theme names them.
 */
const BRAND = {
  light: {
    colorPrimary: '#2f6f4f',
    colorPrimaryBg: '#e7f2ec',
    colorPrimaryBgHover: '#d2e7da',
    colorPrimaryBorder: '#a8cdb8',
    colorPrimaryBorderHover: '#7db296',
    // Links in the brand colour, not antd's blue (which is also faint on the dark background).
    colorLink: '#2f6f4f',
    borderRadius: 6
  },
  dark: { colorPrimary: '#45a877', colorLink: '#6cc497', borderRadius: 6 }
} as const

/** The dark algorithm dims the brand green further for the selected screen: too faint to read. */
const DARK_COMPONENTS = {
  Menu: { itemSelectedColor: '#8fd4ae', itemSelectedBg: '#1e3a2c' }
} as const

/** The workbench: antd's theme (light or dark), then the frame, or why nothing can work. */
export function App() {
  const mode = useThemeMode()
  useEffect(() => watchSystemTheme(), [])
  useEffect(() => {
    document.documentElement.dataset.theme = mode
    document.documentElement.style.colorScheme = mode
  }, [mode])
  return (
    <ConfigProvider
      theme={{
        token: BRAND[mode],
        components: mode === 'dark' ? DARK_COMPONENTS : undefined,
        algorithm: mode === 'dark' ? theme.darkAlgorithm : theme.defaultAlgorithm,
        // Components take their rules from antd's prebuilt stylesheet (main.tsx) instead of
        // generating them while they first render (a third of the first screen's render time);
        // the theme above still sets the CSS variables those rules read, light and dark.
        zeroRuntime: true
      }}
    >
      <AntApp>{hasAccessToken ? <AppFrame /> : <AccessGate />}</AntApp>
    </ConfigProvider>
  )
}
