import { Transform } from 'class-transformer';
import { IsBoolean, IsObject, IsOptional, IsString, IsUrl } from 'class-validator';
import { defineConfig } from './config-slice.js';
import { emptyToUndefined, LOCAL_URL, parseJsonObject } from './env-transforms.js';

/** The work a route is chosen for: the chat steps, transcription and image generation. */
export const ROUTE_STEPS = ['outline', 'chapters', 'seo', 'images_plan', 'compose', 'transcription', 'images'] as const;
export type RouteStep = (typeof ROUTE_STEPS)[number];
/** Steps a chat model serves: a `default` route applies to these. */
export const CHAT_ROUTE_STEPS = ['outline', 'chapters', 'seo', 'images_plan', 'compose'] as const satisfies readonly RouteStep[];

/** A provider preset that needs no base URL: its own variables make it. */
export const PRESET_PROVIDERS = ['openai', 'workers-ai', 'ollama'] as const;

/** USD per million tokens (per transcribed minute, per image), as MODEL_PRICES takes it. */
export interface ProviderModelPrice {
  input_per_1m?: number;
  output_per_1m?: number;
  per_minute?: number;
  per_image?: number | Record<string, number>;
}

/** One named OpenAI-compatible endpoint: where it is, its key, its limits and its prices. */
export interface ModelProviderSettings {
  name: string;
  baseUrl: string;
  apiKey: string;
  /** Per HTTP attempt; LLM_TIMEOUT_MS when absent. */
  timeoutMs?: number;
  /** SDK retries; LLM_MAX_RETRIES when absent. */
  maxRetries?: number;
  structuredOutput?: 'json_schema' | 'json_object';
  /** This provider's prices by model, over MODEL_PRICES. */
  prices: Record<string, ProviderModelPrice>;
}

/** One entry of a routing list: `provider:model`. */
export interface ModelRoute {
  provider: string;
  model: string;
}

export type RouteTable = Partial<Record<RouteStep, ModelRoute[]>>;

export interface ModelRouting {
  providers: Record<string, ModelProviderSettings>;
  /** MODEL_ROUTES, with `default` spread over the chat steps it did not name. */
  routes: RouteTable;
  /** `provider:model` or `provider:*` entries a request or an account may choose; null: the configured routes'. */
  allowList: string[] | null;
  /** Whether a step falls back to its next route when one fails for good with a retryable error. */
  fallback: boolean;
}

const PROVIDER_NAME = /^[a-z0-9][a-z0-9_-]{0,39}$/;
const MAX_ROUTES_PER_STEP = 5;
/** The openai SDK refuses an empty key; servers without keys take any value. */
const NO_KEY = 'none';

class ModelRoutingVariables {
  /**
   * Named OpenAI-compatible providers as JSON: {"name": {"base_url", "api_key", "timeout_ms",
   * "max_retries", "structured_output", "prices": {"model": {"input_per_1m", "output_per_1m"}}}}.
   * `openai`, `workers-ai` and `ollama` may leave out what their own variables give.
   */
  @Transform(parseJsonObject)
  @IsObject({ message: 'MODEL_PROVIDERS must be a JSON object of {"provider": {"base_url": "…", "api_key": "…"}}' })
  MODEL_PROVIDERS: Record<string, unknown> = {};

  /** Models per step, in order of preference: JSON {"outline": ["openai:gpt-4o"]} or `outline=openai:gpt-4o|ollama:llama3.1,seo=…`. */
  @IsString()
  MODEL_ROUTES = '';

  /** `provider:model` (or `provider:*`) entries a request's options.models or an account may name; empty: the configured routes. */
  @IsString()
  MODEL_ALLOW_LIST = '';

  /** Fall back to a step's next route when a provider fails past its retries (5xx, timeout, 429, unreachable). */
  @Transform(({ value }: { value: unknown }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value))
  @IsBoolean({ message: 'MODEL_FALLBACK must be true or false' })
  MODEL_FALLBACK = true;

  /** Workers AI preset: the Cloudflare account whose models are used (with CLOUDFLARE_API_TOKEN). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  CLOUDFLARE_ACCOUNT_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  CLOUDFLARE_API_TOKEN?: string;

  /** Cloudflare's API root; the Workers AI base URL is {this}/accounts/{id}/ai/v1. */
  @IsUrl(LOCAL_URL)
  CLOUDFLARE_API_BASE_URL = 'https://api.cloudflare.com/client/v4';

