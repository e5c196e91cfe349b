export {
  ModelCallError,
  type ChatModel,
  type JsonSchema,
  type ModelCallRecord,
  type ModelEngine,
  type ModelUsage,
  type StructuredRequest,
  type StructuredResult,
} from './chat-model.js';
export { CHAT_MODEL, chatModelProvider, chatModelSettings, createChatModel, type ChatModelSettings } from './model.factory.js';
export {
  ModelRateLimiter,
  type AcquireRequest,
  type ModelRateLease,
  type ModelRateLimiterOptions,
  type RedisKeyspace,
} from './model-rate-limiter.js';
export { OpenAIChatModel, type OpenAIChatModelOptions, type StructuredOutputMode } from './openai-chat.model.js';
