/**
 * A provider SDK loaded on first use, so that `import('routewise')` loads none of them and an app that only
 * builds `openai()` never loads `@anthropic-ai/sdk` or `@google/genai`.
 */
export interface LazySdk<T> {
  /** Starts loading (once) and resolves with the parts of the SDK the adapter uses. */
  load(): Promise<T>;
  /** Whether `load()` has resolved. */
  isLoaded(): boolean;
  /** The loaded parts, for code that runs inside a call (after `load()` resolved); throws before that. */
  get(): T;
}

/** A `LazySdk` over `load`, which runs at most once (a failed load is retried on the next call). */
export function lazySdk<T>(packageName: string, load: () => Promise<T>): LazySdk<T> {
  let loading: Promise<T> | undefined;
  let loaded: T | undefined;
  return {
    load() {
      loading ??= load().then(
        (parts) => {
          loaded = parts;
          return parts;
        },
        (error: unknown) => {
          loading = undefined;
          throw new Error(`routewise: could not load the "${packageName}" package (npm install ${packageName})`, {
            cause: error,
          });
        },
      );
      return loading;
    },
    isLoaded: () => loaded !== undefined,
    get() {
      if (loaded === undefined) throw new Error(`routewise: the "${packageName}" SDK was used before it was loaded`);
      return loaded;
    },
  };
}
