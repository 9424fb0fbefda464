import { afterAll, beforeAll } from 'vitest'
import { COLLECTOR_DEFAULTS, type CollectorConfig } from '../../../src/collector/collector-config'
import { startCollector, type RunningCollector } from '../../../src/collector/start-collector'
import type { TestDatabase } from '../test-server/use-test-database'
import { TEST_ORIGIN, TEST_SITE } from './post-batch'

/** A collector config for the test database: any free port, the test site, quiet. */
export function testCollectorConfig(
  testDb: TestDatabase,
  overrides: Partial<CollectorConfig> = {}
): CollectorConfig {
  return {
    ...COLLECTOR_DEFAULTS,
    rateLimit: { ...COLLECTOR_DEFAULTS.rateLimit },
    uri: testDb.server.uri,
    database: testDb.name,
    port: 0,
    sites: [{ key: TEST_SITE, origins: [TEST_ORIGIN] }],
    ...overrides
  }
}

/** Starts a collector on the test database for the file's tests and stops it after them. */
export function useCollector(
  testDb: TestDatabase,
  overrides: Partial<CollectorConfig> = {}
): { readonly url: string; readonly logs: Record<string, unknown>[] } {
  let running: RunningCollector | undefined
  const logs: Record<string, unknown>[] = []
  beforeAll(async () => {
    running = await startCollector(testCollectorConfig(testDb, overrides), {
      log: (level, message, fields) => logs.push({ level, message, ...fields })
    })
  })
  afterAll(async () => {
    await running?.stop()
  })
  return {
    get url() {
      if (!running) throw new Error('useCollector(): only inside tests and hooks')
      return running.url
    },
    logs
  }
}
