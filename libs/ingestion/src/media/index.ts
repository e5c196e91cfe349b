export { MediaUrls, ORIGINAL_VARIANT, variantName, type SignatureCheck, type SignedMediaUrl } from './media-urls.js';
export { MediaService, type MediaFile } from './media.service.js';
