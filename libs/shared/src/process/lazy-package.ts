import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A CommonJS package loaded (with require, synchronously) the first time it is used rather than
 * when the importing module loads: for heavy packages that only the worker or rare requests need,
 * so the API process does not carry them (see `npm run bench -- api`, P8).
 */
export function lazyPackage<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(name) as T);
}
