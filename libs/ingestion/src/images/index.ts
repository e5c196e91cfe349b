export { ImageError, type ImageErrorCode } from './image.error.js';
export {
  DEFAULT_LIMIT_INPUT_PIXELS,
  DEFAULT_VARIANT_WIDTHS,
  IMAGE_OPTIMIZER_OPTIONS,
  ImageOptimizer,
  variantWidths,
  type ImageOptimizerOptions,
  type ImageVariant,
  type ImageVariantFormat,
  type OptimizedImage,
} from './image.optimizer.js';
