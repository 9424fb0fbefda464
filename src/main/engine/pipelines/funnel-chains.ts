import type { FunnelMode } from '../../../shared/journeys/query-schemas'
import { at, hasBit, literal } from './expressions'
import { ENTRY_BIT, STEP_BITS_MODULUS } from './funnel-step-mask'
import type { Expr } from './pipeline-spec'

/**
 * The per-user funnel of docs/query-semantics.md as one `$reduce` over the user's events, which the
 * pipeline has pushed in event order as `{ t, m, s }` (time, step mask, session) into `ev`.
 *
 * Every expression here keeps a state of O(steps) size, so a user costs O(events × steps) whatever
 * their number of events (a growing array in a `$reduce` state would copy itself on every event).
 * Bodies refer only to variables, never to document fields, and variable names are unique per
 * nesting level. Each builder returns `{ f, ts, s }`: the furthest step (0 when none), the times of
 * steps 1..f and the session of the chain's entry event.
 */

/*
 * A chain is `{ e, s, ts }`: entry time, entry session, step times. Numbers inside expression
 * objects go through `$literal`, so no reader can take them for `$project` inclusion flags.
 */
const NO_OUTCOME = { f: literal(0), ts: literal([]), s: literal(null) }

const nullChains = (n: number): null[] => Array.from({ length: n }, () => null)
const steps = (n: number): number[] => Array.from({ length: n }, (_, k) => k)

/** The event is an entry (its step-1 bit and the in-range bit are set). */
function isEntryOfStep1(mask: Expr): Expr {
  return { $and: [hasBit(mask, 0), hasBit(mask, ENTRY_BIT)] }
}

/** The chain `p` (not null) extended by time `t`. */
function extend(p: string, t: string): Expr {
  return { e: `${p}.e`, s: `${p}.s`, ts: { $concatArrays: [`${p}.ts`, [t]] } }
}

/** `later` is at most `windowMs` after `entry` (both dates). */
function withinWindow(later: Expr, entry: Expr, windowMs: number): Expr {
  return { $lte: [{ $subtract: [later, entry] }, windowMs] }
}

/**
 * `ordered`: `chain[k]` is the chain with the latest entry that has matched steps 1..k. Every chain
 * of the new state is computed from the old state, which is "chain[k-1] as it was before this event".
 */
function orderedReduce(n: number, windowMs: number): Expr {
  const next = (k: number): Expr => {
    if (k === 0) {
      return {
        $cond: [isEntryOfStep1('$$m'), { e: '$$t', s: '$$s', ts: ['$$t'] }, at('$$c', 0)]
      }
    }
    return {
      $let: {
        vars: { p: at('$$c', k - 1), q: at('$$c', k) },
        in: {
          $cond: [
            { $and: [hasBit('$$m', k), { $ne: ['$$p', null] }] },
            {
              $cond: [
                {
                  $and: [
                    withinWindow('$$t', '$$p.e', windowMs),
                    { $or: [{ $eq: ['$$q', null] }, { $gt: ['$$p.e', '$$q.e'] }] }
                  ]
                },
                extend('$$p', '$$t'),
                '$$q'
              ]
            },
            '$$q'
          ]
        }
      }
    }
  }
  return {
    $reduce: {
      input: '$ev',
      initialValue: nullChains(n),
      in: {
        $let: {
          vars: { t: '$$this.t', m: '$$this.m', s: '$$this.s', c: '$$value' },
          in: steps(n).map(next)
        }
      }
    }
  }
}

/**
 * `strict`: `a[k]` is the chain of steps 1..k produced by the previous event (so matched events are
 * consecutive), `b[k]` the produced chain with the latest entry (ties keep the earlier).
 */
function strictReduce(n: number, windowMs: number): Expr {
  const active = (k: number): Expr => {
    if (k === 0)
      return { $cond: [isEntryOfStep1('$$m'), { e: '$$t', s: '$$s', ts: ['$$t'] }, null] }
    return {
      $let: {
        vars: { p: at('$$a', k - 1) },
        in: {
          $cond: [
            { $and: [hasBit('$$m', k), { $ne: ['$$p', null] }] },
            { $cond: [withinWindow('$$t', '$$p.e', windowMs), extend('$$p', '$$t'), null] },
            null
          ]
        }
      }
    }
  }
  const best = (k: number): Expr => ({
    $let: {
      vars: { x: at('$$na', k), y: at('$$b', k) },
      in: {
        $cond: [
          { $eq: ['$$x', null] },
          '$$y',
          { $cond: [{ $or: [{ $eq: ['$$y', null] }, { $gt: ['$$x.e', '$$y.e'] }] }, '$$x', '$$y'] }
        ]
      }
    }
  })
  return {
    $reduce: {
      input: '$ev',
      initialValue: { a: nullChains(n), b: nullChains(n) },
      in: {
        $let: {
          vars: { t: '$$this.t', m: '$$this.m', s: '$$this.s', a: '$$value.a', b: '$$value.b' },
          in: {
            $let: {
              vars: { na: steps(n).map(active) },
              in: { a: '$$na', b: steps(n).map(best) }
            }
          }
        }
      }
    }
  }
}

