import { App as AntApp, ConfigProvider, theme } from 'antd'
import { useEffect } from 'react'
import { hasAccessToken } from '../api/workbench-api'
import { AccessGate } from './AccessGate'
import { AppFrame } from './AppFrame'
import { useThemeMode, watchSystemTheme } from './theme/theme-store'

/** The brand green; a lighter one on dark backgrounds, where the light theme's is too dim to read. */
const BRAND = {
  light: { colorPrimary: '#2f6f4f', borderRadius: 6 },
  dark: { colorPrimary: '#45a877', borderRadius: 6 }
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
        algorithm: mode === 'dark' ? theme.darkAlgorithm : theme.defaultAlgorithm
      }}
    >
      <AntApp>{hasAccessToken ? <AppFrame /> : <AccessGate />}</AntApp>
    </ConfigProvider>
  )
}
