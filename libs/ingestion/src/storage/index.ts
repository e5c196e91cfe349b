export { STORAGE, localPathOf, type FileInput, type FileStorage, type PutOptions, type StoredFile } from './file-storage.js';
export { LocalFileStorage } from './local-file.storage.js';
export { isStorageKey } from './storage-key.format.js';
export { StorageKeyError, StorageLimitError } from './storage.error.js';
