import { DeleteOutlined, EditOutlined, SaveOutlined } from '@ant-design/icons'
import {
  Alert,
  Button,
  Flex,
  Input,
  Modal,
  Popconfirm,
  Select,
  Tag,
  Typography,
  message
} from 'antd'
import { memo, useEffect, useState } from 'react'
import type { SavedFunnel } from '../../../../shared/contracts/funnels-contract'
import type { ErrorEnvelope } from '../../../../shared/errors'
import type { FunnelDefinition } from '../../../../shared/funnels/funnel-definition'
import type { DataSource } from '../../../../shared/journeys/data-source'
import { sameDefinition } from './funnel-builder'
import { useSavedFunnelActions, useSavedFunnelsOf } from './use-saved-funnels'

type NameDialog =
  { kind: 'save-new'; name: string } | { kind: 'rename'; funnel: SavedFunnel; name: string } | null

/**
 * The source's saved funnels: open one, save the funnel shown (as new, or over the one it was
 * opened from), rename or delete. Names are unique per source.
 */
export const SavedFunnelsBar = memo(function SavedFunnelsBar({
  sourceKey,
  source,
  savedId,
  shown,
  onOpen,
  onSaved,
  onDeleted
}: {
  sourceKey: string
  source: DataSource
  savedId: string | null
  /** The funnel on screen (the route's), null when none runs. */
  shown: FunnelDefinition | null
  onOpen: (funnel: SavedFunnel) => void
  onSaved: (funnel: SavedFunnel) => void
  onDeleted: () => void
}) {
  const saved = useSavedFunnelsOf(sourceKey)
  const actions = useSavedFunnelActions()
  const [dialog, setDialog] = useState<NameDialog>(null)
  const [dialogError, setDialogError] = useState<ErrorEnvelope | null>(null)
  const [busy, setBusy] = useState(false)
  const [dismissedNotices, setDismissedNotices] = useState(false)
  const [toast, toastHolder] = message.useMessage()

  useEffect(() => {
    void actions.load(sourceKey, source)
  }, [actions, sourceKey, source])

  const open = savedId === null ? null : (saved.funnels.find((f) => f.id === savedId) ?? null)
  const edited = open !== null && shown !== null && !sameDefinition(open.definition, shown)

  const closeDialog = () => {
    setDialog(null)
    setDialogError(null)
  }

  const submitDialog = async () => {
    if (!dialog || !shown) return
    setBusy(true)
    const outcome =
      dialog.kind === 'rename'
        ? await actions.rename(sourceKey, source, dialog.funnel.id, dialog.name)
        : await actions.save(sourceKey, source, { name: dialog.name, definition: shown })
    setBusy(false)
    if (!outcome.ok) {
      setDialogError(outcome.error)
      return
    }
    closeDialog()
    void toast.success(dialog.kind === 'rename' ? 'Renamed' : `Saved as “${outcome.value.name}”`)
    onSaved(outcome.value)
  }

  const saveChanges = async () => {
    if (!open || !shown) return
    const outcome = await actions.save(sourceKey, source, {
      id: open.id,
      name: open.name,
      definition: shown
    })
    if (outcome.ok) {
      void toast.success(`Saved the changes to “${open.name}”`)
      onSaved(outcome.value)
    } else void toast.error(outcome.error.message)
  }

  const remove = async (funnel: SavedFunnel) => {
    const outcome = await actions.remove(sourceKey, source, funnel.id)
    if (outcome.ok) {
      void toast.success(`Deleted “${funnel.name}”`)
      onDeleted()
    } else void toast.error(outcome.error.message)
  }

  return (
    <Flex vertical gap={8}>
      {toastHolder}
      {saved.notices.length > 0 && !dismissedNotices && (
        <Alert
          type="warning"
          showIcon
          closable={{
            onClose: () => {
              setDismissedNotices(true)
            }
          }}
          title="Some saved funnels could not be read"
          description={saved.notices.join(' ')}
        />
      )}
      {saved.loadError && (
        <Alert
          type="error"
          showIcon
          title="The saved funnels could not be listed"
          description={saved.loadError.message}
        />
      )}
      <Flex align="center" gap={8} wrap>
        <Select
          aria-label="Saved funnels"
          placeholder={saved.funnels.length === 0 ? 'No saved funnels yet' : 'Open a saved funnel…'}
          value={open?.id ?? null}
          loading={saved.loading}
          disabled={saved.funnels.length === 0}
          style={{ width: 280 }}
          options={saved.funnels.map((f) => ({ value: f.id, label: f.name }))}
          onChange={(id: string) => {
            const funnel = saved.funnels.find((f) => f.id === id)
            if (funnel) onOpen(funnel)
          }}
        />
        {edited && <Tag color="orange">edited</Tag>}
        {savedId !== null && open === null && !saved.loading && (
          <Typography.Text type="secondary">
            The saved funnel of this link no longer exists; the funnel below comes from the link.
          </Typography.Text>
        )}
        <Button
          icon={<SaveOutlined />}
          disabled={shown === null}
          onClick={() => {
            setDialog({ kind: 'save-new', name: open ? `${open.name} (copy)` : '' })
          }}
        >
          {open ? 'Save as new…' : 'Save…'}
        </Button>
        {open && edited && (
          <Button type="primary" onClick={() => void saveChanges()}>
            Save changes
          </Button>
        )}
        {open && (
          <>
            <Button
              icon={<EditOutlined />}
              onClick={() => {
                setDialog({ kind: 'rename', funnel: open, name: open.name })
              }}
            >
              Rename…
            </Button>
            <Popconfirm
              title={`Delete “${open.name}”?`}
              description="The saved definition goes; the funnel on screen stays."
              okText="Delete"
              okButtonProps={{ danger: true }}
              onConfirm={() => void remove(open)}
            >
              <Button danger icon={<DeleteOutlined />}>
                Delete
              </Button>
            </Popconfirm>
          </>
        )}
      </Flex>
      <Modal
        open={dialog !== null}
        title={dialog?.kind === 'rename' ? 'Rename the saved funnel' : 'Save this funnel'}
        okText={dialog?.kind === 'rename' ? 'Rename' : 'Save'}
        okButtonProps={{ disabled: !dialog || dialog.name.trim().length === 0, loading: busy }}
        onOk={() => void submitDialog()}
        onCancel={closeDialog}
        destroyOnHidden
      >
        <Flex vertical gap={8}>
          <Input
            aria-label="Funnel name"
            autoFocus
            maxLength={100}
            placeholder="Cart to purchase"
            value={dialog?.name ?? ''}
            status={dialogError ? 'error' : undefined}
            onChange={(event) => {
              const name = event.target.value
              setDialog((current) => (current ? { ...current, name } : current))
              setDialogError(null)
            }}
            onPressEnter={() => void submitDialog()}
          />
          {dialogError && (
            <Typography.Text type="danger" role="alert">
              {dialogError.message}
            </Typography.Text>
          )}
          <Typography.Text type="secondary">
            Saved for this source only: other connections and databases keep their own funnels.
          </Typography.Text>
        </Flex>
      </Modal>
    </Flex>
  )
})
