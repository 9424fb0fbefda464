import { DesktopOutlined, MoonOutlined, SunOutlined } from '@ant-design/icons'
import { Segmented } from 'antd'
import type { ReactNode } from 'react'
import { DeferredTooltip } from '../DeferredTooltip'
import { useThemeStore, type ThemeChoice } from './theme-store'

const OPTIONS: { value: ThemeChoice; label: string; icon: ReactNode }[] = [
  { value: 'light', label: 'Light', icon: <SunOutlined /> },
  { value: 'dark', label: 'Dark', icon: <MoonOutlined /> },
  { value: 'system', label: 'Follow the system', icon: <DesktopOutlined /> }
]

/** Light, dark, or follow the OS; remembered. */
export function ThemeToggle() {
  const choice = useThemeStore((state) => state.choice)
  const choose = useThemeStore((state) => state.choose)
  return (
    <Segmented<ThemeChoice>
      aria-label="Theme"
      size="small"
      value={choice}
      onChange={choose}
      options={OPTIONS.map((option) => ({
        value: option.value,
        icon: (
          <DeferredTooltip title={option.label}>
            <span aria-label={option.label}>{option.icon}</span>
          </DeferredTooltip>
        )
      }))}
    />
  )
}