  /** Ollama preset: its OpenAI-compatible base URL, e.g. http://127.0.0.1:11434/v1 (no key). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(LOCAL_URL)
  OLLAMA_BASE_URL?: string;

  // Read here, validated by the models slice: the `openai` provider is OPENAI_BASE_URL with OPENAI_API_KEY.
  @Transform(emptyToUndefined)
  OPENAI_API_KEY?: string;

  OPENAI_BASE_URL = 'https://api.openai.com/v1';
}

type Parsed = { routing: ModelRouting; problems: string[] };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** `provider:model` (the model may hold colons, e.g. llama3.1:8b). */
export function parseRoute(text: string): ModelRoute | null {
  const at = text.indexOf(':');
  if (at <= 0 || at === text.length - 1) return null;
  const provider = text.slice(0, at).trim();
  const model = text.slice(at + 1).trim();
  return PROVIDER_NAME.test(provider) && model.length > 0 && model.length <= 200 ? { provider, model } : null;
}

export function routeName(route: ModelRoute): string {
  return `${route.provider}:${route.model}`;
}

function priceProblems(where: string, prices: unknown): string[] {
  if (prices === undefined) return [];
  if (!isObject(prices)) return [`${where}.prices must be an object of {"model": {"input_per_1m": n, "output_per_1m": n}}`];
  const problems: string[] = [];
  for (const [model, price] of Object.entries(prices)) {
    if (!isObject(price)) {
      problems.push(`${where}.prices.${model} must be an object`);
      continue;
    }
    for (const [field, value] of Object.entries(price)) {
      const numbers = field === 'per_image' && isObject(value) ? Object.values(value) : [value];
      if (!['input_per_1m', 'output_per_1m', 'per_minute', 'per_image'].includes(field)) problems.push(`${where}.prices.${model}.${field} is not a price field`);
      else if (!numbers.every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0)) problems.push(`${where}.prices.${model}.${field} must be a number >= 0`);
    }
  }
  return problems;
}

function providersOf(env: ModelRoutingVariables, problems: string[]): Record<string, ModelProviderSettings> {
  const given = isObject(env.MODEL_PROVIDERS) ? env.MODEL_PROVIDERS : {};
  const presets: Record<string, { baseUrl?: string; apiKey?: string }> = {};
  if (env.OPENAI_API_KEY) presets.openai = { baseUrl: env.OPENAI_BASE_URL, apiKey: env.OPENAI_API_KEY };
  if (env.CLOUDFLARE_ACCOUNT_ID && !env.CLOUDFLARE_API_TOKEN) problems.push('CLOUDFLARE_API_TOKEN: must be set when CLOUDFLARE_ACCOUNT_ID is (Workers AI)');
  if (env.CLOUDFLARE_API_TOKEN && !env.CLOUDFLARE_ACCOUNT_ID) problems.push('CLOUDFLARE_ACCOUNT_ID: must be set when CLOUDFLARE_API_TOKEN is (Workers AI)');
  if (env.CLOUDFLARE_ACCOUNT_ID && env.CLOUDFLARE_API_TOKEN) {
    presets['workers-ai'] = { baseUrl: workersAiBaseUrl(env.CLOUDFLARE_API_BASE_URL, env.CLOUDFLARE_ACCOUNT_ID), apiKey: env.CLOUDFLARE_API_TOKEN };
  }
  if (env.OLLAMA_BASE_URL) presets.ollama = { baseUrl: env.OLLAMA_BASE_URL, apiKey: NO_KEY };

  const providers: Record<string, ModelProviderSettings> = {};
  for (const name of new Set([...Object.keys(presets), ...Object.keys(given)])) {
    const where = `MODEL_PROVIDERS.${name}`;
    if (!PROVIDER_NAME.test(name)) {
      problems.push(`MODEL_PROVIDERS: provider name '${name.slice(0, 40)}' must be lowercase letters, digits, - and _`);
      continue;
    }
    const spec = given[name] ?? {};
    if (!isObject(spec)) {
      problems.push(`${where} must be an object`);
      continue;
    }
    const known = ['base_url', 'api_key', 'timeout_ms', 'max_retries', 'structured_output', 'prices'];
    for (const field of Object.keys(spec)) if (!known.includes(field)) problems.push(`${where}.${field} is not a provider setting (${known.join(', ')})`);
    const preset = presets[name] ?? {};
    const baseUrl = spec.base_url ?? preset.baseUrl;
    if (!isHttpUrl(baseUrl)) {
      const hint =
        name === 'workers-ai' ? ' (or set CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN)' : name === 'ollama' ? ' (or set OLLAMA_BASE_URL)' : name === 'openai' ? ' (or set OPENAI_API_KEY)' : '';
      problems.push(`${where}.base_url must be an http(s) URL${hint}`);
      continue;
    }
    const apiKey = spec.api_key ?? preset.apiKey ?? NO_KEY;
    if (typeof apiKey !== 'string' || apiKey.length === 0) problems.push(`${where}.api_key must be a non-empty string`);
    const int = (field: string, min: number, max: number): number | undefined => {
      const value = spec[field];
      if (value === undefined) return undefined;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) problems.push(`${where}.${field} must be an integer from ${min} to ${max}`);
      return value as number;
    };
    const timeoutMs = int('timeout_ms', 1000, 600_000);
    const maxRetries = int('max_retries', 0, 10);
    const structuredOutput = spec.structured_output;
    if (structuredOutput !== undefined && structuredOutput !== 'json_schema' && structuredOutput !== 'json_object') {
      problems.push(`${where}.structured_output must be json_schema or json_object`);
    }
    problems.push(...priceProblems(where, spec.prices));
    providers[name] = {
      name,
      baseUrl: String(baseUrl).replace(/\/+$/, ''),
      apiKey: String(apiKey),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      ...(maxRetries === undefined ? {} : { maxRetries }),
      ...(structuredOutput === undefined ? {} : { structuredOutput: structuredOutput as ModelProviderSettings['structuredOutput'] }),
      prices: (isObject(spec.prices) ? spec.prices : {}) as Record<string, ProviderModelPrice>,
    };
  }
  return providers;
}

