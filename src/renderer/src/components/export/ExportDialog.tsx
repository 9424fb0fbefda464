import { Alert, Button, Checkbox, Flex, Modal, Progress, Spin, Typography } from 'antd'
import { useEffect, useRef, useState } from 'react'
import type { ErrorEnvelope } from '../../../../shared/errors'
import type { ExportRequest } from '../../../../shared/export/export-request'
import type { ExportPreview, ExportResult } from '../../../../shared/export/export-results'
import {
  ExportProgressTracker,
  formatRows,
  formatRowsPerSecond,
  type ExportProgressView
} from '../../../../shared/export/export-progress'
import { formatCount } from '../../../../shared/format'
import { api, transportKind } from '../../api/workbench-api'
import { toEnvelope } from '../../api/rpc-error'
import { ErrorAlert } from '../ErrorAlert'
import { runExport } from './run-export'

type Stage =
  | { name: 'loading' }
  | { name: 'choosing'; preview: ExportPreview }
  | { name: 'running'; preview: ExportPreview; progress: ExportProgressView | null }
  | { name: 'done'; preview: ExportPreview; result: ExportResult }
  | { name: 'failed'; preview: ExportPreview | null; error: ErrorEnvelope }

/**
 * The one export dialog: the columns to write, a byte order mark for Excel, the formula guard;
 * then rows written and their rate while it runs, with Cancel; then what was written and any
 * warning. Closing it while it runs cancels the export.
 */
export function ExportDialog({
  title,
  request,
  onClose
}: {
  title: string
  request: ExportRequest
  onClose: () => void
}) {
  const [stage, setStage] = useState<Stage>({ name: 'loading' })
  const [columns, setColumns] = useState<string[]>([])
  const [bom, setBom] = useState(false)
  const [formulaGuard, setFormulaGuard] = useState(true)
  const running = useRef<AbortController | null>(null)

  useEffect(() => {
    const controller = new AbortController()
    api.export
      .preview({ request }, { signal: controller.signal })
      .then((preview) => {
        setColumns(preview.columns.map((column) => column.key))
        setStage({ name: 'choosing', preview })
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) {
          setStage({ name: 'failed', preview: null, error: toEnvelope(error) })
        }
      })
    return () => {
      controller.abort()
      running.current?.abort()
    }
  }, [request])

  const start = (preview: ExportPreview): void => {
    const controller = new AbortController()
    running.current = controller
    const tracker = new ExportProgressTracker()
    setStage({ name: 'running', preview, progress: null })
    const all = columns.length === preview.columns.length
    runExport({
      request,
      options: { bom, formulaGuard, ...(all ? {} : { columns: ordered(preview, columns) }) },
      signal: controller.signal,
      onProgress: (progress) => {
        const view = tracker.view(progress, performance.now())
        setStage((current) =>
          current.name === 'running' ? { ...current, progress: view } : current
        )
      }
    })
      .then((outcome) => {
        setStage(
          outcome.status === 'written'
            ? { name: 'done', preview, result: outcome.result }
            : { name: 'choosing', preview }
        )
      })
      .catch((error: unknown) => {
        setStage({ name: 'failed', preview, error: toEnvelope(error) })
      })
      .finally(() => {
        if (running.current === controller) running.current = null
      })
  }

  const cancel = (): void => {
    running.current?.abort()
  }

  return (
    <Modal
      open
      title={title}
      onCancel={() => {
        cancel()
        onClose()
      }}
      footer={footer(stage, { start, cancel, onClose, noColumns: columns.length === 0 })}
      destroyOnHidden
    >
      <div aria-label="Export" role="group">
        {stage.name === 'loading' && <Waiting text="Reading the columns…" />}
        {stage.name === 'choosing' && (
          <ExportChoices
            preview={stage.preview}
            columns={columns}
            onColumns={setColumns}
            bom={bom}
            onBom={setBom}
            formulaGuard={formulaGuard}
            onFormulaGuard={setFormulaGuard}
          />
        )}
        {stage.name === 'running' && <ExportRunning progress={stage.progress} />}
        {stage.name === 'done' && <ExportDone result={stage.result} />}
        {stage.name === 'failed' && <ErrorAlert error={stage.error} />}
      </div>
    </Modal>
  )
}

