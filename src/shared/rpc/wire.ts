import { EJSON } from 'bson'
import type { ErrorEnvelope } from '../errors'
import type { Progress } from './contract'

/** One call as it crosses IPC or HTTP: the payload is Extended JSON so dates and ObjectIds survive. */
export interface RpcRequest {
  requestId: string
  payload: string
}

export type RpcResponse = { ok: true; result: string } | { ok: false; error: ErrorEnvelope }

/** A progress report, tagged with the call it belongs to. */
export interface RpcProgress {
  requestId: string
  progress: Progress
}

export const CANCEL_CHANNEL = 'rpc.cancel'
export const PROGRESS_CHANNEL = 'rpc.progress'

/** IPC channel (and HTTP path segment) of one method: `Service.method`, as Compass's hadron-ipc does. */
export function channelOf(service: string, method: string): string {
  return `${service}.${method}`
}

export function encodeWire(value: unknown): string {
  return EJSON.stringify(value === undefined ? null : value, { relaxed: true })
}

export function decodeWire(text: string): unknown {
  return EJSON.parse(text, { relaxed: true })
}
