import { createRequire } from 'node:module'
import type * as MongoDriverModule from 'mongodb'

export type MongoDriver = typeof MongoDriverModule

const requireFromHere = createRequire(import.meta.url)
let driver: MongoDriver | null = null

/**
 * The MongoDB driver, loaded on first use: it takes a third of a second to load, which commands
 * on a folder (`journey … --data`) never need. The driver is CommonJS only, so this is the very
 * module a static `import 'mongodb'` elsewhere gets (its error classes compare with instanceof).
 */
export function mongoDriver(): MongoDriver {
  driver ??= requireFromHere('mongodb') as MongoDriver
  return driver
}
