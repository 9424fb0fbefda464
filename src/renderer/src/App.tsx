import { ApiOutlined } from '@ant-design/icons'
import { ConfigProvider, Layout, Menu, Tag, Typography } from 'antd'
import { transportKind } from './api/workbench-api'
import { ConnectionsView } from './features/connections/ConnectionsView'

const { Header, Sider, Content } = Layout

/** The workbench shell: navigation on the left, the chosen feature on the right. */
export function App() {
  return (
    <ConfigProvider theme={{ token: { colorPrimary: '#2f6f4f', borderRadius: 6 } }}>
      <Layout style={{ minHeight: '100vh' }}>
        <Header style={{ display: 'flex', alignItems: 'center', gap: 12 }}>
          <Typography.Title level={4} style={{ color: '#fff', margin: 0 }}>
            Journey Workbench
          </Typography.Title>
          <Tag>{transportKind === 'ipc' ? 'desktop' : 'web mode'}</Tag>
        </Header>
        <Layout>
          <Sider width={200} theme="light">
            <Menu
              mode="inline"
              selectedKeys={['connections']}
              items={[{ key: 'connections', icon: <ApiOutlined />, label: 'Connections' }]}
            />
          </Sider>
          <Content style={{ padding: 24 }}>
            <ConnectionsView />
          </Content>
        </Layout>
      </Layout>
    </ConfigProvider>
  )
}
