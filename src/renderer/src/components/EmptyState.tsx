import { Empty, Typography } from 'antd'
import type { ReactNode } from 'react'

/** An empty result that says why and what to do next. */
export function EmptyState({
  title,
  hint,
  action
}: {
  title: string
  hint?: ReactNode
  action?: ReactNode
}) {
  return (
    <div role="status">
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={
          <>
            <Typography.Text strong>{title}</Typography.Text>
            {hint && (
              <Typography.Paragraph type="secondary" style={{ marginTop: 4, marginBottom: 0 }}>
                {hint}
              </Typography.Paragraph>
            )}
          </>
        }
      >
        {action}
      </Empty>
    </div>
  )
}
