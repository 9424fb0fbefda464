/**
 * Web mode hands its token in the URL fragment (`#token=…`, alone or among route parameters). Returns
 * the token and the fragment without it, so the route survives and the token leaves the address bar.
 */
export function takeTokenFromHash(hash: string): { token: string | null; hash: string } {
  const body = hash.replace(/^#/, '')
  const queryAt = body.indexOf('?')
  // `#token=…` (the printed address) or `#/screen?…&token=…` (a route that carries it).
  const path = queryAt >= 0 ? body.slice(0, queryAt) : body.startsWith('token=') ? '' : body
  const query = queryAt >= 0 ? body.slice(queryAt + 1) : body.startsWith('token=') ? body : ''
  const params = new URLSearchParams(query)
  const token = params.get('token')
  if (token === null) return { token: null, hash }
  params.delete('token')
  const rest = params.toString()
  const kept = `${path}${rest ? `?${rest}` : ''}`
  return { token, hash: kept ? `#${kept}` : '' }
}
