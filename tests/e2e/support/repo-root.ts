import { fileURLToPath } from 'node:url'

/** The repository root, whatever folder Playwright was started from. */
export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url))
