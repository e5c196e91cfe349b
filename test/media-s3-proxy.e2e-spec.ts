import { mediaSuite } from './support/media.suite.js';

describe('media on S3 (s3rver) with S3_PROXY=true: the same suite, files streamed through the API', () => {
  mediaSuite('s3-proxy');
});
