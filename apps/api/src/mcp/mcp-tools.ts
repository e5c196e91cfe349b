import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { DomainError, FINISHED_JOB_STATUSES, type Job, JOB_TYPES, type JobEventData, JobsService, type Scope } from '@app/shared';
import { DocumentsService, MediaUrls } from '@app/ingestion';
import { DocumentPersister, JobLauncher, type LaunchCommand, PostsService } from '@app/ai';
import { UsageReportRepository } from '@app/billing';
import { PublishLauncher } from '@app/publishing';
import type { Principal } from '../auth/principal.js';
import { CreateDocumentDto, CreateYouTubeDocumentDto, DocumentSummaryDto } from '../documents/documents.dto.js';
import { youtubeVideoIdOf } from '../documents/youtube-video-id.js';
import { exactlyOne } from '../http/exactly-one.js';
import { JobFollower } from '../jobs/job-follower.js';
import { JobDetailDto } from '../jobs/jobs.dto.js';
import { signingTtl } from '../media/signing-ttl.js';
import { GenerateBlogCommands } from '../pipelines/generate-blog.command.js';
import { GenerateBlogDto } from '../pipelines/pipelines.dto.js';
import { exportPost } from '../posts/post-export.js';
import { PostDto } from '../posts/posts.dto.js';
import { ChaptersStepDto, ComposeStepDto, OutlineStepDto, PersistStepDto } from '../steps/steps.dto.js';
import { usagePeriod } from '../usage/usage-period.js';
import { UsageQueryDto } from '../usage/usage.dto.js';
import { mcpConfig } from './mcp.config.js';
import { JobRefDto, PostExportInputDto, PostGetInputDto, PostPublishInputDto } from './mcp-tools.dto.js';

/** What a tool gets besides its validated input. */
export interface ToolContext {
  principal: Principal;
  signal: AbortSignal;
  /** Reports progress to the client (when it asked for progress notifications). */
  progress(message: string): Promise<void>;
}

/** A tool's answer: JSON (also as structured content), a job that ended badly, or a file's text. */
export type ToolAnswer =
  | { kind: 'json'; value: Record<string, unknown> }
  | { kind: 'job_failed'; job: Job }
  | { kind: 'file'; text: string; mimeType: string; name: string };

type Dto = abstract new (...args: never[]) => object;

export interface ToolDefinition {
  name: string;
  title: string;
  description: string;
  /** The REST request DTO whose validation (and JSON Schema) the tool's input shares. */
  input: Dto;
  /** The API key scope the matching REST route requires. */
  scope: Scope;
  readOnly: boolean;
  run(context: ToolContext, input: never): Promise<ToolAnswer>;
}

const tool = <D extends object>(definition: Omit<ToolDefinition, 'run' | 'input'> & { input: new (...args: never[]) => D; run(context: ToolContext, input: D): Promise<ToolAnswer> }) =>
  definition as unknown as ToolDefinition;

/**
 * The MCP tools: each one the edge of a REST route, translating its validated input into the same
 * service call (JobLauncher.launch, DocumentPersister, DocumentsService.createFromText …) with the
 * same scope, so metering, spending checks and tenant scoping are the REST route's. Tools that start
 * a job wait for it (up to MCP_TOOL_WAIT_S), reporting its steps as progress, and answer its result.
 */
@Injectable()
export class McpTools {
  readonly all: readonly ToolDefinition[];

