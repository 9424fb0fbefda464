import { App as AntApp, ConfigProvider, theme } from 'antd'
import { useEffect } from 'react'
import { hasAccessToken } from '../api/workbench-api'
import { AccessGate } from './AccessGate'
import { AppFrame } from './AppFrame'
import { useThemeMode, watchSystemTheme } from './theme/theme-store'

const BRAND = { colorPrimary: '#2f6f4f', borderRadius: 6 }

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
        token: BRAND,
        algorithm: mode === 'dark' ? theme.darkAlgorithm : theme.defaultAlgorithm
      }}
    >
      <AntApp>{hasAccessToken ? <AppFrame /> : <AccessGate />}</AntApp>
    </ConfigProvider>
  )
}
