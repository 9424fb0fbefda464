import { DownOutlined, ReloadOutlined } from '@ant-design/icons'
import { Button, Flex, Select, Spin, Tooltip, Typography, theme } from 'antd'
import { lazy, Suspense, useEffect } from 'react'
import { useFirstPaintDone } from '../first-paint'
import { setParams } from '../routes/navigation'
import {
  RANGE_LABELS,
  RANGE_PRESETS,
  localDay,
  scopeParams,
  type ScopeSelection
} from './scope-selection'
import { useCatalogueStore, type CatalogueState } from './catalogue-store'
import { useScope } from './use-scope'

// The date picker (and dayjs) load only when a custom range is chosen.
const CustomRangePicker = lazy(() => import('./CustomRangePicker'))

/**
 * The one scope bar: date range (presets or custom days) and browser and OS filters, for every
 * screen that counts events. It writes the route; the screens read it from there.
 */
export function ScopeBar() {
  const { selection, sourceKey, scope } = useScope()
  const { token } = theme.useToken()
  const catalogue = useCatalogueStore((state) => state.bySource[sourceKey])
  const loadCatalogue = useCatalogueStore((state) => state.load)

  useEffect(() => {
    void loadCatalogue(sourceKey, scope.source)
  }, [sourceKey, scope.source, loadCatalogue])

  const change = (patch: Partial<ScopeSelection>) => {
    setParams(scopeParams({ ...selection, ...patch }))
  }

  return (
    <Flex
      role="toolbar"
      aria-label="Scope"
      align="center"
      gap={12}
      wrap
      style={{
        padding: '10px 24px',
        background: token.colorBgContainer,
        borderBottom: `1px solid ${token.colorBorderSecondary}`
      }}
    >
      <Select
        aria-label="Date range"
        value={selection.preset}
        style={{ width: 150 }}
        options={RANGE_PRESETS.map((preset) => ({ value: preset, label: RANGE_LABELS[preset] }))}
        onChange={(preset) => {
          if (preset === 'custom' && !selection.from) {
            const today = localDay(new Date())
            const monthAgo = new Date()
            monthAgo.setDate(monthAgo.getDate() - 29)
            change({ preset, from: localDay(monthAgo), to: today })
          } else change({ preset })
        }}
      />
      {selection.preset === 'custom' && (
        <Suspense fallback={<Spin size="small" />}>
          <CustomRangePicker selection={selection} />
        </Suspense>
      )}
      <FilterSelect
        label="Browsers"
        values={selection.browsers}
        options={catalogue?.status === 'ready' ? catalogue.result.browsers : null}
        catalogue={catalogue}
        onChange={(browsers) => {
          change({ browsers })
        }}
      />
      <FilterSelect
        label="Operating systems"
        values={selection.operatingSystems}
        options={catalogue?.status === 'ready' ? catalogue.result.operatingSystems : null}
        catalogue={catalogue}
        onChange={(operatingSystems) => {
          change({ operatingSystems })
        }}
      />
      {catalogue?.status === 'ready' && (
        <Tooltip title="Refresh the browser and OS lists from the data">
          <Button
            size="small"
            type="text"
            aria-label="Refresh the lists"
            icon={<ReloadOutlined />}
            onClick={() => void loadCatalogue(sourceKey, scope.source, true)}
          />
        </Tooltip>
      )}
      {catalogue?.status === 'unavailable' && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          Lists unavailable here: type values to filter.
        </Typography.Text>
      )}
    </Flex>
  )
}

function FilterSelect({
  label,
  values,
  options,
  catalogue,
  onChange
}: {
  label: string
  values: string[]
  options: { name: string; sessions: number }[] | null
  catalogue: CatalogueState | undefined
  onChange: (values: string[]) => void
}) {
  const painted = useFirstPaintDone()
  const placeholder = `All ${label.toLowerCase()}`
  // The multi-select measures its width as it mounts, a forced layout inside the frame's first
  // render: until that render has painted, a look-alike holds its place.
  if (!painted) return <FilterStandIn text={values.join(', ')} placeholder={placeholder} />
  return (
    <Select
      aria-label={label}
      mode={options ? 'multiple' : 'tags'}
      allowClear
      value={values}
      placeholder={placeholder}
      style={FILTER_STYLE}
      loading={catalogue?.status === 'loading'}
      maxTagCount="responsive"
      options={(options ?? []).map((option) => ({
        value: option.name,
        label: `${option.name} (${option.sessions.toLocaleString()})`
      }))}
      onChange={onChange}
    />
  )
}

const FILTER_STYLE = { minWidth: 200, maxWidth: 360 } as const

/** The filter's box at rest, for the first paint only (not focusable: it is gone a frame later). */
function FilterStandIn({ text, placeholder }: { text: string; placeholder: string }) {
  const { token } = theme.useToken()
  return (
    <div
      style={{
        ...FILTER_STYLE,
        boxSizing: 'border-box',
        height: token.controlHeight,
        padding: `0 ${token.paddingSM - 1}px`,
        border: `${token.lineWidth}px solid ${token.colorBorder}`,
        borderRadius: token.borderRadius,
        background: token.colorBgContainer,
        display: 'flex',
        alignItems: 'center',
        gap: token.paddingXXS
      }}
    >
      <span
        style={{
          flex: 1,
          color: text ? token.colorText : token.colorTextPlaceholder,
          overflow: 'hidden',
          textOverflow: 'ellipsis',
          whiteSpace: 'nowrap'
        }}
      >
        {text || placeholder}
      </span>
      <DownOutlined style={{ color: token.colorTextQuaternary, fontSize: token.fontSizeIcon }} />
    </div>
  )
}
