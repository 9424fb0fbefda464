import type { TestProject } from 'vitest/node'
import './provided-context'
import { startTestServer } from './start-test-server'
import { describeTestServer } from './test-server-info'

/**
 * Starts one server for the whole integration run. When none can be had, the tests are still run
 * and each file fails with the reason (see useTestDatabase): a missing server is never a silent skip.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const log = (line: string): void => {
    console.log(line)
  }
  try {
    const server = await startTestServer(log)
    log(`integration tests use ${describeTestServer(server.info)}`)
    project.provide('testServer', server.info)
    project.provide('testServerError', null)
    return server.stop
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    console.error(message)
    project.provide('testServer', null)
    project.provide('testServerError', message)
    return () => Promise.resolve()
  }
}
