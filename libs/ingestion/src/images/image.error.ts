import { DomainError } from '@app/shared';

export type ImageErrorCode = 'image_too_large' | 'image_corrupt' | 'image_unsupported';

/** An image the optimizer refuses; never worth a retry, the same bytes fail the same way. */
export class ImageError extends DomainError {
  declare readonly code: ImageErrorCode;

  constructor(code: ImageErrorCode, message: string) {
    super(code, message);
    this.name = 'ImageError';
  }
}
