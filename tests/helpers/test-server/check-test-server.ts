/**
 * `npx tsx tests/helpers/test-server/check-test-server.ts`: starts the server the tests would use
 * (building FerretDB into the cache if that is the one), prints what it is and stops it.
 * CI runs it before the tests so a missing server shows up as one clear step.
 */
import { startTestServer } from './start-test-server'
import { describeTestServer } from './test-server-info'

const log = (line: string): void => {
  console.log(line)
}

try {
  const server = await startTestServer(log)
  log(`tests will use ${describeTestServer(server.info)}`)
  await server.stop()
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error))
  process.exitCode = 1
}