  constructor(
    private readonly launcher: JobLauncher,
    private readonly generateBlog: GenerateBlogCommands,
    private readonly follower: JobFollower,
    private readonly jobs: JobsService,
    private readonly documents: DocumentsService,
    private readonly persister: DocumentPersister,
    private readonly posts: PostsService,
    private readonly mediaUrls: MediaUrls,
    private readonly usage: UsageReportRepository,
    private readonly publisher: PublishLauncher,
    @Inject(mcpConfig.KEY) private readonly settings: ConfigType<typeof mcpConfig>,
  ) {
    this.all = [
      tool({
        name: 'transcript_fetch',
        title: 'Fetch a YouTube transcript',
        description:
          "A YouTube video's transcript from its captions (requested languages in order, a manual track before an automatic one): " +
          'text, lang, duration_s, source and timed segments. Give `url` or `video_id`.',
        input: CreateYouTubeDocumentDto,
        scope: 'jobs:write',
        readOnly: true,
        run: (context, body) => this.runJob(context, { type: JOB_TYPES.STEP_TRANSCRIPT_FETCH, input: { video_id: youtubeVideoIdOf(body), langs: body.langs ?? [] } }),
      }),
      tool({
        name: 'outline_generate',
        title: 'Generate an outline',
        description: 'An outline of a text or document: title and chapters with summaries and key points. Give `text` or `document_id`.',
        input: OutlineStepDto,
        scope: 'jobs:write',
        readOnly: true,
        run: (context, body) => this.runStep(context, JOB_TYPES.STEP_OUTLINE, body),
      }),
      tool({
        name: 'chapters_organize',
        title: 'Organize chapters',
        description: 'Chapters of a text or transcript (with start_s when the document has timestamps). Give `text` or `document_id`.',
        input: ChaptersStepDto,
        scope: 'jobs:write',
        readOnly: true,
        run: (context, body) => this.runStep(context, JOB_TYPES.STEP_CHAPTERS, body),
      }),
      tool({
        name: 'blog_compose',
        title: 'Compose a blog post',
        description: 'A finished post (Markdown and sanitized HTML) from an `outline` (outline_generate\'s result) or `chapters` (chapters_organize\'s).',
        input: ComposeStepDto,
        scope: 'jobs:write',
        readOnly: true,
        run: (context, body) => {
          if (!body.outline && !body.chapters) throw DomainError.badField('outline', 'outline or chapters is required');
          return this.runJob(context, { type: JOB_TYPES.STEP_COMPOSE, input: { ...body }, documentId: body.document_id ?? null, spends: { chat: true } });
        },
      }),
      tool({
        name: 'document_persist',
        title: 'Save a document',
        description: 'Writes title and/or text to one of your documents at a known `version` (a stale version is a 412 `version_mismatch`).',
        input: PersistStepDto,
        scope: 'documents:write',
        readOnly: false,
        run: async (context, body) => {
          if (body.fields.title === undefined && body.fields.text === undefined) throw DomainError.badField('fields', 'fields needs title and/or text');
          const document = await this.persister.persist(context.principal.user.id, body.document_id, body.fields, body.version);
          return json({ document_id: document.id, version: document.version });
        },
      }),
      tool({
        name: 'document_create_from_text',
        title: 'Create a document from text',
        description: 'A document from pasted text (plain or Markdown); the title comes from the first line when absent.',
        input: CreateDocumentDto,
        scope: 'documents:write',
        readOnly: false,
        run: async (context, body) => json({ ...DocumentSummaryDto.from(await this.documents.createFromText(context.principal.user.id, body)) }),
      }),
      tool({
        name: 'document_import_youtube',
        title: 'Import a YouTube video as a document',
        description:
          "Imports a video's captions (or its transcribed audio) as a document with timestamps; answers the import job and, once done, its document_id. Give `url` or `video_id`.",
        input: CreateYouTubeDocumentDto,
        scope: 'documents:write',
        readOnly: false,
        run: (context, body) => this.runJob(context, { type: JOB_TYPES.INGEST_YOUTUBE, input: { video_id: youtubeVideoIdOf(body), langs: body.langs ?? [] } }),
      }),
      tool({
        name: 'generate_blog',
        title: 'Generate a blog post',
        description:
          'Writes a blog post from one of `document_id`, pasted `text` or a `youtube_url`: outline → SEO, chapters (and images) → compose → a post. ' +
          'Starts the job and reports each step as progress; answers job_id, status, post_id (read it with post_get or post_export). ' +
          'A run longer than the wait answers status running: follow it with job_get. With dry_run: true it answers the price quote instead (nothing is started).',
        input: GenerateBlogDto,
        scope: 'jobs:write',
        readOnly: false,
        run: async (context, body) => {
          const command = await this.generateBlog.build(context.principal.user.id, body);
          if (body.dry_run === true) return json({ ...(await this.launcher.quote(command)) });
          return this.follow(context, await this.launcher.launch(command));
        },
      }),
      tool({
        name: 'job_get',
        title: 'Read a job',
        description: 'A job of yours: status, steps with timings, output, error.',
        input: JobRefDto,
        scope: 'jobs:read',
        readOnly: true,
        run: async (context, body) => {
          const { job, steps } = await this.jobs.get(context.principal.user.id, body.job_id);
          return json({ ...JobDetailDto.fromWithSteps(job, steps) });
        },
      }),
      tool({
        name: 'post_get',
        title: 'Read a post',
        description: 'A post of yours with its Markdown, HTML, chapters and SEO fields, at its current version or at `version`.',
        input: PostGetInputDto,
        scope: 'posts:read',
        readOnly: true,
        run: async (context, body) => json({ ...PostDto.fromView(await this.posts.get(context.principal.user.id, body.post_id, body.version)) }),
      }),
      tool({
        name: 'post_export',
        title: 'Export a post',
        description:
          'A post as a file: `md` (Markdown with YAML front matter, the default), `html` (a standalone sanitized page) or `json`; ' +
          '`image_urls: "signed"` signs its image URLs for `ttl_s` seconds so the file can be published elsewhere.',
        input: PostExportInputDto,
        scope: 'posts:read',
        readOnly: true,
        run: async (context, body) => {
          const ttl = signingTtl(this.mediaUrls.maxTtlSeconds, body.image_urls === 'signed', body.ttl_s, 'image_urls: "signed"');
          const post = await this.posts.get(context.principal.user.id, body.post_id, body.version);
          const file = exportPost(post, body.format ?? 'md', (text) => (ttl === undefined ? text : this.mediaUrls.signUrlsIn(text, ttl)));
          return { kind: 'file', text: file.body, mimeType: file.contentType.split(';')[0]!, name: file.name };
        },
      }),
      tool({
        name: 'post_publish',
        title: 'Publish a post to a blog',
        description:
          'Sends a post of yours to one of your publishing targets (a WordPress or Ghost site, added with POST /api/v1/publish-targets): ' +
          'images first, then the post created, or updated when it was published there before. `status`: draft, publish or future (with `scheduled_at`). ' +
          'Answers the publish_post job; its result has remote_id, remote_url and remote_status.',
        input: PostPublishInputDto,
        scope: 'posts:write',
        readOnly: false,
        run: async (context, body) =>
          this.follow(
            context,
            await this.publisher.launch({
              userId: context.principal.user.id,
              postId: body.post_id,
              targetId: body.target_id,
              status: body.status,
              scheduledAt: body.scheduled_at ? new Date(body.scheduled_at) : null,
            }),
          ),
      }),
      tool({
        name: 'usage_get',
        title: 'Read usage',
        description: 'Your tokens, cost (micro-USD) and calls between two UTC days (default: the current month), grouped by day, model or step.',
        input: UsageQueryDto,
        scope: 'usage:read',
        readOnly: true,
        run: async (context, query) => {
          const { from, to } = usagePeriod(query);
          const { totals, groups } = await this.usage.summary(context.principal.user.id, { from, to }, query.group_by);
          return json({ from, to, group_by: query.group_by, totals, groups });
        },
      }),
    ];
  }

