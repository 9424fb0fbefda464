import { CodeOutlined } from '@ant-design/icons'
import { Button, Tooltip } from 'antd'
import { useState } from 'react'
import type { DataSource } from '../../../../shared/journeys/data-source'
import type { QueryPlan } from '../../../../shared/journeys/results'
import { ShowQueryDrawer } from './ShowQueryDrawer'

/** "Show query" for a result: opens the drawer with its plan. Renders nothing without a result. */
export function ShowQueryButton({
  what,
  plan,
  tookMs,
  source
}: {
  what: string
  plan: QueryPlan | undefined
  tookMs: number | null
  /** The source the query ran on (explain asks its server). */
  source?: DataSource
}) {
  const [open, setOpen] = useState(false)
  if (!plan) return null
  return (
    <>
      <Tooltip title="The queries behind this result, for mongosh">
        <Button
          size="small"
          icon={<CodeOutlined />}
          onClick={() => {
            setOpen(true)
          }}
        >
          Show query
        </Button>
      </Tooltip>
      <ShowQueryDrawer
        open={open}
        onClose={() => {
          setOpen(false)
        }}
        what={what}
        plan={plan}
        tookMs={tookMs}
        {...(source ? { source } : {})}
      />
    </>
  )
}
