import type { z } from 'zod'

/** Progress of a long call, reported by a service and shown by the renderer or the CLI. */
export interface Progress {
  phase: string
  done: number
  total?: number
  message?: string
}

/** One method of a service: its input schema, its result type (phantom) and what it does. */
export interface MethodContract<I extends z.ZodType = z.ZodType, O = unknown> {
  readonly input: I
  readonly summary: string
  /** Type-level only: the result type. Never set at run time. */
  readonly __result?: O
}

export interface ServiceContract<
  N extends string = string,
  M extends Record<string, MethodContract> = Record<string, MethodContract>
> {
  readonly name: N
  readonly methods: M
}

/** `method<Result>()(inputSchema, 'what it does')` */
export function method<O>() {
  return <I extends z.ZodType>(input: I, summary: string): MethodContract<I, O> => ({
    input,
    summary
  })
}

export function defineService<const N extends string, M extends Record<string, MethodContract>>(
  name: N,
  methods: M
): ServiceContract<N, M> {
  return { name, methods }
}

export type InputOf<M> = M extends MethodContract<infer I> ? z.input<I> : never
export type ParsedInputOf<M> = M extends MethodContract<infer I> ? z.output<I> : never
export type ResultOf<M> = M extends MethodContract<z.ZodType, infer O> ? O : never

export interface CallOptions {
  signal?: AbortSignal
  onProgress?: (progress: Progress) => void
}

/** What the renderer (or any client) sees of a service. */
export type ServiceClient<C extends ServiceContract> = {
  [K in keyof C['methods']]: (
    input: InputOf<C['methods'][K]>,
    options?: CallOptions
  ) => Promise<ResultOf<C['methods'][K]>>
}

/** What a service receives with every call besides its validated input. */
export interface CallContext {
  signal: AbortSignal
  reportProgress: (progress: Progress) => void
}

/** What the main process implements for a service. */
export type ServiceImplementation<C extends ServiceContract> = {
  [K in keyof C['methods']]: (
    input: ParsedInputOf<C['methods'][K]>,
    context: CallContext
  ) => Promise<ResultOf<C['methods'][K]>>
}
