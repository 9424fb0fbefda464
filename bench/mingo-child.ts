import { performance } from 'node:perf_hooks'
import { locateCollectionFiles } from '../src/main/data/ndjson/collection-files'
import { readCollectionFile } from '../src/main/data/ndjson/ndjson-reader'
import type { Collections } from '../tests/unit/pipelines/mingo-runner'
import {
  pipelineCaseFile,
  pipelineFlows,
  pipelineFunnel,
  pipelineOverview
} from '../tests/unit/pipelines/pipeline-answers'
import type { FromMingoChild, MingoJob, ToMingoChild } from './mingo-protocol'

/*
 * A child process that runs the aggregation pipeline builders' pipelines in mingo (with the test
 * suite's MongoDB-faithful `$lookup` and `$eq`) over one folder read into arrays with the project's
 * NDJSON reader. A separate process, so a query that runs out of heap or time can be killed.
 */

let data: Collections | null = null

function send(message: FromMingoChild): void {
  process.send?.(message)
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 102.4) / 10

async function load(folder: string): Promise<void> {
  const start = performance.now()
  const files = await locateCollectionFiles(folder)
  const read = async <C extends 'users' | 'sessions' | 'events'>(name: C) => {
    const documents: Collections[C][number][] = []
    for await (const { document } of readCollectionFile(files[name], name)) {
      documents.push(document)
    }
    return documents
  }
  const loaded: Collections = {
    users: await read('users'),
    sessions: await read('sessions'),
    events: await read('events')
  }
  data = loaded
  const ms = Math.round((performance.now() - start) * 10) / 10
  const usage = process.memoryUsage()
  send({
    type: 'loaded',
    ms,
    counts: {
      users: loaded.users.length,
      sessions: loaded.sessions.length,
      events: loaded.events.length
    },
    heapUsedMb: mb(usage.heapUsed),
    rssMb: mb(usage.rss)
  })
}

function run(collections: Collections, job: MingoJob): { result: unknown; capped: number } {
  switch (job.kind) {
    case 'funnel': {
      const { result, cappedUsers } = pipelineFunnel(collections, job.query)
      return { result, capped: cappedUsers }
    }
    case 'flows': {
      const { result, ranking } = pipelineFlows(collections, job.query)
      return { result, capped: ranking.cappedSessions }
    }
    case 'caseFile':
      return { result: pipelineCaseFile(collections, job.query), capped: 0 }
    case 'overview':
      return { result: pipelineOverview(collections, job.query), capped: 0 }
  }
}

process.on('message', (message: ToMingoChild) => {
  if (message.type === 'load') {
    load(message.folder).catch((error: unknown) => {
      send({ type: 'error', id: null, message: String(error) })
    })
    return
  }
  try {
    if (!data) throw new Error('run before load')
    const start = performance.now()
    const { result, capped } = run(data, message.job)
    const ms = Math.round((performance.now() - start) * 10) / 10
    const maxRssMb = Math.round(process.resourceUsage().maxRSS / 102.4) / 10
    send({ type: 'result', id: message.id, ms, result, capped, maxRssMb })
  } catch (error) {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error)
    send({ type: 'error', id: message.id, message: text })
  }
})
