import { Alert, Button, Drawer, Typography } from 'antd'
import { useState } from 'react'
import type { ErrorEnvelope } from '../../../shared/errors'

/** Shows an error's message; its details, when there are any, open in a drawer. */
export function ErrorAlert({ error, title }: { error: ErrorEnvelope; title?: string }) {
  const [open, setOpen] = useState(false)
  const hasDetails = error.details !== undefined
  return (
    <>
      <Alert
        type="error"
        showIcon
        role="alert"
        title={title ?? error.message}
        description={title ? error.message : undefined}
        action={
          hasDetails ? (
            <Button
              size="small"
              onClick={() => {
                setOpen(true)
              }}
            >
              Details
            </Button>
          ) : undefined
        }
      />
      <Drawer
        title={`Error ${error.code}`}
        open={open}
        onClose={() => {
          setOpen(false)
        }}
        size="large"
      >
        <Typography.Paragraph>{error.message}</Typography.Paragraph>
        <pre style={{ whiteSpace: 'pre-wrap' }}>{JSON.stringify(error.details, null, 2)}</pre>
      </Drawer>
    </>
  )
}
