import { Aggregator } from 'mingo/aggregator'
import { Context, evalExpr } from 'mingo/core'
import type { Iterator } from 'mingo/lazy'
import * as accumulatorOperators from 'mingo/operators/accumulator'
import * as expressionOperators from 'mingo/operators/expression'
import * as pipelineOperators from 'mingo/operators/pipeline'
import * as projectionOperators from 'mingo/operators/projection'
import * as queryOperators from 'mingo/operators/query'
import * as windowOperators from 'mingo/operators/window'
import type { AnyObject, Options } from 'mingo/types'
import { isEqual } from 'mingo/util'
import type {
  EventDocument,
  SessionDocument,
  UserDocument
} from '../../../src/shared/journeys/documents'
import type { AggregateSpec, CountSpec, FindSpec } from '../../../src/main/engine/pipelines'

/** The three collections of a data set, as the pipelines see them. */
export interface Collections {
  users: UserDocument[]
  sessions: SessionDocument[]
  events: EventDocument[]
}

/** A value's key for an equality join, equal exactly when MongoDB's `$lookup` equality holds. */
function joinKey(value: unknown): string {
  if (value === undefined || value === null) return 'null'
  if (typeof value === 'string') return `s:${value}`
  if (typeof value === 'number') return `n:${value}`
  if (value instanceof Date) return `d:${value.getTime()}`
  if (typeof value === 'object' && (value as { _bsontype?: string })._bsontype === 'ObjectId') {
    return `o:${(value as { toHexString(): string }).toHexString()}`
  }
  return `x:${JSON.stringify(value)}`
}

/**
 * mingo 7.2.7's `$lookup` runs the sub-pipeline of the concise form (localField + foreignField +
 * pipeline, MongoDB 5.0+) over the whole foreign collection instead of over the matched documents.
 * This replacement does what MongoDB documents: equality match first, then the sub-pipeline on the
 * matches. `let` is not supported (the builders never use it).
 */
function $lookup(collection: Iterator, expr: AnyObject, options: Options): Iterator {
  if (expr.let !== undefined) throw new Error('test $lookup: `let` is not supported')
  const from = expr.from as string
  const resolver = options.collectionResolver
  if (!resolver) throw new Error('test $lookup needs a collectionResolver')
  const foreign = resolver(from)
  const localField = expr.localField as string | undefined
  const foreignField = expr.foreignField as string | undefined
  const pipeline = (expr.pipeline as AnyObject[] | undefined) ?? []
  const inner = pipeline.length > 0 ? new Aggregator(pipeline, options) : null
  const byKey = new Map<string, AnyObject[]>()
  if (localField && foreignField) {
    for (const doc of foreign) {
      const value = readPath(doc, foreignField)
      for (const v of Array.isArray(value) ? value : [value]) {
        const key = joinKey(v)
        const list = byKey.get(key)
        if (list) list.push(doc)
        else byKey.set(key, [doc])
      }
    }
  }
  return collection.map((obj) => {
    const doc = obj as AnyObject
    let matched: AnyObject[] = foreign
    if (localField && foreignField) {
      const local = readPath(doc, localField)
      const keys = Array.isArray(local) ? local.map(joinKey) : [joinKey(local)]
      const seen = new Set<AnyObject>()
      matched = []
      for (const key of keys) {
        for (const d of byKey.get(key) ?? []) {
          if (!seen.has(d)) {
            seen.add(d)
            matched.push(d)
          }
        }
      }
    }
    return { ...doc, [expr.as as string]: inner ? inner.run(matched) : matched }
  })
}

function readPath(doc: AnyObject, path: string): unknown {
  let value: unknown = doc
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as AnyObject)[part]
  }
  return value
}

/**
 * mingo 7.2.7's aggregation `$eq`/`$ne` use query semantics: an array equals any of its elements,
 * and a missing field equals null. MongoDB's aggregation `$eq` compares whole values, and a missing
 * value is not null (it sorts below it). These follow MongoDB, so the tests see what a server does.
 */
function $eq(obj: AnyObject, expr: unknown, options: Options): boolean {
  const [a, b] = evalExpr(obj, expr, options) as [unknown, unknown]
  return isEqual(a, b)
}

function $ne(obj: AnyObject, expr: unknown, options: Options): boolean {
  return !$eq(obj, expr, options)
}

const context = Context.init({
  accumulator: accumulatorOperators,
  expression: { ...expressionOperators, $eq, $ne },
  pipeline: { ...pipelineOperators, $lookup },
  projection: projectionOperators,
  query: queryOperators,
  window: windowOperators
})

/** Runs a pipeline in mingo over the collections (named collections resolve for `$lookup`). */
export function runPipeline<T = AnyObject>(
  collections: Collections,
  collection: string,
  pipeline: readonly Record<string, unknown>[]
): T[] {
  const options: Partial<Options> = {
    context,
    collectionResolver: (name: string) =>
      (collections as unknown as Record<string, AnyObject[] | undefined>)[name] ?? []
  }
  const source =
    pipeline[0] && '$documents' in pipeline[0]
      ? []
      : ((collections as unknown as Record<string, AnyObject[] | undefined>)[collection] ?? [])
  return new Aggregator(pipeline as AnyObject[], options).run(source) as T[]
}

export function runAggregate<T = AnyObject>(collections: Collections, spec: AggregateSpec): T[] {
  return runPipeline<T>(collections, spec.collection, spec.pipeline)
}

/** `countDocuments` as a `$match` + `$count`. */
export function runCount(collections: Collections, spec: CountSpec): number {
  const rows = runPipeline<{ n: number }>(collections, spec.collection, [
    { $match: spec.filter },
    { $count: 'n' }
  ])
  return rows[0]?.n ?? 0
}

/** `find` as `$match`, `$sort`, `$limit`, `$project`. */
export function runFind<T = AnyObject>(collections: Collections, spec: FindSpec): T[] {
  const stages: Record<string, unknown>[] = [{ $match: spec.filter }]
  if (spec.sort) stages.push({ $sort: spec.sort })
  if (spec.limit !== undefined) stages.push({ $limit: spec.limit })
  if (spec.projection) stages.push({ $project: spec.projection })
  return runPipeline<T>(collections, spec.collection, stages)
}