/** Workers AI's OpenAI-compatible endpoint for an account. */
export function workersAiBaseUrl(apiBaseUrl: string, accountId: string): string {
  return `${apiBaseUrl.replace(/\/+$/, '')}/accounts/${encodeURIComponent(accountId)}/ai/v1`;
}

/** MODEL_ROUTES as JSON or as `step=p:m|p:m,step=…`, into step → entries. */
function routeEntriesOf(text: string, problems: string[]): Record<string, string[]> {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      problems.push('MODEL_ROUTES is not valid JSON (or use step=provider:model|provider:model,step=…)');
      return {};
    }
    const entries: Record<string, string[]> = {};
    for (const [step, value] of Object.entries(parsed as Record<string, unknown>)) {
      const list = typeof value === 'string' ? [value] : value;
      if (!Array.isArray(list) || !list.every((entry) => typeof entry === 'string')) {
        problems.push(`MODEL_ROUTES.${step} must be a "provider:model" string or a list of them`);
        continue;
      }
      entries[step] = list;
    }
    return entries;
  }
  const entries: Record<string, string[]> = {};
  for (const part of trimmed.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) {
      problems.push(`MODEL_ROUTES: '${part.trim().slice(0, 60)}' must look like step=provider:model`);
      continue;
    }
    entries[part.slice(0, eq).trim()] = part
      .slice(eq + 1)
      .split('|')
      .map((entry) => entry.trim());
  }
  return entries;
}

/** Checks a step's route names against the providers; problems name `where`. */
export function routesOf(where: string, entries: readonly string[], providers: Record<string, unknown>, problems: string[]): ModelRoute[] {
  if (entries.length === 0 || entries.length > MAX_ROUTES_PER_STEP) {
    problems.push(`${where} must list 1 to ${MAX_ROUTES_PER_STEP} provider:model entries`);
    return [];
  }
  const routes: ModelRoute[] = [];
  for (const entry of entries) {
    const route = parseRoute(entry);
    if (!route) problems.push(`${where}: '${entry.slice(0, 80)}' must look like provider:model`);
    else if (!(route.provider in providers)) {
      problems.push(`${where}: provider '${route.provider}' is not configured (configured: ${Object.keys(providers).join(', ') || 'none'})`);
    } else routes.push(route);
  }
  return routes;
}

function parse(env: ModelRoutingVariables): Parsed {
  const problems: string[] = [];
  const providers = providersOf(env, problems);
  const routes: RouteTable = {};
  const entries = routeEntriesOf(env.MODEL_ROUTES, problems);
  for (const [step, list] of Object.entries(entries)) {
    if (step !== 'default' && !(ROUTE_STEPS as readonly string[]).includes(step)) {
      problems.push(`MODEL_ROUTES: '${step.slice(0, 40)}' is not a step (${['default', ...ROUTE_STEPS].join(', ')})`);
      continue;
    }
    const checked = routesOf(`MODEL_ROUTES.${step}`, list, providers, problems);
    if (step !== 'default') routes[step as RouteStep] = checked;
  }
  if (entries.default) {
    const fallback = routesOf('MODEL_ROUTES.default', entries.default, providers, []);
    for (const step of CHAT_ROUTE_STEPS) routes[step] ??= fallback;
  }
  let allowList: string[] | null = null;
  if (env.MODEL_ALLOW_LIST.trim() !== '') {
    allowList = [];
    for (const entry of env.MODEL_ALLOW_LIST.split(',').map((item) => item.trim()).filter(Boolean)) {
      const route = parseRoute(entry);
      if (!route) problems.push(`MODEL_ALLOW_LIST: '${entry.slice(0, 80)}' must look like provider:model or provider:*`);
      else if (!(route.provider in providers)) problems.push(`MODEL_ALLOW_LIST: provider '${route.provider}' is not configured`);
      else allowList.push(routeName(route));
    }
  }
  return { routing: { providers, routes, allowList, fallback: env.MODEL_FALLBACK }, problems };
}

/**
 * Which OpenAI-compatible providers exist (`openai` from OPENAI_*, `workers-ai` from CLOUDFLARE_*,
 * `ollama` from OLLAMA_BASE_URL, any other from MODEL_PROVIDERS), which of them serve each step
 * (MODEL_ROUTES), what a request or an account may choose (MODEL_ALLOW_LIST) and whether a failed
 * provider falls back to the next (MODEL_FALLBACK). Shared: ai routes with it, billing prices with it.
 */
export const modelRoutingConfig = defineConfig('modelRouting', {
  variables: ModelRoutingVariables,
  rules: (env) => parse(env).problems,
  map: (env) => parse(env).routing,
});
