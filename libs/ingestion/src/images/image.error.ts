import { JobFailure } from '@app/shared';

export type ImageErrorCode = 'image_too_large' | 'image_corrupt' | 'image_unsupported';

/** An image the optimizer refuses; never worth a retry, the same bytes fail the same way. */
export class ImageError extends JobFailure {
  constructor(
    override readonly code: ImageErrorCode,
    message: string,
  ) {
    super(code, message, false);
    this.name = 'ImageError';
  }
}
