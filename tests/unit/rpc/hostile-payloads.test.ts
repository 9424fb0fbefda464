import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoWorkspaceFolder } from '../../../src/main/app-paths'
import { composeServices, type ComposedServices } from '../../../src/main/compose-services'
import { JsonFileConnectionRepository } from '../../../src/main/services/connections/json-file-repository'
import { SessionSecretBox } from '../../../src/main/services/connections/secret-box'
import { JsonFileSavedFunnelsRepository } from '../../../src/main/services/funnels/json-file-saved-funnels-repository'
import type { ErrorCode } from '../../../src/shared/errors'
import { dataSourceSchema } from '../../../src/shared/journeys/data-source'
import { decodeWire, encodeWire, type RpcResponse } from '../../../src/shared/rpc/wire'
import {
  contractMethods,
  DATA_VOCABULARY,
  type ContractMethod
} from '../../helpers/hostile-input/contract-methods'
import { hostileVariantOf } from '../../helpers/hostile-input/hostile-values'
import { arbitraryFor, unsupportedTypes } from '../../helpers/hostile-input/zod-arbitrary'

/*
 * Every method of every contract, through the router as the bridge and IPC reach it, with generated
 * payloads: mostly valid ones (which must be answered) and each of them with one hostile change
 * (operators where text belongs, `$where`, `__proto__`, huge strings, deep nesting, NaN, invalid
 * dates, BSON types). Each must be answered with a result or with an error a user can act on;
 * never INTERNAL, never a crash. Here the sources are local (the demo workspace); the integration
 * test hostile-payloads-on-server.test.ts does the same against FerretDB and audits every command.
 */

/** Errors a payload may earn; anything else (INTERNAL, QUERY_FAILED) is a bug. */
const ACCEPTABLE: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'INVALID_INPUT',
  'INVALID_URI',
  'NOT_FOUND',
  'FORBIDDEN',
  'UNSUPPORTED'
])

let home: string
let services: ComposedServices
let sequence = 0

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'jw-hostile-'))
  services = composeServices({
    repository: new JsonFileConnectionRepository(join(home, 'connections.json')),
    secrets: new SessionSecretBox(),
    savedFunnels: new JsonFileSavedFunnelsRepository(join(home, 'saved-funnels.json')),
    demoFolder: demoWorkspaceFolder(),
    workspacesFolder: join(home, 'workspaces')
  })
})

afterAll(async () => {
  await services.close()
  await rm(home, { recursive: true, force: true })
})

const localSource = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: 'demo' }) },
  { weight: 1, arbitrary: arbitraryFor(dataSourceSchema) }
)

/**
 * Rules between fields that a schema checks after its shape (`superRefine`), which a generator
 * built from the shape cannot see: each drops what its rule would refuse, so most generated inputs
 * stay valid. Hostile variants are made from the generated inputs as before.
 */
const CROSS_FIELD_RULES: ReadonlyMap<string, (input: Record<string, unknown>) => void> = new Map([
  [
    'journeys.funnelUsers',
    (input: Record<string, unknown>) => {
      if (input.breakdown === undefined) delete input.breakdownValue
      if (input.outcome !== 'reached' || typeof input.step !== 'number' || input.step < 2) {
        delete input.timeToConvertBucket
      }
    }
  ]
])

function validInputs(method: ContractMethod): fc.Arbitrary<unknown> {
  const inputs = arbitraryFor(method.input, {
    vocabulary: DATA_VOCABULARY,
    overrides: new Map([[dataSourceSchema, localSource]])
  })
  const rule = CROSS_FIELD_RULES.get(method.channel)
  if (!rule) return inputs
  return inputs.map((input) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return input
    const kept = { ...(input as Record<string, unknown>) }
    rule(kept)
    return kept
  })
}

async function dispatch(channel: string, payload: string): Promise<RpcResponse> {
  sequence += 1
  return services.router.dispatch(channel, { requestId: `h${sequence}`, payload })
}

function expectAcceptable(response: RpcResponse, label: string): void {
  if (response.ok) {
    // The answer crosses the wire: it must decode again.
    expect(() => decodeWire(response.result), label).not.toThrow()
    return
  }
  expect(
    ACCEPTABLE.has(response.error.code),
    `${label}: ${response.error.code} ${response.error.message}`
  ).toBe(true)
  expect(response.error.message.length, label).toBeGreaterThan(0)
}

const methods = contractMethods()

describe('hostile payloads through the router (local sources)', () => {
  it('knows how to generate input for every contract method', () => {
    expect(methods.length).toBeGreaterThanOrEqual(12)
    for (const method of methods) {
      expect(unsupportedTypes(method.input), method.channel).toEqual([])
      // The generator must mostly make inputs the schema accepts, or the "valid" runs test little.
      const samples = fc.sample(validInputs(method), { numRuns: 60, seed: 7 })
      const accepted = samples.filter((sample) => method.input.safeParse(sample).success).length
      expect(accepted, method.channel).toBeGreaterThanOrEqual(30)
    }
  })

  it.each(methods.map((method) => [method.channel, method] as const))(
    '%s answers generated and hostile payloads with a result or a clear refusal',
    async (channel, method) => {
      let served = 0
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            { weight: 1, arbitrary: validInputs(method) },
            { weight: 3, arbitrary: hostileVariantOf(validInputs(method)) }
          ),
          async (input) => {
            const valid = method.input.safeParse(input).success
            const response = await dispatch(channel, encodeWire(input))
            expectAcceptable(response, channel)
            // Whatever the schema refuses never reaches a service: it is INVALID_INPUT.
            if (!valid) expect(response.ok ? 'ok' : response.error.code).toBe('INVALID_INPUT')
            // Passed the schema and was answered by the service (a result, or e.g. NOT_FOUND).
            if (response.ok || response.error.code !== 'INVALID_INPUT') served += 1
          }
        ),
        { numRuns: 100, seed: 20261130, endOnFailure: true }
      )
      // Some generated inputs passed the schema and reached the service, so the property did not
      // only test refusals.
      expect(served, channel).toBeGreaterThan(0)
    }
  )

  it('refuses payloads that are not Extended JSON, or nest too deep, as INVALID_INPUT', async () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`
    const texts = [
      '',
      '{',
      'undefined',
      `{"source": ${deep}}`,
      deep,
      '{"source": {"kind": "demo"}, "text": {"$date": "not a date"}}',
      '{"source": {"kind": "demo"}, "text": {"$oid": "zz"}}',
      '{"source": {"kind": "demo"}, "text": {"$numberLong": "NaN"}}',
      '{"source": {"kind": "demo"}, "text": {"$regularExpression": {"pattern": ".*", "options": "q"}}}',
      '{"source": {"kind": "demo"}, "text": {"$code": "while(true){}"}}',
      '{"__proto__": {"source": {"kind": "demo"}, "text": "a"}}'
    ]
    for (const text of texts) {
      const response = await dispatch('journeys.searchCustomers', text)
      expect(response.ok ? 'ok' : response.error.code, text.slice(0, 60)).toBe('INVALID_INPUT')
    }
    // Extra keys are dropped by the schema; none of them reaches a prototype.
    const polluting = await dispatch(
      'journeys.searchCustomers',
      '{"constructor": {"prototype": {"polluted": true}}, "__proto__": {"polluted": true}, "source": {"kind": "demo"}, "text": "a", "limit": 1}'
    )
    expect(polluting.ok).toBe(true)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.prototype).not.toHaveProperty('polluted')
  })
})
