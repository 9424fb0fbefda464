import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import type { CommandStartedEvent } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../src/main/app-paths'
import { composeServices, type ComposedServices } from '../../src/main/compose-services'
import { JsonFileConnectionRepository } from '../../src/main/services/connections/json-file-repository'
import { SessionSecretBox } from '../../src/main/services/connections/secret-box'
import { JsonFileSavedFunnelsRepository } from '../../src/main/services/funnels/json-file-saved-funnels-repository'
import type { ErrorCode } from '../../src/shared/errors'
import { dataSourceSchema, type DataSource } from '../../src/shared/journeys/data-source'
import { decodeWire, encodeWire, type RpcResponse } from '../../src/shared/rpc/wire'
import {
  auditCommand,
  dollarStringsOf,
  engineOperatorVocabulary,
  type CommandViolation
} from '../helpers/hostile-input/command-audit'
import {
  contractMethods,
  DATA_VOCABULARY,
  type ContractMethod
} from '../helpers/hostile-input/contract-methods'
import { FORBIDDEN_OPERATORS, hostileVariantOf } from '../helpers/hostile-input/hostile-values'
import { arbitraryFor } from '../helpers/hostile-input/zod-arbitrary'
import { useTestDatabase } from '../helpers/test-server/use-test-database'
import { generateFolder, loadFolder, type GeneratedFolder } from './journey-fixtures'

/*
 * Generated and hostile payloads for every contract method, through the router, against a real
 * database on the integration server, with the driver's command monitoring on. For every payload:
 * the router answers with a result or an error a user can act on; no command the driver sends
 * carries an operator the engine does not build (so none from the payload: `$where`, `$function`,
 * ...), nor a payload's `$` text where the server would read it as a field path; and every answer
 * equals the local engine's answer for the same query on the same data.
 */

const testDb = useTestDatabase()
const ACCEPTABLE: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'INVALID_INPUT',
  'INVALID_URI',
  'NOT_FOUND',
  'FORBIDDEN',
  'UNSUPPORTED'
])
/** Keys the driver itself adds to every command. */
const DRIVER_KEYS = ['$db', '$readPreference', '$clusterTime', '$query', '$orderby']

let home: string
let data: GeneratedFolder
let services: ComposedServices
let serverSource: DataSource
let folderSource: DataSource
let vocabulary: Set<string>
const commands: CommandStartedEvent[] = []
let sequence = 0
let audited = 0

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'jw-hostile-it-'))
  data = await generateFolder({ users: 60, seed: 12 })
  await loadFolder(data.folder, testDb.db)
  vocabulary = engineOperatorVocabulary(
    // mapping: sampling and the data-quality report read the server too (the mapping service).
    ['engine', 'services', 'data', 'mapping'].map((dir) => join(projectRoot(), 'src', 'main', dir))
  )
  for (const key of DRIVER_KEYS) vocabulary.add(key)
  services = composeServices(
    {
      repository: new JsonFileConnectionRepository(join(home, 'connections.json')),
      secrets: new SessionSecretBox(),
      savedFunnels: new JsonFileSavedFunnelsRepository(join(home, 'saved-funnels.json')),
      demoFolder: data.folder,
      // The local engine's answer for parity: the app reads only folders the user opened.
      openedFolders: [data.folder],
      workspacesFolder: join(home, 'workspaces')
    },
    { mongoClient: { onCommand: (event) => commands.push(event) } }
  )
  const added = await dispatch('connections.add', { name: 'test server', uri: testDb.server.uri })
  if (!added.ok) throw new Error(`could not save the test server: ${added.error.message}`)
  const connectionId = (decodeWire(added.result) as { id: string }).id
  serverSource = { kind: 'connection', connectionId, database: testDb.name }
  folderSource = { kind: 'folder', path: data.folder }
}, 300_000)

afterAll(async () => {
  await services.close()
  await data.remove()
  await rm(home, { recursive: true, force: true })
})

async function dispatch(channel: string, input: unknown): Promise<RpcResponse> {
  sequence += 1
  return services.router.dispatch(channel, {
    requestId: `hs${sequence}`,
    payload: encodeWire(input)
  })
}

/** Dispatches and audits every command the driver sent meanwhile. */
async function dispatchAudited(
  channel: string,
  input: unknown
): Promise<{ response: RpcResponse; violations: CommandViolation[] }> {
  const first = commands.length
  const response = await dispatch(channel, input)
  const payloadDollars = dollarStringsOf(input)
  const violations = commands
    .slice(first)
    .flatMap((event) => auditCommand(event.command, payloadDollars, vocabulary))
  audited += commands.length - first
  return { response, violations }
}

