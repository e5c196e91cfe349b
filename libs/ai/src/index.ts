// What apps and tests use of libs/ai; everything else stays inside the lib.
export { AiModule } from './ai.module.js';
export { aiConfig } from './ai.config.js';
export { JobLauncher, type LaunchCommand, type Launched } from './launch/job-launcher.service.js';
export { type JobQuote, type StepEstimate } from './quote/job-quoter.service.js';
export { DocumentPersister } from './step-jobs/document-persister.service.js';
export { Post, PostVersion } from './posts/post.entity.js';
export { PostsService, type PostView } from './posts/posts.service.js';
export { MediaRemover } from './posts/media-remover.service.js';
export { renderPostHtml, sanitizePostHtml } from './steps/post-html.renderer.js';
export { BrandVoice } from './brand-voices/brand-voice.entity.js';
export { BrandVoicesService, type BrandVoiceEdit, type BrandVoiceFields } from './brand-voices/brand-voices.service.js';
export { WritingSourceCheck } from './writing/writing-source.check.js';
export { ModelRouter, routeStepOf, type JobModelRoutes } from './routing/model-router.service.js';
export { withCitationMarkers } from './posts/citation-markers.js';
export type { PostCitations, ParagraphCitation, CitedSpan } from './writing/post-citations.js';
