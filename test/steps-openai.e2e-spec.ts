import { describeStepEndpoints } from './support/step-endpoints.suite.js';

describeStepEndpoints('openai');
