import {
  ApiOutlined,
  DashboardOutlined,
  FunnelPlotOutlined,
  PartitionOutlined,
  TeamOutlined
} from '@ant-design/icons'
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react'
import type { ScreenKey } from './routes/route'

export interface ScreenDefinition {
  key: ScreenKey
  label: string
  icon: ReactNode
  /** Loaded on first use, so the first paint carries only the frame. */
  View: LazyExoticComponent<ComponentType>
  /** Whether the scope bar (dates, browsers, OS) applies to this screen. */
  usesScope: boolean
}

/** The side navigation's screens, in order. Each screen's view reads its state from the route. */
export const SCREEN_DEFINITIONS: readonly ScreenDefinition[] = [
  {
    key: 'customers',
    label: 'Customers',
    icon: <TeamOutlined />,
    View: lazy(() => import('../features/customers/CustomersScreen')),
    usesScope: false
  },
  {
    key: 'flows',
    label: 'Flows',
    icon: <PartitionOutlined />,
    View: lazy(() => import('../features/flows/FlowsScreen')),
    usesScope: true
  },
  {
    key: 'funnels',
    label: 'Funnels',
    icon: <FunnelPlotOutlined />,
    View: lazy(() => import('../features/funnels/FunnelsScreen')),
    usesScope: true
  },
  {
    key: 'overview',
    label: 'Overview',
    icon: <DashboardOutlined />,
    View: lazy(() => import('../features/overview/OverviewScreen')),
    usesScope: true
  },
  {
    key: 'connections',
    label: 'Connections',
    icon: <ApiOutlined />,
    View: lazy(() => import('../features/connections/ConnectionsScreen')),
    usesScope: false
  }
]

export function screenDefinition(key: ScreenKey): ScreenDefinition {
  return (
    SCREEN_DEFINITIONS.find((screen) => screen.key === key) ??
    (SCREEN_DEFINITIONS[0] as ScreenDefinition)
  )
}
