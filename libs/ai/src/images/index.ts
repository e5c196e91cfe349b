export { ChapterImageResolver, IMAGES_GENERATE_STEP, type ImageRequester } from './chapter-image.resolver.js';
export { type GeneratedImage, IMAGE_MODEL, ImageGenerationError, type ImageGenerationErrorCode, type ImageModel } from './image-model.js';
export { createImageModel, imageModelProvider } from './image-model.provider.js';
export { OpenAIImageModel, type OpenAIImageModelOptions } from './openai-image.model.js';
export { PICTURE_SIZES, pictureMarkup } from './picture-markup.js';
export { type ImageSource, type PostImage, type PostImageVariant, publishedImages, specOnly } from './post-image.js';
export { imageStepName, PostImagesRunner, type PostImagesSummary, summarizeImages } from './post-images.runner.js';
