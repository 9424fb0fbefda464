import type { z } from 'zod'
import { contracts } from '../../../src/shared/contracts'
import type { ServiceContract } from '../../../src/shared/rpc/contract'

export interface ContractMethod {
  channel: string
  service: string
  method: string
  input: z.ZodType
}

/** Every method of every contract the main process serves: new contracts are covered as they come. */
export function contractMethods(): ContractMethod[] {
  return Object.entries(contracts as Record<string, ServiceContract>).flatMap(
    ([service, contract]) =>
      Object.entries(contract.methods).map(([method, spec]) => ({
        channel: `${service}.${method}`,
        service,
        method,
        input: spec.input
      }))
  )
}

/** Strings found in generated and demo data, so generated queries sometimes find something. */
export const DATA_VOCABULARY: readonly string[] = [
  'PAGE_VIEW',
  'PURCHASE',
  'ADD_TO_CART',
  'SEARCH',
  'SESSION_START',
  '/',
  '/cart',
  '/checkout',
  '/checkout/confirmation',
  '/product/*',
  '/product/',
  '/category/*',
  '/search',
  'Chrome',
  'Firefox',
  'Safari',
  'Edge',
  'Windows',
  'macOS',
  'iOS',
  'Android',
  'Linux',
  'u000001',
  'u000007',
  'u000042',
  'a',
  'Al',
  'pageUrl',
  'referrer',
  'duration',
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  '0:/cart',
  '1:/checkout',
  '1:(exit)',
  'demo',
  'mongodb://127.0.0.1:27017/shop',
  'mongodb://ann:secret@localhost:27017/?authSource=admin',
  'mongodb+srv://cluster0.example.net/shop'
]
