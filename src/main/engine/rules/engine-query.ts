/** A query as an engine sees it: the data source has already been resolved to this engine. */
export type EngineQuery<Q> = Omit<Q, 'source'>
