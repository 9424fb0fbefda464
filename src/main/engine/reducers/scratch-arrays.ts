/**
 * Reusable typed arrays for the per-user funnel reducers. Allocating small typed arrays costs about
 * a microsecond each, which for tens of thousands of users dominates the reducers themselves; the
 * reducers are synchronous, so one set of buffers serves every call. Contents are stale: callers
 * must write before they read (the reducers track what is valid with bit masks).
 */
const floats: Float64Array[] = []
const ints: Int32Array[] = []

export function scratchFloat64(slot: number, length: number): Float64Array {
  let array = floats[slot]
  if (!array || array.length < length) {
    array = new Float64Array(Math.max(length, 64))
    floats[slot] = array
  }
  return array
}

export function scratchInt32(slot: number, length: number): Int32Array {
  let array = ints[slot]
  if (!array || array.length < length) {
    array = new Int32Array(Math.max(length, 64))
    ints[slot] = array
  }
  return array
}

/**
 * `length` values of a scratch array from `start`, as a plain array (a loop: `Array.from` of a
 * subarray goes through the iterator protocol and a view allocation, per user).
 */
export function scratchSlice(array: Float64Array, start: number, length: number): number[] {
  const values = new Array<number>(length)
  for (let k = 0; k < length; k++) values[k] = array[start + k] as number
  return values
}
