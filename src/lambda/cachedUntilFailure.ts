/**
 * Memoises an async load for the life of a Lambda container: the first call starts it, every later
 * call shares its result; a failed load is forgotten, so the next invocation tries again (a
 * Secrets Manager hiccup does not poison the container).
 *
 * @param load - the load, e.g. reading secrets and parsing the settings that need them
 * @returns a function giving the cached (or a fresh) promise
 */
function cachedUntilFailure<T>(load: () => Promise<T>): () => Promise<T> {
  let cached: Promise<T> | undefined;
  return () =>
    (cached ??= load().catch((error: unknown) => {
      cached = undefined;
      throw error;
    }));
}

export { cachedUntilFailure };
