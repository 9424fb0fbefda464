import { AutoComplete, Flex, Typography } from 'antd'
import { useEffect, useMemo, useState } from 'react'
import { formatCount } from '../../../../shared/format'
import { useCatalogueStore } from '../../app/scope/catalogue-store'
import { useScope } from '../../app/scope/use-scope'

/**
 * An event name, suggested from the catalogue (most frequent first); any text is accepted.
 *
 * The suggestion list is open only while the field has focus. Left to itself, the select keeps
 * "open" from typing done before the catalogue arrived (an empty list cannot close on blur) and
 * shows the list when the suggestions come, over the next row, after focus has moved on.
 */
export function EventTypeInput({
  value,
  onChange,
  ariaLabel,
  status
}: {
  value: string
  onChange: (text: string) => void
  ariaLabel: string
  status?: 'error' | undefined
}) {
  const { sourceKey, scope } = useScope()
  const catalogue = useCatalogueStore((state) => state.bySource[sourceKey])
  const loadCatalogue = useCatalogueStore((state) => state.load)
  useEffect(() => {
    void loadCatalogue(sourceKey, scope.source)
  }, [loadCatalogue, sourceKey, scope.source])
  const eventTypes = catalogue?.status === 'ready' ? catalogue.result.eventTypes : null
  const options = useMemo(() => {
    const typed = value.trim().toLowerCase()
    return (eventTypes ?? [])
      .filter((entry) => entry.name.toLowerCase().includes(typed))
      .slice(0, 50)
      .map((entry) => ({
        value: entry.name,
        label: (
          <Flex justify="space-between" gap={12}>
            <Typography.Text ellipsis>{entry.name}</Typography.Text>
            <Typography.Text type="secondary">{formatCount(entry.events)}</Typography.Text>
          </Flex>
        )
      }))
  }, [eventTypes, value])
  const [focused, setFocused] = useState(false)
  const [wantsOpen, setWantsOpen] = useState(false)
  return (
    <AutoComplete
      aria-label={ariaLabel}
      value={value}
      options={options}
      open={focused && wantsOpen}
      onOpenChange={setWantsOpen}
      onFocus={() => {
        setFocused(true)
      }}
      onBlur={() => {
        setFocused(false)
        setWantsOpen(false)
      }}
      status={status}
      placeholder="Event, e.g. PAGE_VIEW"
      style={{ width: 220 }}
      popupMatchSelectWidth={300}
      notFoundContent={
        catalogue?.status === 'unavailable' ? 'No suggestions here: type the event' : undefined
      }
      onChange={(text: string) => {
        onChange(text)
      }}
    />
  )
}
