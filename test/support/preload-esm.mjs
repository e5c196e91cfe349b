// CommonJS packages that require() ESM-only Nest packages (e.g. @nestjs/throttler requiring
// @nestjs/common) run while jest links the test's ESM graph, before those ESM packages have been
// evaluated; jest then reports a require(esm) cycle. Loading the ESM packages first avoids it.
await import('@nestjs/common');
await import('@nestjs/core');
