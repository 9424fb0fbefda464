import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          // The mingo parity tests run real pipelines for seconds; a loaded 2-core CI machine
          // must not turn them into time-outs.
          testTimeout: 60_000
        }
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          // Starts one MongoDB-wire server for the run and provides it to useTestDatabase().
          globalSetup: ['tests/helpers/test-server/vitest-global-setup.ts'],
          // FerretDB reads every event of a funnel or flow (105k in the parity tests): minutes on a
          // loaded 2-core machine.
          testTimeout: 300_000,
          hookTimeout: 180_000
        }
      }
    ]
  }
})
