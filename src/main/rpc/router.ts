import type { Contracts } from '../../shared/contracts'
import { AppError } from '../../shared/errors'
import type { Progress, ServiceContract, ServiceImplementation } from '../../shared/rpc/contract'
import { decodeWire, encodeWire, type RpcRequest, type RpcResponse } from '../../shared/rpc/wire'
import { toErrorEnvelope } from '../errors/to-app-error'

/** The implementations of a set of contracts, by service name. */
export type ImplementationsOf<C extends Record<string, ServiceContract>> = {
  [S in keyof C]: ServiceImplementation<C[S]>
}

type AnyHandler = (
  input: unknown,
  context: Parameters<ServiceImplementation<ServiceContract>[string]>[1]
) => Promise<unknown>

const REQUEST_ID_PATTERN = /^[A-Za-z0-9_-]{1,100}$/

/**
 * Validates every payload against its contract, calls the service and answers with the result or
 * one error envelope. Transports (ipcMain, the web bridge) only move requests and responses.
 */
export class RpcRouter<C extends Record<string, ServiceContract> = Contracts> {
  private readonly inFlight = new Map<string, AbortController>()

  constructor(
    private readonly contracts: C,
    private readonly services: ImplementationsOf<C>
  ) {}

  /** True when `channel` names a method of a contract (`Service.method`). */
  knows(channel: string): boolean {
    return this.resolve(channel) !== null
  }

  async dispatch(
    channel: string,
    request: unknown,
    onProgress: (progress: Progress) => void = () => undefined
  ): Promise<RpcResponse> {
    const route = this.resolve(channel)
    if (!route) return failure(new AppError('NOT_FOUND', `Unknown method ${channel}`))
    if (!isRpcRequest(request)) {
      return failure(
        new AppError('INVALID_INPUT', 'Malformed request: requestId and payload are required')
      )
    }
    if (this.inFlight.has(request.requestId)) {
      return failure(
        new AppError('INVALID_INPUT', `Request ${request.requestId} is already running`)
      )
    }
    const controller = new AbortController()
    this.inFlight.set(request.requestId, controller)
    try {
      const input = route.schema.parse(decodePayload(request.payload))
      const result = await route.handler(input, {
        signal: controller.signal,
        reportProgress: (progress) => {
          if (!controller.signal.aborted) onProgress(progress)
        }
      })
      if (controller.signal.aborted) throw new AppError('CANCELLED', 'Cancelled')
      return { ok: true, result: encodeWire(result) }
    } catch (error) {
      if (controller.signal.aborted) return failure(new AppError('CANCELLED', 'Cancelled'))
      return failure(error)
    } finally {
      this.inFlight.delete(request.requestId)
    }
  }

  /** Cancels a running call; false when no call has that id (already finished, or never started). */
  cancel(requestId: string): boolean {
    const controller = this.inFlight.get(requestId)
    if (!controller) return false
    controller.abort()
    return true
  }

  /** Cancels every running call, e.g. when the window that asked for them goes away. */
  cancelAll(): void {
    for (const controller of this.inFlight.values()) controller.abort()
  }

  get runningCalls(): number {
    return this.inFlight.size
  }

  private resolve(channel: string) {
    const [serviceName, methodName, ...rest] = channel.split('.')
    if (!serviceName || !methodName || rest.length > 0) return null
    if (!Object.hasOwn(this.contracts, serviceName)) return null
    const contract = this.contracts[serviceName] as ServiceContract
    if (!Object.hasOwn(contract.methods, methodName)) return null
    const methodContract = contract.methods[methodName]
    const implementation = this.services[serviceName] as unknown as Record<string, AnyHandler>
    const handler = implementation[methodName]
    if (!methodContract || typeof handler !== 'function') return null
    return { schema: methodContract.input, handler: handler.bind(implementation) }
  }
}

function failure(error: unknown): RpcResponse {
  return { ok: false, error: toErrorEnvelope(error) }
}

function decodePayload(payload: string): unknown {
  try {
    return decodeWire(payload)
  } catch (error) {
    throw new AppError('INVALID_INPUT', 'The request payload is not valid Extended JSON', {
      reason: error instanceof Error ? error.message : String(error)
    })
  }
}

function isRpcRequest(value: unknown): value is RpcRequest {
  if (typeof value !== 'object' || value === null) return false
  const candidate = value as Record<string, unknown>
  return (
    typeof candidate.requestId === 'string' &&
    REQUEST_ID_PATTERN.test(candidate.requestId) &&
    typeof candidate.payload === 'string' &&
    candidate.payload.length <= 16 * 1024 * 1024
  )
}
