import { test as base } from '@playwright/test'
import { startTestServer } from '../../helpers/test-server/start-test-server'
import type { TestServerInfo } from '../../helpers/test-server/test-server-info'

export interface TestServerWorkerFixtures {
  /** A MongoDB-wire server, started on first use and shared by the tests of one worker. */
  testServer: TestServerInfo
}

export const test = base.extend<object, TestServerWorkerFixtures>({
  testServer: [
    async ({}, use) => {
      const server = await startTestServer((line) => {
        console.log(line)
      })
      try {
        await use(server.info)
      } finally {
        await server.stop()
      }
    },
    // Building FerretDB the first time takes a while.
    { scope: 'worker', timeout: 600_000 }
  ]
})
