import { encodeWire } from '../../../../shared/rpc/wire'

/** A stable text for a query's input (Extended JSON, so dates count): equal inputs, equal keys. */
export function queryKey(method: string, input: unknown): string {
  return `${method} ${encodeWire(input)}`
}
