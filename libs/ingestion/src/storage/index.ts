export { STORAGE, localPathOf, type FileInput, type FileStorage, type PutOptions, type StoredFile } from './file-storage.js';
export { LocalFileStorage } from './local-file.storage.js';
export { MEDIA_URL_TTL_MAX_S, MEDIA_URL_TTL_MIN_S, storageConfig } from './storage.config.js';
export { isStorageKey } from './storage-key.format.js';
export { StorageKeyError, StorageLimitError } from './storage.error.js';
