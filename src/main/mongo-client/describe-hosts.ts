/** `host1:27017,host2:27017` from a connection string, for messages; never the credentials. */
export function describeHosts(uri: string): string {
  const match = /^mongodb(?:\+srv)?:\/\/(?:[^@/]*@)?([^/?]+)/.exec(uri)
  return match?.[1] ?? 'the server'
}
