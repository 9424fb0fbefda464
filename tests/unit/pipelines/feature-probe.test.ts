import { describe, expect, it } from 'vitest'
import {
  buildCaseFilePipelines,
  buildCataloguePipelines,
  buildCustomerSearchPipeline,
  buildFlowUsersPipelines,
  buildFlowGraphPipeline,
  buildFlowRankingPipeline,
  buildFunnelPipeline,
  buildFunnelUsersPipelines,
  buildOverviewPipelines,
  pipelineFeatureProbe,
  probeOnCollection,
  type AggregateSpec
} from '../../../src/main/engine/pipelines'
import { DEMO_SHAPE_SPECS } from '../../../src/main/data/demo/shapes/demo-shape'
import { readThroughMapping } from '../../../src/main/engine/pipelines/mapping/mapped-pipeline-spec'
import { runPipeline, type Collections } from './mingo-runner'

const NO_DATA: Collections = { users: [], sessions: [], events: [] }

/** Every `$`-name used as a key anywhere in the value (stages, operators, query operators). */
function operatorsOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) operatorsOf(v, into)
  else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, v] of Object.entries(value)) {
      if (key.startsWith('$')) into.add(key)
      operatorsOf(v, into)
    }
  }
  return into
}

/** The builders' pipelines for queries that switch on every optional part. */
function everyBuilderPipeline(): AggregateSpec[] {
  const range = { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2025-02-01T00:00:00Z') }
  const segment = {
    browsers: ['Chrome'],
    operatingSystems: ['iOS'],
    metadataEquals: [
      { key: 'referrer', value: 'google' },
      { key: 'n', value: 3 }
    ]
  }
  const steps = [
    { eventType: 'PAGE_VIEW', pageUrl: '/' },
    { eventType: 'PAGE_VIEW', pageUrl: '/product/*' },
    { eventType: 'PURCHASE' }
  ]
  const specs: AggregateSpec[] = []
  for (const mode of ['ordered', 'strict', 'any'] as const) {
    const funnel = { range, segment, steps, mode, windowSeconds: 60, breakdown: 'os' as const }
    specs.push(buildFunnelPipeline(funnel))
    const users = buildFunnelUsersPipelines({
      ...funnel,
      step: 2,
      outcome: 'reached',
      page: { offset: 5, limit: 5 }
    })
    specs.push(users.page, users.count)
  }
  for (const direction of ['from', 'to'] as const) {
    const flow = { range, segment, page: '/', direction, depth: 3, topN: 2 }
    specs.push(
      buildFlowRankingPipeline(flow),
      buildFlowGraphPipeline(flow, { keptPages: [[], ['/a']] })
    )
  }
  const overview = buildOverviewPipelines({ range, segment, timeZone: 'Europe/Paris', topPages: 3 })
  specs.push(overview.days, overview.revenue, overview.topPages, overview.devices)
  const catalogue = buildCataloguePipelines({ pagePrefix: '/p', refresh: false })
  specs.push(catalogue.eventTypes, catalogue.pages, catalogue.pageCount, catalogue.devices)
  const flowUsers = buildFlowUsersPipelines(
    {
      range,
      segment,
      page: '/',
      direction: 'to',
      depth: 3,
      topN: 2,
      selection: { kind: 'node', id: '1:/a' },
      users: { offset: 3, limit: 5 }
    },
    [[], ['/a']],
    [{ step: 1, name: '/a' }]
  )
  specs.push(flowUsers.page, flowUsers.count)
  specs.push(buildCustomerSearchPipeline({ text: '650000000000000000000001', limit: 5 }).customers)
  const caseFile = buildCaseFilePipelines({ userId: 'u', sessions: { offset: 2, limit: 5 } }, 'u')
  specs.push(caseFile.totals, caseFile.sessions, caseFile.journey)
  // Through a mapping: the normalising prefix (derived sessions and devices) and the device reads.
  const mapped = { sessionDeviceField: '_sd' }
  for (const mapping of [DEMO_SHAPE_SPECS.segment.mapping, DEMO_SHAPE_SPECS.posthog.mapping]) {
    const funnel = { range, segment, steps, mode: 'ordered' as const, windowSeconds: 60 }
    const mappedOverview = buildOverviewPipelines(
      { range, segment, timeZone: 'Europe/Paris', topPages: 3 },
      mapped
    )
    for (const spec of [
      buildFunnelPipeline({ ...funnel, breakdown: 'os' }, mapped),
      mappedOverview.devices,
      buildCataloguePipelines({ pagePrefix: '', refresh: false }, mapped).devices
    ]) {
      specs.push(readThroughMapping(spec, mapping))
    }
  }
  return specs
}

describe('pipelineFeatureProbe', () => {
  it('starts every probe with $documents, each under its own name', () => {
    expect(pipelineFeatureProbe.length).toBeGreaterThan(0)
    expect(new Set(pipelineFeatureProbe.map((p) => p.name)).size).toBe(pipelineFeatureProbe.length)
    for (const probe of pipelineFeatureProbe)
      expect(Object.keys(probe.pipeline[0] ?? {})).toEqual(['$documents'])
  })

  for (const probe of pipelineFeatureProbe) {
    it(`passes in mingo: ${probe.name}`, () => {
      expect(probe.check(runPipeline(NO_DATA, 'none', probe.pipeline))).toBe(true)
    })
  }

  it('fails a probe whose rows differ', () => {
    const probe = pipelineFeatureProbe[0]
    if (!probe) throw new Error('no probe')
    expect(probe.check([])).toBe(false)
    expect(probe.check([{ a: 99 }])).toBe(false)
  })

  it('runs on a collection for servers without $documents (MongoDB 5.0)', () => {
    const anyCollection: Collections = {
      users: [],
      sessions: [],
      events: [{ _id: 'x', sessionId: 's', userId: 'u', eventType: 'T', timestamp: new Date(0) }]
    }
    for (const probe of pipelineFeatureProbe) {
      const pipeline = probeOnCollection(probe)
      expect(operatorsOf(pipeline[0]).has('$documents')).toBe(false)
      expect(probe.check(runPipeline(anyCollection, 'events', pipeline)), probe.name).toBe(true)
    }
  })

  it('exercises every stage and operator the builders use', () => {
    const used = new Set<string>()
    for (const spec of everyBuilderPipeline()) operatorsOf(spec.pipeline, used)
    const probed = new Set<string>()
    for (const probe of pipelineFeatureProbe) operatorsOf(probe.pipeline, probed)
    expect([...used].filter((op) => !probed.has(op)).sort()).toEqual([])
  })
})
