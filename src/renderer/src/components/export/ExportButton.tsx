import { DownloadOutlined } from '@ant-design/icons'
import { Button, Tooltip } from 'antd'
import { useState } from 'react'
import type { ExportRequest } from '../../../../shared/export/export-request'
import { ExportDialog } from './ExportDialog'

/**
 * "Export CSV" beside a result: opens the export dialog for `request` (every row of the result,
 * not only the page on screen). Renders nothing while there is no request (no result yet).
 */
export function ExportButton({
  what,
  request,
  label = 'Export'
}: {
  /**
   * What is exported, for the dialog's title and the tooltip: `funnel users`. The button is named
   * by its visible label only: an aria-label holding `what` would also answer to the label of the
   * card around it (`getByLabel('Funnel users')`).
   */
  what: string
  request: ExportRequest | null
  label?: string
}) {
  const [open, setOpen] = useState(false)
  if (!request) return null
  return (
    <>
      <Tooltip title={`Every row of the ${what} as a CSV file`}>
        <Button
          size="small"
          icon={<DownloadOutlined />}
          onClick={() => {
            setOpen(true)
          }}
        >
          {label}
        </Button>
      </Tooltip>
      {open && (
        <ExportDialog
          title={`Export ${what}`}
          request={request}
          onClose={() => {
            setOpen(false)
          }}
        />
      )}
    </>
  )
}
