// @scriptorium/sdk: the generated operations and types, and the hand-written layer over them.
export { Scriptorium, type GenerateBlogOptions, type ScriptoriumOptions } from './scriptorium.js';
export { JobFailedError, ScriptoriumError } from './errors.js';
export { followJobEvents, type FollowOptions, type JobEvent } from './job-events.js';
export { newIdempotencyKey } from './retrying-fetch.js';
export { ScriptoriumApi } from './generated/sdk.gen.js';
export { createClient, createConfig, type Client, type Config } from './generated/client/index.js';
export type * from './generated/types.gen.js';
