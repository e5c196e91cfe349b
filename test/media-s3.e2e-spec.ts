import { mediaSuite } from './support/media.suite.js';

describe('media on S3 (s3rver): the same suite, files served by redirects to presigned bucket URLs', () => {
  mediaSuite('s3');
});
