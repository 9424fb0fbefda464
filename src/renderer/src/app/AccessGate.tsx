import { LockOutlined } from '@ant-design/icons'
import { Flex, Layout, Result, Typography } from 'antd'

/**
 * Web mode opened without its access token (a bookmarked address, a new tab): no call can succeed,
 * so say how to get in instead of showing a screen that cannot work.
 */
export function AccessGate() {
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Flex align="center" justify="center" style={{ minHeight: '100vh', padding: 24 }}>
        <Result
          icon={<LockOutlined />}
          title="Journey Workbench needs its access link"
          subTitle={
            <Flex vertical gap={8} style={{ maxWidth: 560 }}>
              <Typography.Text>
                This page was opened without the one-time token that lets it talk to the app. Open
                the address printed in the terminal where Journey Workbench was started (by{' '}
                <Typography.Text code>npm start</Typography.Text> or{' '}
                <Typography.Text code>npm run web</Typography.Text>); it ends in{' '}
                <Typography.Text code>#token=…</Typography.Text>.
              </Typography.Text>
              <Typography.Text type="secondary">
                The token changes each time the app starts, so an older address stops working.
              </Typography.Text>
            </Flex>
          }
        />
      </Flex>
    </Layout>
  )
}
