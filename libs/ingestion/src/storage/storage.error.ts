import { DomainError } from '@app/shared';

/** The stream was larger than `maxBytes`; the partial file was removed. */
export class StorageLimitError extends DomainError {
  constructor(readonly limitBytes: number) {
    super('file_too_large', `The file is larger than the limit of ${limitBytes} bytes.`);
    this.name = 'StorageLimitError';
  }
}

/** A key that storage did not generate (malformed, absolute, or trying to leave the storage directory). */
export class StorageKeyError extends Error {
  readonly code = 'invalid_storage_key';

  constructor() {
    super('invalid storage key');
    this.name = 'StorageKeyError';
  }
}

/** The storage has no file under this key (removed, or lost). */
export class StorageMissingError extends Error {
  readonly code = 'storage_missing';

  constructor(readonly key: string) {
    super('no file is stored under this key');
    this.name = 'StorageMissingError';
  }
}