function Waiting({ text }: { text: string }) {
  return (
    <Flex gap={8} align="center" role="status">
      <Spin size="small" />
      <Typography.Text type="secondary">{text}</Typography.Text>
    </Flex>
  )
}

function ordered(preview: ExportPreview, keys: string[]): string[] {
  return preview.columns.map((column) => column.key).filter((key) => keys.includes(key))
}

function footer(
  stage: Stage,
  actions: {
    start: (preview: ExportPreview) => void
    cancel: () => void
    onClose: () => void
    noColumns: boolean
  }
) {
  if (stage.name === 'running') {
    return [
      <Button key="cancel" danger onClick={actions.cancel}>
        Cancel export
      </Button>
    ]
  }
  const close = (
    <Button key="close" onClick={actions.onClose}>
      Close
    </Button>
  )
  const preview = stage.name === 'loading' ? null : stage.preview
  if (stage.name === 'done' || !preview) return [close]
  const label = stage.name === 'failed' ? 'Export again' : 'Export CSV'
  return [
    close,
    <Button
      key="start"
      type="primary"
      disabled={actions.noColumns}
      onClick={() => {
        actions.start(preview)
      }}
    >
      {label}
    </Button>
  ]
}

function ExportChoices(props: {
  preview: ExportPreview
  columns: string[]
  onColumns: (columns: string[]) => void
  bom: boolean
  onBom: (bom: boolean) => void
  formulaGuard: boolean
  onFormulaGuard: (guard: boolean) => void
}) {
  const { preview } = props
  return (
    <Flex vertical gap={12}>
      <Typography.Text>
        {transportKind === 'ipc' ? 'Saves' : 'Downloads'} <b>{preview.fileName}</b> with every row,
        not only the rows on screen.
      </Typography.Text>
      {preview.notes.map((note) => (
        <Alert key={note} type="info" showIcon title={note} />
      ))}
      <div>
        <Typography.Text strong id="export-columns-label">
          Columns ({props.columns.length} of {preview.columns.length})
        </Typography.Text>
        <Checkbox.Group
          aria-labelledby="export-columns-label"
          style={{ display: 'flex', flexWrap: 'wrap', gap: '4px 12px', marginTop: 4 }}
          value={props.columns}
          onChange={(values) => {
            props.onColumns(values)
          }}
          options={preview.columns.map((column) => ({ label: column.header, value: column.key }))}
        />
      </div>
      <Checkbox
        checked={props.bom}
        onChange={(event) => {
          props.onBom(event.target.checked)
        }}
      >
        Byte order mark, so Excel reads the file as UTF-8
      </Checkbox>
      <Checkbox
        checked={props.formulaGuard}
        onChange={(event) => {
          props.onFormulaGuard(event.target.checked)
        }}
      >
        Formula guard: text starting with = + - @ is written with a leading &apos; so a spreadsheet
        does not run it (turn off only for raw data read by programs)
      </Checkbox>
    </Flex>
  )
}

function ExportRunning({ progress }: { progress: ExportProgressView | null }) {
  if (!progress) return <Waiting text="Starting the export…" />
  const percent =
    progress.total !== undefined && progress.total > 0
      ? Math.min(100, Math.round((progress.done / progress.total) * 100))
      : null
  return (
    <Flex vertical gap={8} role="status" aria-live="polite">
      <Typography.Text>
        {progress.writing
          ? `${formatRows(progress.done)} written`
          : `${progress.phase}: ${formatCount(progress.done)}`}
        {progress.rowsPerSecond !== null && ` · ${formatRowsPerSecond(progress.rowsPerSecond)}`}
      </Typography.Text>
      {percent !== null && <Progress percent={percent} size="small" />}
    </Flex>
  )
}

function ExportDone({ result }: { result: ExportResult }) {
  return (
    <Flex vertical gap={8}>
      <Alert
        type="success"
        showIcon
        title={`${formatRows(result.rowsWritten)} written to ${result.path ?? result.fileName}`}
      />
      {result.warnings.map((warning) => (
        <Alert key={warning} type="warning" showIcon title={warning} />
      ))}
    </Flex>
  )
}
