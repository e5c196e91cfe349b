import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import {
  CHAT_ROUTE_STEPS,
  DomainError,
  type ModelRoute,
  modelRoutingConfig,
  parseRoute,
  RedisService,
  ROUTE_STEPS,
  routeName,
  type RouteStep,
  User,
} from '@app/shared';
import { aiConfig } from '../ai.config.js';
import { IMAGE_MODEL, type ImageModel } from '../images/image-model.js';
import { OpenAIImageModel } from '../images/openai-image.model.js';
import type { ChatModel } from '../models/chat-model.js';
import { CHAT_MODEL, createChatModel } from '../models/model.factory.js';
import { RoutedChatModel } from './routed-chat.model.js';

/** An image model of a job's routes, and the provider it is. */
export interface RoutedImageModel {
  model: ImageModel;
  provider: string;
}

/** A job's routing table as stored on its input (`model_routes`): step → `provider:model` entries in order. */
export type JobModelRoutes = Partial<Record<RouteStep, string[]>>;

const IMAGE_MAX_RETRIES = 2;

/** The route step a job step's name belongs to (chapter_3_rewrite → chapters), or null for steps without a model. */
export function routeStepOf(stepName: string): RouteStep | null {
  if (stepName === 'outline' || stepName === 'outline.generate') return 'outline';
  if (stepName === 'seo' || stepName === 'seo.generate') return 'seo';
  if (/^chapter_\d+(_rewrite)?$/.test(stepName) || stepName === 'intro_conclusion' || stepName === 'chapters.organize') return 'chapters';
  if (stepName === 'images_plan' || stepName === 'images.plan') return 'images_plan';
  // generate_blog's `compose` only assembles (no model); blog.compose may draft the post.
  if (stepName === 'blog.compose') return 'compose';
  if (/^image_\d+$/.test(stepName) || stepName === 'images.generate') return 'images';
  if (stepName === 'transcribe' || stepName === 'transcription') return 'transcription';
  return null;
}

/**
 * Which provider and model serve each step of a job: MODEL_ROUTES, over it the account's own
 * routes, over those the request's `options.models` (held to the allow-list); what a launch stores
 * on the job, what its steps then run on (with fallback to the next route), and what the quote
 * prices. A step with no route runs on the process's default chat model (LLM_PROVIDER / LLM_MODEL),
 * as before routing existed.
 */
@Injectable()
export class ModelRouter {
  private readonly chatModels = new Map<string, ChatModel>();
  private readonly imageModels = new Map<string, ImageModel>();

  constructor(
    @Inject(modelRoutingConfig.KEY) private readonly routing: ConfigType<typeof modelRoutingConfig>,
    @Inject(aiConfig.KEY) private readonly ai: ConfigType<typeof aiConfig>,
    @Inject(CHAT_MODEL) private readonly defaultModel: ChatModel,
    @Inject(IMAGE_MODEL) private readonly defaultImageModel: ImageModel | null,
    private readonly redis: RedisService,
    private readonly em: EntityManager,
  ) {}

  /** The default chat model's route: what a step without routes runs on. */
  get defaultChatRoute(): ModelRoute {
    return { provider: this.defaultModel.engine === 'extractive' ? 'extractive' : 'openai', model: this.defaultModel.model };
  }

  /** MODEL_FALLBACK. */
  get fallback(): boolean {
    return this.routing.fallback;
  }

  /** Whether a job's routing table sends any chat step, or image generation, to a provider (both cost money). */
  routedIn(jobInput: Record<string, unknown>): { routedChat: boolean; routedImages: boolean } {
    const table = (jobInput.model_routes ?? {}) as JobModelRoutes;
    return { routedChat: CHAT_ROUTE_STEPS.some((step) => (table[step]?.length ?? 0) > 0), routedImages: (table.images?.length ?? 0) > 0 };
  }

