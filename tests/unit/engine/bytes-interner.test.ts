import { describe, expect, it } from 'vitest'
import { BytesInterner } from '../../../src/main/engine/local/columns/bytes-interner'

const encoder = new TextEncoder()

/** Interns `(tag, text)` pairs in turn; each index beside the one a Map of first sightings gives. */
function internInTurn(values: [number, string][]) {
  const interner = new BytesInterner()
  const model = new Map<string, number>()
  return values.map(([tag, text]) => {
    // Inside a wider buffer, as lines are.
    const bytes = encoder.encode(`[${text}]`)
    const got = interner.intern(bytes, 1, bytes.length - 1, tag)
    const key = `${tag}:${text}`
    if (!model.has(key)) model.set(key, model.size)
    return { got, expected: model.get(key), entry: Array.from(interner.entry(got)) }
  })
}

describe('the bytes interner', () => {
  it('gives each value its index of first sighting, however values alternate', () => {
    const long = 'x'.repeat(64)
    const values: [number, string][] = []
    const texts = ['PAGE_VIEW', 'SEARCH', 'PAGE_VIEW', 'ADD_TO_CART', 'SESSION_END', 'abc']
    texts.push(`${long}abc`, 'abc', `${long}abd`, `${long}abc`, '', '', 'abd', 'abc', 'SEARCH')
    for (const text of texts) values.push([2, text])
    // Equal bytes under another tag, or with no tag, are other values.
    values.push([7, 'abc'], [2, 'abc'], [-1, 'abc'], [7, 'abc'], [-1, 'abc'], [-1, ''])
    for (const { got, expected } of internInTurn(values)) expect(got).toBe(expected)
  })

  it('keeps its answers while it grows past its first table and arena', () => {
    const values: [number, string][] = []
    for (let k = 0; k < 20_000; k++) values.push([2, `u${(k * 7919) % 9000}-${'y'.repeat(k % 70)}`])
    const results = internInTurn(values)
    for (const { got, expected } of results) expect(got).toBe(expected)
    const [tag, text] = values[12_345] as [number, string]
    const entry = (results[12_345] as { entry: number[] }).entry
    expect(entry).toEqual([tag, ...encoder.encode(text)])
  })
})
