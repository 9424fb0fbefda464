import type { Db, Document } from 'mongodb'
import type { ExplainedStep } from '../../../shared/journeys/explain'
import type { QueryPlanStep } from '../../../shared/journeys/results'
import { toAppError } from '../../errors/to-app-error'
import { readExplanation } from './explain-find'

/** The largest explain answer sent back whole; larger ones keep their summary only. */
const RAW_LIMIT_BYTES = 256 * 1024

/**
 * Asks the server how it would run one plan step (`explain` with `queryPlanner` verbosity, so
 * nothing is executed): the find, the count's filter, or the aggregation pipeline.
 */
export async function explainPlanStep(
  db: Db,
  step: QueryPlanStep,
  signal?: AbortSignal
): Promise<ExplainedStep> {
  const collection = db.collection(step.collection)
  let answer: Document
  try {
    switch (step.operation) {
      case 'find': {
        const cursor = collection.find(step.filter ?? {}, signal ? { signal } : {})
        if (step.projection) cursor.project(step.projection)
        if (step.sort) cursor.sort(step.sort as Document)
        answer = await cursor.explain('queryPlanner')
        break
      }
      case 'countDocuments':
        answer = await collection
          .find(step.filter ?? {}, signal ? { signal } : {})
          .explain('queryPlanner')
        break
      case 'aggregate':
        answer = await collection
          .aggregate(step.pipeline ?? [], { allowDiskUse: true, ...(signal ? { signal } : {}) })
          .explain('queryPlanner')
        break
    }
  } catch (error) {
    throw toAppError(error, signal ? { signal } : {})
  }
  const read = readExplanation(plannerDocument(answer))
  return {
    collection: step.collection,
    operation: step.operation,
    stage: read.stage,
    indexName: read.indexName,
    summary: read.summary,
    raw: JSON.stringify(answer).length <= RAW_LIMIT_BYTES ? answer : null
  }
}

/**
 * The part of an aggregate's explain that holds the query planner: MongoDB puts it at the top for a
 * pipeline it runs as one query, or in the first stage's `$cursor` otherwise.
 */
function plannerDocument(answer: Document): Document {
  if ('queryPlanner' in answer) return answer
  const stages = answer.stages as Document[] | undefined
  const cursor = stages?.[0]?.$cursor as Document | undefined
  return cursor && 'queryPlanner' in cursor ? { ...answer, ...cursor } : answer
}
