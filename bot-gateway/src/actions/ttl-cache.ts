/** A small in-process cache of promises by key; a rejected promise is dropped at once. */
export function createTtlCache<T>(ttlMs: number, maxEntries = 1_000) {
  const entries = new Map<string, { value: Promise<T>; at: number }>();
  return (key: string, load: () => Promise<T>): Promise<T> => {
    const now = Date.now();
    const hit = entries.get(key);
    if (hit && now - hit.at < ttlMs) return hit.value;
    const value = load();
    value.catch(() => entries.delete(key));
    if (entries.size >= maxEntries) entries.clear();
    entries.set(key, { value, at: now });
    return value;
  };
}