  find(name: string): ToolDefinition | undefined {
    return this.all.find((definition) => definition.name === name);
  }

  /** A step on `text` or `document_id` (exactly one), as the REST step route launches it. */
  private runStep(context: ToolContext, type: (typeof JOB_TYPES)[keyof typeof JOB_TYPES], body: { text?: string; document_id?: string }) {
    exactlyOne(body, 'text', 'document_id');
    return this.runJob(context, { type, input: { ...body }, documentId: body.document_id ?? null, spends: { chat: true } });
  }

  private async runJob(context: ToolContext, command: Omit<LaunchCommand, 'userId'>): Promise<ToolAnswer> {
    return this.follow(context, await this.launcher.launch({ ...command, userId: context.principal.user.id }));
  }

  /** Waits for the launched job (progress on each step) and answers its result, or that it still runs. */
  private async follow(context: ToolContext, launched: { job: Job }): Promise<ToolAnswer> {
    const userId = context.principal.user.id;
    const job = await this.follower.follow(userId, launched.job.id, {
      deadline: Date.now() + this.settings.toolWaitS * 1000,
      signal: context.signal,
      onEvent: (event) => context.progress(progressMessage(event)),
    });
    if (job.status === 'failed' || job.status === 'canceled') return { kind: 'job_failed', job };
    const finished = FINISHED_JOB_STATUSES.includes(job.status);
    const output = job.output ?? null;
    return json({
      job_id: job.id,
      type: job.type,
      status: job.status,
      document_id: job.documentId ?? null,
      ...(typeof output?.post_id === 'string' ? { post_id: output.post_id } : {}),
      ...(finished ? { result: output } : { message: 'still running: call job_get with this job_id' }),
    });
  }
}

function json(value: Record<string, unknown>): ToolAnswer {
  return { kind: 'json', value };
}

function progressMessage(event: JobEventData): string {
  if (event.type === 'job.started') return 'job started';
  if (event.type === 'job.finished') return `job ${event.status ?? 'finished'}`;
  const verb = event.type === 'step.started' ? 'started' : event.type === 'step.finished' ? 'finished' : 'failed';
  return `step ${event.step ?? '?'} ${verb}${event.duration_ms !== undefined ? ` (${event.duration_ms} ms)` : ''}`;
}
