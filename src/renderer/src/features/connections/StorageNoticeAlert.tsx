import { Alert } from 'antd'

/** The saved-connections file was damaged and repaired: say what was kept and where the rest is. */
export function StorageNoticeAlert({ notice }: { notice: string }) {
  return (
    <Alert
      type="warning"
      showIcon
      role="status"
      title="The saved connections were repaired"
      description={notice}
      style={{ marginBottom: 16 }}
    />
  )
}
