// class-transformer keeps its `@Type()` metadata in this module (the one its CommonJS entry uses);
// the package ships the types apart from the code.
declare module 'class-transformer/cjs/storage.js' {
  import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
  export const defaultMetadataStorage: MetadataStorage;
}
