import { buffer } from 'node:stream/consumers';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { DomainError, JOB_TYPES, JobHandler, type JobContext, type JobHandlerInstance, WebhookEventPublisher } from '@app/shared';
import { MediaService, MediaUrls } from '@app/ingestion';
import { PostsService, type PostView } from '@app/ai';
import type { BlogClient, BlogPostFields, PublishStatus, RemotePost, UploadedImage } from '../blogs/blog-client.js';
import { BlogClients } from '../blogs/blog-clients.js';
import { PostPublication, type RemoteImage } from '../publications/post-publication.entity.js';
import { PublishTargetsService } from '../targets/publish-targets.service.js';
import type { PublishTarget } from '../targets/publish-target.entity.js';
import { type ImageToUpload, imagesToUpload, rewriteForBlog } from './post-content.js';

/** The publish_post job's input (written by PublishLauncher). */
export interface PublishPostInput {
  post_id: string;
  target_id: string;
  status: PublishStatus;
  scheduled_at: string | null;
}

/** Tags a post sends at most. */
const MAX_TAGS = 20;

/**
 * Sends a post to a blog: each chapter image uploaded first (a checkpointed step each, and
 * remembered per target, so neither a retry nor a second publish uploads it again), the HTML
 * rewritten to the blog's image URLs, then the remote post created — or, when this post was
 * published to this target before, updated (never duplicated). The remote id, URL and status are
 * kept in post_publications; `post.published` goes to the user's webhooks.
 */
@Injectable()
@JobHandler(JOB_TYPES.PUBLISH_POST)
export class PublishPostHandler implements JobHandlerInstance {
  private readonly logger = new Logger(PublishPostHandler.name);

  constructor(
    private readonly em: EntityManager,
    private readonly posts: PostsService,
    private readonly targets: PublishTargetsService,
    private readonly blogs: BlogClients,
    private readonly media: MediaService,
    private readonly mediaUrls: MediaUrls,
    private readonly webhooks: WebhookEventPublisher,
  ) {}

  async handle(context: JobContext): Promise<Record<string, unknown>> {
    const { job, signal } = context;
    const input = job.input as unknown as PublishPostInput;
    const post = await this.posts.get(job.userId, input.post_id);
    const target = await this.targets.get(job.userId, input.target_id);
    const client = this.blogs.clientFor(target, this.targets.credentialsOf(target));
    const earlier = await this.em.fork().findOne(PostPublication, { postId: post.id, targetId: target.id });
    const remoteImages: Record<string, RemoteImage> = { ...earlier?.remoteImages };

    const prefix = (mediaId: string) => this.mediaUrls.url(mediaId, 'x').slice(0, -1);
    const uploaded = new Map<string, UploadedImage>();
    const images = imagesToUpload(post.images, prefix);
    for (const [index, image] of images.entries()) {
      const remote = remoteImages[image.key] ?? (await context.step(`image_${index + 1}`, () => this.upload(job.userId, image, client, signal)));
      if (!remote) continue;
      remoteImages[image.key] = remote;
      uploaded.set(image.mediaId, remote);
    }

    const fields: BlogPostFields = {
      title: post.title,
      slug: post.slug,
      html: rewriteForBlog(post.html, uploaded, prefix),
      excerpt: post.description,
      tags: post.keywords.slice(0, MAX_TAGS),
      featureImage: uploaded.values().next().value ?? null,
      status: input.status,
      scheduledAt: input.scheduled_at ? new Date(input.scheduled_at) : null,
    };
    const saved = await context.step('post', () =>
      this.em.fork().transactional(async (tx) => {
        // One publish of this post to this target at a time: a second one waits here, then finds the
        // first one's remote id and updates that post instead of creating another.
        await tx.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`publish:${post.id}:${target.id}`]);
        const current = await tx.findOne(PostPublication, { postId: post.id, targetId: target.id });
        const remote = current ? await updateOrRecreate(client, current.remoteId, fields, signal) : { ...(await client.createPost(fields, signal)), created: true };
        this.record(tx, current, job.id, post, target, remote, remoteImages);
        return remote;
      }),
    );
    this.logger.log({ msg: 'post published', job_id: job.id, post_id: post.id, target_id: target.id, kind: target.kind, created: saved.created, images: uploaded.size });
    await this.webhooks.publish({
      userId: job.userId,
      type: 'post.published',
      key: `post.published:${job.id}`,
      data: {
        post_id: post.id,
        job_id: job.id,
        document_id: post.documentId ?? null,
        title: post.title,
        slug: post.slug,
        version: post.version,
        href: `/api/v1/posts/${post.id}`,
        target_id: target.id,
        target_kind: target.kind,
        remote_id: saved.id,
        remote_url: saved.url,
        remote_status: saved.status,
      },
    });
    return {
      post_id: post.id,
      target_id: target.id,
      remote_id: saved.id,
      remote_url: saved.url,
      remote_status: saved.status,
      created: saved.created,
      images_uploaded: uploaded.size,
    };
  }

  /** Uploads one image file; null (and the post keeps our URL) when the media or its file is gone. */
  private async upload(userId: string, image: ImageToUpload, client: BlogClient, signal: AbortSignal): Promise<UploadedImage | null> {
    let bytes: Buffer;
    let mime: string;
    try {
      const media = await this.media.get(userId, image.mediaId);
      const file = this.media.resolve(media, image.variant);
      bytes = await buffer(await this.media.open(media, file));
      mime = file.mime;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'not_found') {
        this.logger.warn({ msg: 'post image not uploaded: no longer stored', media_id: image.mediaId, variant: image.variant });
        return null;
      }
      throw error;
    }
    const extension = mime.split('/')[1]?.replace(/[^a-z0-9]/g, '') || 'bin';
    return client.uploadImage({ filename: `${image.mediaId}.${extension}`, mime, bytes }, signal);
  }

  private record(
    em: EntityManager,
    current: PostPublication | null,
    jobId: string,
    post: PostView,
    target: PublishTarget,
    remote: RemotePost,
    remoteImages: Record<string, RemoteImage>,
  ): void {
    const fields = { remoteId: remote.id, remoteUrl: remote.url, remoteStatus: remote.status, postVersion: post.version, remoteImages, jobId, publishedAt: new Date() };
    if (current) Object.assign(current, fields);
    else em.create(PostPublication, { userId: post.userId, postId: post.id, targetId: target.id, ...fields });
  }
}

/**
 * Updates the remote post; when the blog says it is gone (deleted on the blog), writes it again as
 * a new one. A blog that is gone altogether refuses the new one too (`publish_target_gone`).
 */
async function updateOrRecreate(client: BlogClient, remoteId: string, fields: BlogPostFields, signal: AbortSignal): Promise<RemotePost & { created: boolean }> {
  try {
    return { ...(await client.updatePost(remoteId, fields, signal)), created: false };
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'publish_target_gone') throw error;
    return { ...(await client.createPost(fields, signal)), created: true };
  }
}
