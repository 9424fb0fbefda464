import { Flex, Layout, Menu, Spin, Tag, theme } from 'antd'
import { Suspense, useState } from 'react'
import { transportKind } from '../api/workbench-api'
import { navigate, useRoute } from './routes/navigation'
import type { ScreenKey } from './routes/route'
import { ScopeBar } from './scope/ScopeBar'
import { useRouteDefaults } from './scope/use-route-defaults'
import { SCREEN_DEFINITIONS, screenDefinition } from './screens'
import { useGlobalShortcuts } from './shortcuts'
import { SourceSwitcher } from './source/SourceSwitcher'
import { ThemeToggle } from './theme/ThemeToggle'

const { Header, Sider, Content } = Layout

/**
 * The workbench frame: side navigation, a header with the active source and the theme, the scope
 * bar where it applies, and the screen the route names (each loaded on first use).
 */
export function AppFrame() {
  const route = useRoute()
  const { token } = theme.useToken()
  const [collapsed, setCollapsed] = useState(false)
  useRouteDefaults()
  useGlobalShortcuts()
  const screen = screenDefinition(route.screen)
  const View = screen.View

  return (
    <Layout style={{ height: '100vh' }}>
      <Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        width={216}
        theme="light"
        style={{ borderRight: `1px solid ${token.colorBorderSecondary}` }}
      >
        <Flex
          align="center"
          gap={8}
          style={{ height: 56, padding: collapsed ? '0 24px' : '0 20px', overflow: 'hidden' }}
        >
          <Logo color={token.colorPrimary} />
          {!collapsed && (
            <span
              style={{ whiteSpace: 'nowrap', fontSize: 14, fontWeight: token.fontWeightStrong }}
            >
              Journey Workbench
            </span>
          )}
        </Flex>
        <nav aria-label="Screens">
          <Menu
            mode="inline"
            selectedKeys={[route.screen]}
            // Each item's tooltip repeats its label: only useful when the labels are hidden.
            tooltip={collapsed ? undefined : false}
            style={{ borderInlineEnd: 'none' }}
            onClick={({ key }) => {
              navigate(key as ScreenKey)
            }}
            items={SCREEN_DEFINITIONS.map((item) => ({
              key: item.key,
              icon: item.icon,
              label: item.label
            }))}
          />
        </nav>
      </Sider>
      <Layout>
        <Header
          style={{
            display: 'flex',
            alignItems: 'center',
            gap: 12,
            height: 56,
            paddingInline: 24,
            background: token.colorBgContainer,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            lineHeight: 'normal'
          }}
        >
          <h4
            style={{
              margin: 0,
              flex: 'none',
              color: token.colorTextHeading,
              fontSize: token.fontSizeHeading4,
              fontWeight: token.fontWeightStrong,
              lineHeight: token.lineHeightHeading4
            }}
          >
            {screen.label}
          </h4>
          <Flex flex={1} justify="flex-end" align="center" gap={12} style={{ minWidth: 0 }}>
            <SourceSwitcher />
            {transportKind === 'http' && <Tag style={{ marginInlineEnd: 0 }}>web mode</Tag>}
            <ThemeToggle />
          </Flex>
        </Header>
        {screen.usesScope && <ScopeBar />}
        <Content style={{ overflow: 'auto', padding: 24 }}>
          <Suspense
            fallback={
              <Flex justify="center" style={{ padding: 48 }}>
                <Spin />
              </Flex>
            }
          >
            <View key={route.screen} />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  )
}

/** Three steps joined by a path: the app's mark. */
function Logo({ color }: { color: string }) {
  return (
    <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true" style={{ flex: 'none' }}>
      <path d="M4 18 C 9 18, 9 6, 14 6 S 18 12, 20 12" stroke={color} strokeWidth="2" fill="none" />
      <circle cx="4" cy="18" r="3" fill={color} />
      <circle cx="14" cy="6" r="3" fill={color} />
      <circle cx="20" cy="12" r="2.5" fill={color} />
    </svg>
  )
}