  /** What a request or an account may choose: MODEL_ALLOW_LIST, or every configured route and the default model. */
  allowed(): string[] {
    if (this.routing.allowList) return [...this.routing.allowList];
    const names = new Set<string>();
    if (this.defaultModel.engine !== 'extractive') names.add(routeName(this.defaultChatRoute));
    for (const routes of Object.values(this.routing.routes)) for (const route of routes ?? []) names.add(routeName(route));
    return [...names];
  }

  isAllowed(route: ModelRoute): boolean {
    if (!(route.provider in this.routing.providers)) return false;
    const allowed = this.allowed();
    return allowed.includes(routeName(route)) || allowed.includes(`${route.provider}:*`);
  }

  /** Checks `provider:model` entries chosen by a caller, naming `field` (e.g. options.models.outline) when one is not allowed. */
  checked(field: string, entries: readonly string[]): ModelRoute[] {
    return entries.map((entry) => {
      const route = parseRoute(entry);
      if (!route || !this.isAllowed(route)) {
        throw new DomainError('model_not_allowed', `${field}: '${entry.slice(0, 120)}' is not an allowed provider:model (allowed: ${this.allowed().join(', ') || 'none'})`, {
          details: { field, allowed: this.allowed() },
          errors: [{ field, message: `'${entry.slice(0, 120)}' is not an allowed provider:model` }],
        });
      }
      return route;
    });
  }

  /** The account's own routes (as stored), or {} when it has none. */
  async accountRoutes(userId: string): Promise<JobModelRoutes> {
    const user = await this.em.fork().findOne(User, { id: userId }, { fields: ['modelRoutes'] });
    return (user?.modelRoutes ?? {}) as JobModelRoutes;
  }

  /** Replaces the account's routes (each entry held to the allow-list: 422 naming `routes.<step>`); {} removes them. */
  async setAccountRoutes(userId: string, routes: JobModelRoutes): Promise<JobModelRoutes> {
    for (const [step, entries] of Object.entries(routes)) this.checked(`routes.${step}`, entries ?? []);
    const cleaned = Object.fromEntries(Object.entries(routes).filter(([, entries]) => (entries?.length ?? 0) > 0)) as JobModelRoutes;
    await this.em.fork().nativeUpdate(User, { id: userId }, { modelRoutes: Object.keys(cleaned).length > 0 ? cleaned : null });
    return cleaned;
  }

  /** Every step's routes for an account: MODEL_ROUTES with the account's over them; a step without any runs on the default model. */
  async tableFor(userId: string): Promise<JobModelRoutes> {
    return this.merge(await this.accountRoutes(userId), {});
  }

  /**
   * A launch's input with its routing settled: `options.models` (checked against the allow-list,
   * 422 `model_not_allowed` naming the field) taken out of the options, and the job's routing table
   * (`model_routes`) put in its place, so the job runs on what was decided at launch.
   */
  async forLaunch(userId: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
    const options = input.options as Record<string, unknown> | undefined;
    const requested = (options?.models ?? {}) as Record<string, string>;
    const chosen: JobModelRoutes = {};
    for (const [step, entry] of Object.entries(requested)) {
      // A DTO instance carries its unset fields as undefined.
      if (entry === undefined) continue;
      if (!(ROUTE_STEPS as readonly string[]).includes(step)) throw DomainError.badField(`options.models.${step}`, `is not a step (${ROUTE_STEPS.join(', ')})`);
      chosen[step as RouteStep] = this.checked(`options.models.${step}`, [entry]).map(routeName);
    }
    const next: Record<string, unknown> = { ...input };
    if (options && 'models' in options) {
      const { models: _models, ...rest } = options;
      if (Object.keys(rest).length > 0) next.options = rest;
      else delete next.options;
    }
    const table = this.merge(await this.accountRoutes(userId), chosen);
    if (Object.keys(table).length > 0) next.model_routes = table;
    return next;
  }

