/** localStorage or sessionStorage, or memory where the browser refuses them (private modes, policies). */
export interface KeyValueStore {
  get(key: string): string | null
  set(key: string, value: string): void
  remove(key: string): void
}

export function webStorage(storage: () => Storage): KeyValueStore {
  const memory = new Map<string, string>()
  const usable = (): Storage | null => {
    try {
      return storage()
    } catch {
      return null
    }
  }
  return {
    get(key) {
      try {
        return usable()?.getItem(key) ?? memory.get(key) ?? null
      } catch {
        return memory.get(key) ?? null
      }
    },
    set(key, value) {
      try {
        const store = usable()
        if (store) {
          store.setItem(key, value)
          return
        }
      } catch {
        // full or refused: keep it for this page at least
      }
      memory.set(key, value)
    },
    remove(key) {
      memory.delete(key)
      try {
        usable()?.removeItem(key)
      } catch {
        // refused: nothing stored there
      }
    }
  }
}
