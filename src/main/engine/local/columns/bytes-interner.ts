const NO_TAG = -1
const RECENT_SLOTS = 64

/**
 * Distinct byte strings, each with a dense index in order of first appearance, found by hashing the
 * bytes themselves: loading millions of ids and pages needs no JavaScript string per occurrence.
 * An entry may start with a tag byte (ids: see `encodeId`) given apart from the bytes that follow.
 */
export class BytesInterner {
  /** Entry bytes, back to back: entry k is `arena[offsets[k] .. offsets[k+1])`. */
  arena = new Uint8Array(1 << 16)
  offsets = new Uint32Array(1024)
  size = 0
  private hashes = new Int32Array(1024)
  private table = new Int32Array(1 << 12)
  private mask = (1 << 12) - 1
  private used = 0
  /** The entry last found or added per length (mod 64): most lookups repeat a recent value. */
  private readonly recent = new Int32Array(RECENT_SLOTS).fill(-1)

  /** The index of `tag` (or none: -1) followed by `bytes[start..end)`, adding it when new. */
  intern(bytes: Uint8Array, start: number, end: number, tag = NO_TAG): number {
    const recentSlot = (end - start) & (RECENT_SLOTS - 1)
    const recent = this.recent[recentSlot] as number
    if (recent >= 0 && this.equals(recent, bytes, start, end, tag)) return recent
    let hash = 0x811c9dc5
    if (tag !== NO_TAG) hash = Math.imul(hash ^ tag, 0x01000193)
    for (let k = start; k < end; k++) hash = Math.imul(hash ^ (bytes[k] as number), 0x01000193)
    let slot = hash & this.mask
    for (;;) {
      const found = (this.table[slot] as number) - 1
      if (found < 0) break
      if (this.hashes[found] === hash && this.equals(found, bytes, start, end, tag)) {
        this.recent[recentSlot] = found
        return found
      }
      slot = (slot + 1) & this.mask
    }
    const index = this.append(bytes, start, end, tag, hash)
    this.table[slot] = index + 1
    if (++this.used * 2 > this.table.length) this.rehash()
    this.recent[recentSlot] = index
    return index
  }

  /** The index of an entry, or -1, without adding it. */
  indexOf(bytes: Uint8Array, tag = NO_TAG): number {
    let hash = 0x811c9dc5
    if (tag !== NO_TAG) hash = Math.imul(hash ^ tag, 0x01000193)
    for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193)
    let slot = hash & this.mask
    for (;;) {
      const found = (this.table[slot] as number) - 1
      if (found < 0) return -1
      if (this.hashes[found] === hash && this.equals(found, bytes, 0, bytes.length, tag)) {
        return found
      }
      slot = (slot + 1) & this.mask
    }
  }

  /** Entry k's bytes (a view into the arena, valid until the next `intern`). */
  entry(k: number): Uint8Array {
    return this.arena.subarray(this.offsets[k], this.offsets[k + 1])
  }

  private equals(k: number, bytes: Uint8Array, start: number, end: number, tag: number): boolean {
    let at = this.offsets[k] as number
    const stop = this.offsets[k + 1] as number
    if (tag !== NO_TAG) {
      if (this.arena[at] !== tag) return false
      at++
    }
    if (stop - at !== end - start) return false
    const arena = this.arena
    for (let j = start; j < end; j++, at++) if (arena[at] !== bytes[j]) return false
    return true
  }

  private append(bytes: Uint8Array, start: number, end: number, tag: number, hash: number): number {
    const index = this.size
    if (index + 2 > this.offsets.length) {
      this.offsets = grow(this.offsets, this.offsets.length * 2)
      this.hashes = grow(this.hashes, this.offsets.length)
    }
    let at = this.offsets[index] as number
    const needed = at + (end - start) + 1
    if (needed > this.arena.length) {
      this.arena = grow(this.arena, Math.max(needed, this.arena.length * 2))
    }
    const arena = this.arena
    if (tag !== NO_TAG) arena[at++] = tag
    for (let k = start; k < end; k++) arena[at + k - start] = bytes[k] as number
    this.offsets[index + 1] = at + (end - start)
    this.hashes[index] = hash
    this.size = index + 1
    return index
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2)
    const mask = table.length - 1
    for (let k = 0; k < this.size; k++) {
      let slot = (this.hashes[k] as number) & mask
      while (table[slot] !== 0) slot = (slot + 1) & mask
      table[slot] = k + 1
    }
    this.table = table
    this.mask = mask
  }
}

function grow<T extends Uint8Array | Uint32Array | Int32Array>(array: T, length: number): T {
  const grown = new (array.constructor as new (length: number) => T)(length)
  grown.set(array)
  return grown
}