/** `{ f, ts, s }` from an array of chains (ordered's state, strict's `b`): the furthest set chain. */
function furthestOfChains(chains: Expr, n: number): Expr {
  const furthest = {
    $reduce: {
      input: steps(n),
      initialValue: 0,
      in: { $cond: [{ $ne: [at('$$chains', '$$this'), null] }, { $add: ['$$this', 1] }, '$$value'] }
    }
  }
  return {
    $let: {
      vars: { chains },
      in: {
        $let: {
          vars: { f: furthest },
          in: {
            $cond: [
              { $eq: ['$$f', 0] },
              NO_OUTCOME,
              {
                $let: {
                  vars: { chain: at('$$chains', { $subtract: ['$$f', 1] }) },
                  in: { f: '$$f', ts: '$$chain.ts', s: '$$chain.s' }
                }
              }
            ]
          }
        }
      }
    }
  }
}

/**
 * `any`, as one backward pass (a forward pass must keep every open anchor: O(events²) for a busy
 * user). Walking from the last event to the first, `nx[k]` holds the nearest event at or after the
 * current one that matches step k (`{ i, t, k }`). An anchor's window (an in-range event matching
 * some step) holds step k exactly when `nx[k].t - t <= window`, later matches being later in time.
 * Going backwards, `>=` keeps the first anchor among equal counts. The chosen anchor keeps its
 * window's `nx` entries (at most one per step) for the step times.
 */
function anyReduce(n: number, windowMs: number): Expr {
  const nearest = steps(n).map((k) => ({
    $cond: [hasBit('$$m', k), { i: '$$st.j', t: '$$t', k: literal(k) }, at('$$st.nx', k)]
  }))
  const windowEntries = {
    $filter: {
      input: '$$nx',
      as: 'x',
      cond: { $cond: [{ $eq: ['$$x', null] }, false, withinWindow('$$x.t', '$$t', windowMs)] }
    }
  }
  const isAnchor = {
    $and: [{ $gt: [{ $mod: ['$$m', STEP_BITS_MODULUS] }, 0] }, hasBit('$$m', ENTRY_BIT)]
  }
  return {
    $reduce: {
      input: { $reverseArray: '$ev' },
      initialValue: { j: { $subtract: [{ $size: '$ev' }, 1] }, nx: nullChains(n), b: null },
      in: {
        $let: {
          vars: { t: '$$this.t', m: '$$this.m', s: '$$this.s', st: '$$value' },
          in: {
            $let: {
              vars: { nx: nearest },
              in: {
                j: { $subtract: ['$$st.j', 1] },
                nx: '$$nx',
                b: {
                  $cond: [
                    isAnchor,
                    {
                      $let: {
                        vars: { w: windowEntries },
                        in: {
                          $cond: [
                            {
                              $or: [
                                { $eq: ['$$st.b', null] },
                                { $gte: [{ $size: '$$w' }, '$$st.b.n'] }
                              ]
                            },
                            { n: { $size: '$$w' }, s: '$$s', w: '$$w' },
                            '$$st.b'
                          ]
                        }
                      }
                    },
                    '$$st.b'
                  ]
                }
              }
            }
          }
        }
      }
    }
  }
}

/**
 * `{ f, ts, s }` from the any-mode state: the chosen window's first matches sorted by event order
 * (then step), which is what the spec asks; sorted by rank since 5.0 has no `$sortArray`.
 */
function furthestOfAnyState(state: Expr): Expr {
  const before = {
    $or: [
      { $lt: ['$$y.i', '$$x.i'] },
      { $and: [{ $eq: ['$$y.i', '$$x.i'] }, { $lt: ['$$y.k', '$$x.k'] }] }
    ]
  }
  const ranked = {
    $map: {
      input: '$$w',
      as: 'x',
      in: { t: '$$x.t', r: { $size: { $filter: { input: '$$w', as: 'y', cond: before } } } }
    }
  }
  return {
    $let: {
      vars: { best: { $let: { vars: { state }, in: '$$state.b' } } },
      in: {
        $cond: [
          { $eq: ['$$best', null] },
          NO_OUTCOME,
          {
            $let: {
              vars: { w: '$$best.w' },
              in: {
                $let: {
                  vars: { ranked },
                  in: {
                    f: '$$best.n',
                    s: '$$best.s',
                    ts: {
                      $map: {
                        input: { $range: [0, { $size: '$$ranked' }] },
                        as: 'r',
                        in: {
                          $first: {
                            $map: {
                              input: {
                                $filter: {
                                  input: '$$ranked',
                                  as: 'z',
                                  cond: { $eq: ['$$z.r', '$$r'] }
                                }
                              },
                              as: 'z',
                              in: '$$z.t'
                            }
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        ]
      }
    }
  }
}

/** The per-user outcome `{ f, ts, s }` of a mode, over the `ev` array of the current document. */
export function userFunnelOutcomeExpr(mode: FunnelMode, stepCount: number, windowMs: number): Expr {
  if (mode === 'ordered') return furthestOfChains(orderedReduce(stepCount, windowMs), stepCount)
  if (mode === 'strict') {
    const best = { $let: { vars: { state: strictReduce(stepCount, windowMs) }, in: '$$state.b' } }
    return furthestOfChains(best, stepCount)
  }
  return furthestOfAnyState(anyReduce(stepCount, windowMs))
}
