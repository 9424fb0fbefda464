import { Alert, Button, Descriptions, Drawer, Typography } from 'antd'
import { useState, type ReactNode } from 'react'
import type { ErrorEnvelope } from '../../../shared/errors'
import { errorTitle } from './describe-error'

/**
 * Shows an error's message in words; the code and any details open in a drawer on demand.
 * `action` adds a button (Retry, Reconnect) beside Details.
 */
export function ErrorAlert({
  error,
  title,
  action
}: {
  error: ErrorEnvelope
  title?: string
  action?: ReactNode
}) {
  const [open, setOpen] = useState(false)
  return (
    <>
      <Alert
        type="error"
        showIcon
        role="alert"
        title={title ?? error.message}
        description={title ? error.message : undefined}
        action={
          <span style={{ display: 'inline-flex', gap: 8 }}>
            {action}
            <Button
              size="small"
              onClick={() => {
                setOpen(true)
              }}
            >
              Details
            </Button>
          </span>
        }
      />
      <ErrorDetailsDrawer
        error={error}
        open={open}
        onClose={() => {
          setOpen(false)
        }}
      />
    </>
  )
}

/** The whole error: a title in words, the message, then the code and the details for support. */
export function ErrorDetailsDrawer({
  error,
  open,
  onClose
}: {
  error: ErrorEnvelope
  open: boolean
  onClose: () => void
}) {
  return (
    <Drawer title={errorTitle(error)} open={open} onClose={onClose} size="large">
      <Typography.Paragraph>{error.message}</Typography.Paragraph>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label="Code">
          <Typography.Text code copyable>
            {error.code}
          </Typography.Text>
        </Descriptions.Item>
        {error.details !== undefined && (
          <Descriptions.Item label="Details">
            <pre style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
              {JSON.stringify(error.details, null, 2)}
            </pre>
          </Descriptions.Item>
        )}
      </Descriptions>
    </Drawer>
  )
}