/** An answer as the user sees it, without what differs by strategy or by the clock. */
function answerOf(response: RpcResponse): unknown {
  if (!response.ok) return { error: response.error.code }
  const {
    plan: _plan,
    computedAt: _at,
    fromCache: _cache,
    ...answer
  } = decodeWire(response.result) as Record<string, unknown>
  return answer
}

const methods = contractMethods()

function inputs(method: ContractMethod): fc.Arbitrary<unknown> {
  const source = fc.oneof(
    { weight: 8, arbitrary: fc.constant(serverSource) },
    { weight: 1, arbitrary: arbitraryFor(dataSourceSchema) }
  )
  const valid = arbitraryFor(method.input, {
    vocabulary: DATA_VOCABULARY,
    overrides: new Map([[dataSourceSchema, source]])
  })
  return fc.oneof(
    { weight: 1, arbitrary: valid },
    { weight: 2, arbitrary: hostileVariantOf(valid) }
  )
}

describe('hostile payloads against the test server, every command audited', () => {
  it('audits the connection test of a saved connection too', async () => {
    const connectionId = (serverSource as { connectionId: string }).connectionId
    const { response, violations } = await dispatchAudited('connections.test', { id: connectionId })
    expect(response.ok).toBe(true)
    expect(violations).toEqual([])
  })

  it.each(methods.map((method) => [method.channel, method] as const))(
    '%s: only operators the engine builds reach the server, and answers match the local engine',
    async (channel, method) => {
      let onServer = 0
      await fc.assert(
        fc.asyncProperty(inputs(method), async (input) => {
          const { response, violations } = await dispatchAudited(channel, input)
          expect(violations, channel).toEqual([])
          if (!response.ok) {
            expect(
              ACCEPTABLE.has(response.error.code),
              `${channel}: ${response.error.message}`
            ).toBe(true)
          }
          if (!method.input.safeParse(input).success) {
            expect(response.ok ? 'ok' : response.error.code, channel).toBe('INVALID_INPUT')
            return
          }
          const record = (input ?? {}) as { source?: unknown }
          // Queries have one right answer; other services (saved funnels, say) keep state per source.
          if (record.source !== serverSource || method.service !== 'journeys') return
          onServer += 1
          // Explain answers with the server's plan, which the local engine has not got.
          if (channel === 'journeys.explain') return
          // The same query on the same data in the local engine: the answer a user must get.
          const local = await dispatch(channel, { ...record, source: folderSource })
          expect(answerOf(response), channel).toEqual(answerOf(local))
        }),
        { numRuns: 36, seed: 4242, endOnFailure: true }
      )
      if (channel.startsWith('journeys.')) expect(onServer, channel).toBeGreaterThan(0)
    }
  )

  it('explains a plan the engine built, and only operators the engine builds reach the server', async () => {
    const funnel = await dispatchAudited('journeys.funnel', {
      source: serverSource,
      steps: [{ eventType: 'PAGE_VIEW' }, { eventType: 'PURCHASE' }]
    })
    expect(funnel.response.ok).toBe(true)
    const plan = (
      decodeWire((funnel.response as { result: string }).result) as {
        plan: { steps: unknown[] }
      }
    ).plan
    const { response, violations } = await dispatchAudited('journeys.explain', {
      source: serverSource,
      steps: plan.steps
    })
    expect(response.ok, response.ok ? '' : response.error.message).toBe(true)
    expect(violations).toEqual([])
    const madeUp = await dispatchAudited('journeys.explain', {
      source: serverSource,
      steps: [{ collection: 'events', operation: 'find', filter: { $expr: { $eq: [1, 1] } } }]
    })
    expect(madeUp.response.ok ? 'ok' : madeUp.response.error.code).toBe('INVALID_INPUT')
    expect(madeUp.violations).toEqual([])
  })

  it('sent commands to the server at all, and none with a forbidden operator', () => {
    expect(audited).toBeGreaterThan(50)
    const keys = new Set<string>()
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(collect)
      else if (typeof value === 'object' && value !== null) {
        for (const [key, field] of Object.entries(value)) {
          keys.add(key)
          collect(field)
        }
      }
    }
    for (const event of commands) collect(event.command)
    expect(keys.has('$match') || keys.has('filter')).toBe(true)
    for (const operator of FORBIDDEN_OPERATORS) expect(keys.has(operator)).toBe(false)
  })
})
