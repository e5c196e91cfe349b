import { mediaSuite } from './support/media.suite.js';

describe('media on local storage: listing, description, files served to the owner and to signed URLs', () => {
  mediaSuite('local');
});
