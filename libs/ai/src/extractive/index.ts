export { ExtractiveEngine, EXTRACTIVE_SCHEMA_NAMES, estimateTokens } from './extractive.engine.js';
export { extractKeyphrases, type Keyphrase, type KeyphraseOptions } from './keyphrase.extractor.js';
export { cleanSpokenSentence, splitParagraphs, splitSentences, splitSentencesByParagraph } from './sentence.splitter.js';
export { toHeading, toTitleCase } from './heading.formatter.js';
