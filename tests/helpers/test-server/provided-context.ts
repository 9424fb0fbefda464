import type { TestServerInfo } from './test-server-info'

// What the integration project's globalSetup hands to test files through `inject`.
declare module 'vitest' {
  export interface ProvidedContext {
    /** The running server, or null when none could be had (then `testServerError` says why). */
    testServer: TestServerInfo | null
    testServerError: string | null
  }
}

export {}
