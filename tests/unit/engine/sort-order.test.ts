import { describe, expect, it } from 'vitest'
import {
  countingSort,
  gather,
  gatherOrAbsent
} from '../../../src/main/engine/local/columns/sort-order'

describe('the index steps of a load', () => {
  it('gathers values in an order, keeping the array type', () => {
    const times = gather(Float64Array.from([1.5, 2.5, 3.5]), Int32Array.from([2, 0, 1]))
    expect(times).toBeInstanceOf(Float64Array)
    expect(Array.from(times)).toEqual([3.5, 1.5, 2.5])
    const codes = gather(Int32Array.from([7, 8, 9]), Int32Array.from([1, 1, 0, 2]))
    expect(codes).toBeInstanceOf(Int32Array)
    expect(Array.from(codes)).toEqual([8, 8, 7, 9])
  })

  it('gathers -1 where an order has no entry (a session without its document)', () => {
    const browsers = Int32Array.from([4, -1, 6])
    const placed = gatherOrAbsent(browsers, Int32Array.from([-1, 2, 0, -1, 1]))
    expect(Array.from(placed)).toEqual([-1, 6, 4, -1, -1])
    expect(gatherOrAbsent(browsers, new Int32Array(0))).toEqual(new Int32Array(0))
  })

  it('counting-sorts stably by key, with the start of each run', () => {
    const { start, order } = countingSort(3, 6, Int32Array.from([2, 0, 2, 1, 0, 2]))
    expect(Array.from(start)).toEqual([0, 2, 3, 6])
    expect(Array.from(order)).toEqual([1, 4, 3, 0, 2, 5])
  })
})
