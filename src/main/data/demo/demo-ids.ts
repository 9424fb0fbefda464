import { ObjectId } from 'bson'
import type { DocumentId } from '../../../shared/journeys/documents'
import { mixSeed } from './seeded-random'

export type DemoIdKind = 'string' | 'objectId'

/** Makes the `_id`s of generated documents from their sequence number (1-based) and time. */
export interface DemoIdFactory {
  user(sequence: number, at: number): DocumentId
  session(sequence: number, at: number): DocumentId
  event(sequence: number, at: number): DocumentId
}

/**
 * Strings like `u000042`, `s0000123`, `e000001234`; or ObjectIds whose 4-byte time is the document's
 * own time, then 4 bytes from the seed, then the collection (4 bits) and the sequence (28 bits), so they
 * are unique, deterministic and sort like real ones.
 */
export function createDemoIdFactory(kind: DemoIdKind, seed: number): DemoIdFactory {
  if (kind === 'string') {
    return {
      user: (sequence) => `u${String(sequence).padStart(6, '0')}`,
      session: (sequence) => `s${String(sequence).padStart(7, '0')}`,
      event: (sequence) => `e${String(sequence).padStart(9, '0')}`
    }
  }
  const seedHex = hex8(mixSeed(seed, 0x0b1d))
  const objectId = (tag: number) => (sequence: number, at: number) => {
    if (sequence >= 0x10000000) throw new Error('demo ObjectId sequence is limited to 268 million')
    const seconds = Math.floor(at / 1000)
    return ObjectId.createFromHexString(hex8(seconds) + seedHex + hex8(tag * 0x10000000 + sequence))
  }
  return { user: objectId(1), session: objectId(2), event: objectId(3) }
}

function hex8(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0')
}
