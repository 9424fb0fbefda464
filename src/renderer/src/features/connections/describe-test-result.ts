import type { ConnectionTestResult } from '../../../../shared/contracts/connections-contract'

const FLAVOR_NAMES: Record<ConnectionTestResult['capabilities']['flavor'], string> = {
  mongodb: 'MongoDB',
  ferretdb: 'FerretDB',
  documentdb: 'Amazon DocumentDB',
  cosmosdb: 'Azure Cosmos DB',
  local: 'Local engine',
  unknown: 'Unknown server'
}

/** A one-line verdict for a connection test, e.g. "FerretDB 1.24.2 · 3 ms · reducer strategy". */
export function describeTestResult(result: ConnectionTestResult): string {
  const { flavor, version, strategy } = result.capabilities
  return `${FLAVOR_NAMES[flavor]} ${version} · ${String(result.latencyMs)} ms · ${strategy} strategy`
}

/** Why the strategy is what it is, in words an analyst can act on. */
export function explainStrategy(result: ConnectionTestResult): string {
  const features = result.capabilities.pipelineFeatures
  const missing = features.filter((f) => !f.supported).length
  switch (result.capabilities.strategy) {
    case 'pipeline':
      return 'Every query runs as an aggregation pipeline inside the database.'
    case 'local':
      return 'Queries run in the app over the bundled demo files.'
    case 'reducer':
      return `This server lacks ${String(missing)} of the ${String(features.length)} pipeline features the queries need, so they stream sorted, projected events through the app's reducers instead. The answers are the same.`
  }
}