  /** The request's choice first, then the account's routes, else MODEL_ROUTES, per step. */
  private merge(account: JobModelRoutes, requested: JobModelRoutes): JobModelRoutes {
    const table: JobModelRoutes = {};
    for (const step of ROUTE_STEPS) {
      const base = account[step]?.length ? account[step]! : (this.routing.routes[step] ?? []).map(routeName);
      const first = requested[step] ?? [];
      const routes = [...first, ...base.filter((entry) => !first.includes(entry))];
      if (routes.length > 0) table[step] = routes;
    }
    return table;
  }

  /** The routes a job step runs on: the job's table, else MODEL_ROUTES; empty: the default model. */
  routesFor(stepName: string, jobInput?: Record<string, unknown>): ModelRoute[] {
    const step = routeStepOf(stepName);
    if (!step) return [];
    const stored = (jobInput?.model_routes as JobModelRoutes | undefined)?.[step];
    const routes = stored ? stored.map((entry) => parseRoute(entry)).filter((route): route is ModelRoute => route !== null) : (this.routing.routes[step] ?? []);
    // A provider removed from the configuration since the launch is skipped.
    return routes.filter((route) => route.provider in this.routing.providers);
  }

  /** The chat model a job step runs on: its routes with fallback, or the default model. */
  chatModelFor(stepName: string, jobInput?: Record<string, unknown>): ChatModel {
    const routes = this.routesFor(stepName, jobInput);
    if (routes.length === 0) return this.defaultModel;
    return new RoutedChatModel(
      routes.map((route) => ({ route, model: this.chatModel(route) })),
      this.routing.fallback,
    );
  }

  /** The model and provider a step would be served by first (what a quote prices). */
  firstRoute(stepName: string, jobInput?: Record<string, unknown>): ModelRoute {
    return this.routesFor(stepName, jobInput)[0] ?? this.defaultChatRoute;
  }

  /** The image model of a job's image steps: its first `images` route, else IMAGE_MODEL (null: no generation). */
  imageModelFor(jobInput?: Record<string, unknown>): RoutedImageModel | null {
    return this.imageModelsFor(jobInput)[0] ?? null;
  }

  /** Every image model of a job's `images` routes in order, else IMAGE_MODEL alone; empty: no generation. */
  imageModelsFor(jobInput?: Record<string, unknown>): RoutedImageModel[] {
    const routes = this.routesFor('images.generate', jobInput);
    if (routes.length === 0) return this.defaultImageModel ? [{ model: this.defaultImageModel, provider: 'openai' }] : [];
    return routes.map((route) => ({ model: this.imageModel(route), provider: route.provider }));
  }

  private imageModel(route: ModelRoute): ImageModel {
    const key = routeName(route);
    let model = this.imageModels.get(key);
    if (!model) {
      const provider = this.routing.providers[route.provider]!;
      model = new OpenAIImageModel({
        baseURL: provider.baseUrl,
        apiKey: provider.apiKey,
        model: route.model,
        size: this.ai.images.size,
        timeoutMs: provider.timeoutMs ?? this.ai.images.timeoutMs,
        maxRetries: provider.maxRetries ?? IMAGE_MAX_RETRIES,
        maxBytes: this.ai.images.maxBytes,
      });
      this.imageModels.set(key, model);
    }
    return model;
  }

  private chatModel(route: ModelRoute): ChatModel {
    const key = routeName(route);
    let model = this.chatModels.get(key);
    if (!model) {
      const provider = this.routing.providers[route.provider]!;
      model = createChatModel(
        {
          ...this.ai.chat,
          engine: 'openai',
          provider: provider.name,
          openaiApiKey: provider.apiKey,
          openaiBaseUrl: provider.baseUrl,
          model: route.model,
          ...(provider.timeoutMs === undefined ? {} : { timeoutMs: provider.timeoutMs }),
          ...(provider.maxRetries === undefined ? {} : { maxRetries: provider.maxRetries }),
          ...(provider.structuredOutput === undefined ? {} : { structuredOutput: provider.structuredOutput }),
        },
        this.redis,
      );
      this.chatModels.set(key, model);
    }
    return model;
  }
}
