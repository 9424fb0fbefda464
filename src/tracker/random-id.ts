const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/** 20 random characters (120 bits) from the URL-safe alphabet: event, session and visitor ids. */
export function randomId(): string {
  let id = ''
  for (const byte of crypto.getRandomValues(new Uint8Array(20))) id += ALPHABET[byte & 63] ?? ''
  return id
}
